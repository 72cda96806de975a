import { lineageStatus, type Store, TenantRepository, UserRepository } from '@civicgrid/db';
import { AppError, isRole, type Role, type TenantPath, UnauthorizedError } from '@civicgrid/domain';
import { type Claims, PLATFORM_PATH } from './tokens';

/** How long a session verdict read from the table may be reused: the longest a change made elsewhere takes. */
export const SESSION_TTL_MS = 10_000;

type Verdict =
  | { kind: 'ok'; roles: Role[]; sessionsValidAfter?: number }
  | { kind: 'inactive' }
  | { kind: 'suspended' };

interface Entry {
  at: number;
  verdict: Verdict;
}

/**
 * Verdicts per store (so per table and per process), shared by every guard on it: a role, status or password
 * change made in this process forgets them at once (`forgetSessions`), one made elsewhere is seen within the TTL.
 */
const caches = new WeakMap<Store, { entries: Map<string, Entry>; generation: number }>();
const CACHE_MAX = 10_000;

function cacheOf(store: Store) {
  let cache = caches.get(store);
  if (!cache) {
    cache = { entries: new Map(), generation: 0 };
    caches.set(store, cache);
  }
  return cache;
}

/** Forget every cached session verdict of this store (after a change to a user or a tenant's status). */
export function forgetSessions(store: Store): void {
  const cache = cacheOf(store);
  cache.generation++;
  cache.entries.clear();
}

/**
 * Authorization from current state. A token proves who the caller is and in which tenant; what the caller may do
 * comes from the stored account, read (and cached a few seconds) on every request:
 * - the roles are the stored user's, so a demotion bites without waiting for the token to expire;
 * - a deactivated account, or a token issued before the account's `sessionsValidAfter` (a password change),
 *   is refused with 401;
 * - a suspension of the tenant or of any tenant above it is refused with 403.
 */
export class SessionGuard {
  private readonly tenants: TenantRepository;
  private readonly users: UserRepository;

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {
    this.tenants = new TenantRepository(store, now);
    this.users = new UserRepository(store);
  }

  /** The claims with the caller's current roles; throws when the account or its tenant no longer allows access. */
  async resolve(claims: Claims): Promise<Claims> {
    const cache = cacheOf(this.store);
    const key = `${claims.tenantPath}|${claims.userId}`;
    const cached = cache.entries.get(key);
    let verdict: Verdict;
    if (cached && this.now() - cached.at < SESSION_TTL_MS) {
      verdict = cached.verdict;
    } else {
      const generation = cache.generation;
      const at = this.now();
      verdict = await this.evaluate(claims);
      cache.entries.delete(key);
      if (cache.generation === generation) {
        if (cache.entries.size >= CACHE_MAX) cache.entries.delete(cache.entries.keys().next().value as string);
        cache.entries.set(key, { at, verdict });
      }
    }
    if (verdict.kind === 'suspended') throw new AppError(403, 'tenant_suspended', 'This tenant is suspended');
    if (verdict.kind === 'inactive') throw new UnauthorizedError('This account is deactivated', 'account_inactive');
    if (verdict.sessionsValidAfter !== undefined && (claims.issuedAtMs ?? 0) < verdict.sessionsValidAfter) {
      throw new UnauthorizedError('This session has ended; log in again', 'session_revoked');
    }
    return { ...claims, roles: verdict.roles };
  }

  private async evaluate(claims: Claims): Promise<Verdict> {
    const platform = claims.tenantPath === PLATFORM_PATH;
    const [user, lineage] = await Promise.all([
      this.users.get(claims.tenantPath, claims.userId),
      platform ? [] : this.tenants.lineage(claims.tenantPath as TenantPath),
    ]);
    if (user?.status !== 'active') return { kind: 'inactive' };
    if (!platform) {
      const status = lineageStatus(claims.tenantPath, lineage);
      if (status === 'suspended' || status === 'missing') return { kind: 'suspended' };
    }
    return {
      kind: 'ok',
      roles: user.roles.filter(isRole),
      sessionsValidAfter: user.sessionsValidAfter ? Date.parse(user.sessionsValidAfter) : undefined,
    };
  }
}
