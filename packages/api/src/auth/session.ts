import { type Store, TenantRepository, UserRepository } from '@civicgrid/db';
import { AppError, type TenantPath, UnauthorizedError } from '@civicgrid/domain';
import { type Claims, PLATFORM_PATH } from './tokens';

const TTL_MS = 10_000;

/**
 * Checks that a verified token still belongs to an active user of a non-suspended tenant. Tokens live for hours;
 * suspension and deactivation must bite sooner, so the two items are read and cached for a few seconds.
 */
export class SessionGuard {
  private readonly cache = new Map<string, { at: number; verdict: 'ok' | 'suspended' | 'inactive' }>();
  private readonly tenants: TenantRepository;
  private readonly users: UserRepository;

  constructor(
    store: Store,
    private readonly now: () => number = Date.now,
  ) {
    this.tenants = new TenantRepository(store);
    this.users = new UserRepository(store);
  }

  /** Throw when the caller's account or tenant no longer allows access. */
  async check(claims: Claims): Promise<void> {
    const key = `${claims.tenantPath}|${claims.userId}`;
    const cached = this.cache.get(key);
    const fresh = cached && this.now() - cached.at < TTL_MS ? cached : undefined;
    const verdict = fresh ? fresh.verdict : await this.evaluate(claims);
    // a re-evaluated verdict restarts the window even when unchanged (else every request after the first
    // TTL_MS would read the user and the tenant again)
    if (!fresh) this.cache.set(key, { at: this.now(), verdict });
    if (verdict === 'suspended') throw new AppError(403, 'tenant_suspended', 'This tenant is suspended');
    if (verdict === 'inactive') throw new UnauthorizedError('This account is deactivated', 'account_inactive');
  }

  /** Forget cached verdicts (after a suspension, deactivation, etc. in this process). */
  invalidate(): void {
    this.cache.clear();
  }

  private async evaluate(claims: Claims): Promise<'ok' | 'suspended' | 'inactive'> {
    const [user, tenant] = await Promise.all([
      this.users.get(claims.tenantPath, claims.userId),
      claims.tenantPath === PLATFORM_PATH ? undefined : this.tenants.get(claims.tenantPath as TenantPath),
    ]);
    if (user?.status !== 'active') return 'inactive';
    if (claims.tenantPath !== PLATFORM_PATH && (!tenant || tenant.status === 'suspended')) return 'suspended';
    return 'ok';
  }
}
