import { TenantRepository } from '@civicgrid/db';
import { isWithin, NotFoundError, pathFromTenantId, type TenantPath } from '@civicgrid/domain';
import type { Context } from 'hono';
import type { AppDeps } from '../deps';
import { type AppEnv, claimsOf } from './context';

/**
 * The tenant a request acts on. Always the caller's own tenant unless a `tenantId` names a tenant strictly below
 * it that is approved (active) — a district reading a street. Anything else (a sibling, an ancestor, a pending
 * or suspended child, garbage) is a 404: the same answer as for a tenant that does not exist.
 */
export async function scopedTenantPath(
  c: Context<AppEnv>,
  deps: AppDeps,
  requestedTenantId?: string,
): Promise<TenantPath> {
  const own = claimsOf(c).tenantPath;
  if (!requestedTenantId || requestedTenantId === claimsOf(c).tenantId) return own;
  const path = pathFromTenantId(requestedTenantId);
  if (!path || !isWithin(path, own) || path === own) throw new NotFoundError('Tenant');
  await requireVisibleBelow(deps, path, own);
  return path;
}

/** A path below the caller's tenant is visible only when it and every tenant between are active. */
export async function requireVisibleBelow(deps: AppDeps, path: TenantPath, own: TenantPath): Promise<void> {
  const tenants = new TenantRepository(deps.store);
  let cursor: TenantPath = path;
  while (cursor !== own) {
    const tenant = await tenants.get(cursor);
    if (tenant?.status !== 'active' || !tenant.parentPath) throw new NotFoundError('Tenant');
    cursor = tenant.parentPath;
  }
}

/** The owning tenant of an object id that embeds its tenant id (`<tenantId>-<random>`), checked like above. */
export async function scopedOwnerOf(
  c: Context<AppEnv>,
  deps: AppDeps,
  objectId: string,
  what: string,
): Promise<TenantPath> {
  const own = claimsOf(c).tenantPath;
  const dash = objectId.lastIndexOf('-');
  const path = dash > 0 ? pathFromTenantId(objectId.slice(0, dash)) : undefined;
  if (!path || !isWithin(path, own)) throw new NotFoundError(what);
  if (path !== own) {
    try {
      await requireVisibleBelow(deps, path, own);
    } catch {
      throw new NotFoundError(what);
    }
  }
  return path;
}
