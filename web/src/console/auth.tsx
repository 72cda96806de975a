import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type MapSource, setDefaultMapSource } from '../shared/map/source';
import { get, getToken, post, setToken, UNAUTHORIZED_EVENT } from './api';
import type { Role, Tenant, User } from './types';

interface Session {
  user?: User;
  tenant?: Tenant;
  /** True until the stored token has been checked with `GET /api/me`. */
  loading: boolean;
  roles: Role[];
  login(email: string, password: string): Promise<void>;
  logout(): void;
  refresh(): Promise<void>;
}

interface LoginResponse {
  token: string;
  user: User;
  tenant?: Tenant;
}

const SessionContext = createContext<Session | null>(null);

/** `GET /api/me` is "the user and tenant": accept `{ user, tenant }` and a bare user alike. */
function readMe(body: unknown): { user: User; tenant?: Tenant } {
  const b = body as { user?: User; tenant?: Tenant } & User;
  return b.user ? { user: b.user, tenant: b.tenant } : { user: b, tenant: b.tenant };
}

/** Holds the logged-in user; the token lives in sessionStorage so it dies with the tab. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User>();
  const [tenant, setTenant] = useState<Tenant>();
  const [loading, setLoading] = useState(!!getToken());

  const refresh = useCallback(async () => {
    if (!getToken()) return setLoading(false);
    try {
      const me = readMe(await get('/api/me'));
      setUser(me.user);
      setTenant(me.tenant);
      // the tenant's base map for every console map (the platform admin has no tenant and no map)
      if (me.user.roles.some((r) => r !== 'platform_admin')) {
        get<{ source: MapSource }>('/api/settings/map')
          .then((m) => setDefaultMapSource(m.source))
          .catch(() => setDefaultMapSource(undefined));
      }
    } catch {
      setToken(null);
      setUser(undefined);
    } finally {
      setLoading(false);
    }
  }, []);

  const logout = useCallback(() => {
    setToken(null);
    setUser(undefined);
    setTenant(undefined);
    setDefaultMapSource(undefined);
  }, []);

  const login = useCallback(
    async (email: string, password: string) => {
      const res = await post<LoginResponse>('/api/auth/login', { email, password });
      setToken(res.token);
      setUser(res.user);
      setTenant(res.tenant);
      // /api/me carries the richer user (name, department, grids) and tenant (name, level, status).
      await refresh();
    },
    [refresh],
  );

  useEffect(() => {
    void refresh();
    window.addEventListener(UNAUTHORIZED_EVENT, logout);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, logout);
  }, [refresh, logout]);

  const value = useMemo<Session>(
    () => ({ user, tenant, loading, roles: user?.roles ?? [], login, logout, refresh }),
    [user, tenant, loading, login, logout, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
