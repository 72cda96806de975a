import { readCounters, TenantRepository, UsageRepository, UserRepository } from '@civicgrid/db';
import {
  assertWithinPlan,
  limitsOf,
  type PlanLimits,
  type PlanName,
  planOf,
  shanghaiMonth,
  shanghaiMonthDays,
  type TenantPath,
} from '@civicgrid/domain';
import type { AppDeps } from '../deps';

interface Cached<T> {
  value: T;
  expires: number;
}

/**
 * Plan limits enforced at the three places usage grows: a report (case created), an evidence upload, a new user.
 * Reads are cheap and cached per tenant for `config.quotaCacheSeconds` (default 5): the month's report count comes
 * from the KPI `reported` counters (written in the same transaction as each case), bumped locally after each
 * accepted report. Other processes' reports within the cache window can overshoot the limit a little — documented
 * in docs/usage.md; a quota is a billing line, not a security wall.
 */
export class QuotaGuard {
  private readonly tenants: TenantRepository;
  private readonly usage: UsageRepository;
  private readonly users: UserRepository;
  private readonly plans = new Map<string, Cached<{ plan: PlanName; limits: PlanLimits } | undefined>>();
  private readonly reports = new Map<string, Cached<{ month: string; used: number }>>();

  constructor(private readonly deps: AppDeps) {
    this.tenants = new TenantRepository(deps.store);
    this.usage = new UsageRepository(deps.store);
    this.users = new UserRepository(deps.store);
  }

  /** The tenant's plan and its limits (undefined for a path that is no tenant, e.g. the platform operator). */
  async planOf(path: TenantPath): Promise<{ plan: PlanName; limits: PlanLimits } | undefined> {
    const hit = this.fresh(this.plans.get(path));
    if (hit) return hit.value;
    const tenant = await this.tenants.get(path);
    const value = tenant
      ? { plan: planOf(tenant.plan), limits: limitsOf(planOf(tenant.plan), this.deps.config.planLimits) }
      : undefined;
    this.plans.set(path, { value, expires: this.expiry() });
    return value;
  }

  /** 429 `quota_exceeded` when the tenant has used its monthly reports. */
  async checkReport(path: TenantPath): Promise<void> {
    const plan = await this.planOf(path);
    if (!plan) return;
    const now = this.deps.clock();
    const month = shanghaiMonth(now);
    let hit = this.fresh(this.reports.get(path));
    if (!hit || hit.value.month !== month) {
      hit = { value: { month, used: await this.reportsThisMonth(path) }, expires: this.expiry() };
      this.reports.set(path, hit);
    }
    assertWithinPlan({ ...plan, limit: 'reportsPerMonth', used: hit.value.used, now });
  }

  /** Count an accepted report against the cached figure, so this process never overshoots on its own. */
  noteReport(path: TenantPath): void {
    const hit = this.reports.get(path);
    if (hit && hit.value.month === shanghaiMonth(this.deps.clock())) hit.value.used++;
  }

  /** 403 `quota_exceeded` when `bytes` more evidence would pass the storage limit. */
  async checkStorage(path: TenantPath, bytes: number): Promise<void> {
    const plan = await this.planOf(path);
    if (!plan) return;
    const used = await this.storedBytes(path);
    assertWithinPlan({ ...plan, limit: 'storageBytes', used, adding: bytes, now: this.deps.clock() });
  }

  /** 403 `quota_exceeded` when the tenant already has as many active users as its plan allows. */
  async checkUsers(path: TenantPath): Promise<void> {
    const plan = await this.planOf(path);
    if (!plan) return;
    assertWithinPlan({ ...plan, limit: 'users', used: await this.activeUsers(path), now: this.deps.clock() });
  }

  /** Cases reported this +08:00 month (KPI `reported` at the tenant dimension), read fresh. */
  async reportsThisMonth(path: TenantPath): Promise<number> {
    const { from, to } = shanghaiMonthDays(this.deps.clock());
    const rows = await readCounters(this.deps.store, path, 'tenant', from, to);
    return rows.reduce((sum, row) => sum + (row.counters.reported ?? 0), 0);
  }

  /** Evidence bytes stored: the flushed total plus what this process has counted but not flushed yet. */
  async storedBytes(path: TenantPath): Promise<number> {
    return (await this.usage.storedBytes(path)) + (this.deps.meter?.unflushed(path, 'storageBytes') ?? 0);
  }

  /** Active staff accounts of a tenant. */
  async activeUsers(path: TenantPath): Promise<number> {
    return (await this.users.list(path)).filter((u) => u.status === 'active').length;
  }

  /** Drop cached figures of a tenant (after a plan change). */
  forget(path: TenantPath): void {
    this.plans.delete(path);
    this.reports.delete(path);
  }

  private fresh<T>(entry: Cached<T> | undefined): Cached<T> | undefined {
    return entry && entry.expires > Date.now() ? entry : undefined;
  }

  private expiry(): number {
    return Date.now() + (this.deps.config.quotaCacheSeconds ?? 5) * 1000;
  }
}

const guards = new WeakMap<AppDeps, QuotaGuard>();

/** The one guard of an app (its caches are per process). */
export function quotaGuardOf(deps: AppDeps): QuotaGuard {
  let guard = guards.get(deps);
  if (!guard) {
    guard = new QuotaGuard(deps);
    guards.set(deps, guard);
  }
  return guard;
}
