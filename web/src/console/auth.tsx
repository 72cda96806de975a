import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type MapSource, setDefaultMapSource } from '../shared/map/source';
import { get, getToken, setToken, UNAUTHORIZED_EVENT } from './api';
import { client, ok } from './client';
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

const SessionContext = createContext<Session | null>(null);

/** Holds the logged-in user; the token lives in sessionStorage so it dies with the tab. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User>();
  const [tenant, setTenant] = useState<Tenant>();
  const [loading, setLoading] = useState(!!getToken());

  const refresh = useCallback(async () => {
    if (!getToken()) return setLoading(false);
    try {
      const me = await ok(client.GET('/api/me'));
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
      const res = await ok(client.POST('/api/auth/login', { body: { email, password } }));
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
