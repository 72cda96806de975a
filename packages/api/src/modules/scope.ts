import { isWithin, NotFoundError, pathFromTenantId, type TenantPath } from '@civicgrid/domain';
import type { Context } from 'hono';
import type { AppDeps } from '../deps';
import { type AppEnv, claimsOf } from '../http/context';
import { requireVisibleBelow } from '../http/scope';

/**
 * The owner of a module record from its id (`<tenantId>-<random>`): the caller's tenant, or — for reads only —
 * an approved tenant below it (a district reads its streets' records). Anything else is a 404 of `label`.
 */
export async function recordOwner(
  c: Context<AppEnv>,
  deps: AppDeps,
  id: string,
  label: string,
  access: 'read' | 'write',
): Promise<TenantPath> {
  const own = claimsOf(c).tenantPath;
  const dash = id.lastIndexOf('-');
  const path = dash > 0 ? pathFromTenantId(id.slice(0, dash)) : undefined;
  if (!path || !isWithin(path, own)) throw new NotFoundError(label);
  if (path === own) return path;
  if (access === 'write') throw new NotFoundError(label);
  await requireVisibleBelow(deps, path, own).catch(() => Promise.reject(new NotFoundError(label)));
  return path;
}
