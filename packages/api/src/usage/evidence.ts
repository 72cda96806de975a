import type { UsageGroup } from '@civicgrid/db';
import { shanghaiDate, type TenantPath } from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { quotaGuardOf } from './quota';

/**
 * Presign an evidence upload within the plan's storage quota and count its bytes. Counted at presign because the
 * signed URL admits exactly `bytes` (the content length is signed); an upload that is never made is still counted
 * (documented in docs/usage.md) — cheaper than a HEAD per object, and it errs against the tenant only by what it
 * asked to store.
 */
export async function presignWithinQuota<T>(
  deps: AppDeps,
  path: TenantPath,
  bytes: number,
  presign: () => Promise<T>,
  group: UsageGroup = 'api',
): Promise<T> {
  await quotaGuardOf(deps).checkStorage(path, bytes);
  const upload = await presign();
  deps.meter?.record({ path }, shanghaiDate(deps.clock()), group, { storageBytes: bytes });
  return upload;
}
