import type { UsageGroup } from '@civicgrid/db';
import { shanghaiDate, type TenantPath } from '@civicgrid/domain';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../http/context';
import type { TenantRef } from './meter';

const attributed = new WeakMap<Request, TenantPath>();

/**
 * Count the current request for `path` — for public routes that learn their tenant from a body (an Open311 POST's
 * `jurisdiction_id`) or another lookup, where neither a token nor the URL names it.
 */
export function attributeRequest(c: Context, path: TenantPath): void {
  attributed.set(c.req.raw, path);
}

/** The route group of a path; undefined for what is not metered (health, OpenAPI, the web app's files). */
export function usageGroupOf(path: string): UsageGroup | undefined {
  if (path.startsWith('/api/admin/')) return 'admin';
  if (path.startsWith('/api/')) return 'api';
  if (path.startsWith('/public/')) return 'public';
  if (path.startsWith('/open311/')) return 'open311';
  return undefined;
}

/**
 * Meter every request after it is answered: one in-memory hit on (tenant, +08:00 day, group), plus the acting user
 * for the day's active users. No I/O here, except on runtimes without a background timer (a frozen Lambda), where
 * the first request after the flush interval writes the aggregates before it returns (`flushIfDue`).
 */
export function meterRequests(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const meter = deps.meter;
    const group = meter && usageGroupOf(c.req.path);
    if (!meter || !group) return;
    const ref = tenantOf(c, group);
    if (!ref) return;
    meter.record(ref, shanghaiDate(deps.clock()), group, { requests: 1 }, c.get('claims')?.userId);
    await meter.flushIfDue();
  };
}

/** Who is billed: an explicit attribution, else the verified token's tenant, else the slug the URL names. */
function tenantOf(c: Context<AppEnv>, group: UsageGroup): TenantRef | undefined {
  const explicit = attributed.get(c.req.raw);
  if (explicit) return { path: explicit };
  const claims = c.get('claims');
  if (claims) return { path: claims.tenantPath };
  const slug =
    group === 'public' ? c.req.path.split('/')[2] : group === 'open311' ? c.req.query('jurisdiction_id') : undefined;
  return slug && /^[a-z0-9-]{3,40}$/.test(slug) ? { slug } : undefined;
}
