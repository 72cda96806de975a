import { type AssumeTenantRole, currentTenantPath, TenantCredentialCache } from '@civicgrid/db';
import { createEvidenceStore, type EvidenceStore } from '@civicgrid/files';
import type { EvidencePort } from '../deps';

export interface TenantScopedEvidenceOptions {
  bucket: string;
  region?: string;
  /** assumes the tenant role for one hour (role chaining's maximum) — see below */
  assumeRole: AssumeTenantRole;
}

/**
 * A presigned URL stops working when the session that signed it expires, so a session is replaced once less than
 * the longest URL lifetime (15-minute uploads) plus a minute is left: every URL lives its full TTL.
 */
const REFRESH_BEFORE_MS = 16 * 60_000;

/**
 * The evidence store with tenant-scoped credentials: every presign, HEAD and ping is signed by a session of the
 * tenant role tagged with a tenant path, so a URL can only touch `<bucket>/<tenantPath>*`. The path is the
 * request's tenant context (staff) or, outside one, the tenant the route resolved (a citizen report's tenant):
 * the function role itself has no object access at all.
 */
export function createTenantScopedEvidenceStore(options: TenantScopedEvidenceOptions): EvidencePort {
  const stores = new TenantCredentialCache<EvidenceStore>({
    assumeRole: options.assumeRole,
    create: (credentials) => createEvidenceStore({ bucket: options.bucket, region: options.region, credentials }),
    refreshBeforeMs: REFRESH_BEFORE_MS,
  });
  const storeFor = (fallbackPath: string | undefined) => {
    const path = currentTenantPath() ?? fallbackPath;
    if (!path) throw new Error('No tenant to sign an evidence request for');
    return stores.get(path);
  };
  return {
    presignUpload: async (req) => (await storeFor(req.tenantPath)).presignUpload(req),
    presignDownload: async (tenantPath, key) => (await storeFor(tenantPath)).presignDownload(tenantPath, key),
    objectSize: async (key) => (await storeFor(tenantPathOfKey(key))).objectSize(key),
    readObject: async (key) => (await storeFor(tenantPathOfKey(key))).readObject(key),
    writeObject: async (key, bytes, contentType) =>
      (await storeFor(tenantPathOfKey(key))).writeObject(key, bytes, contentType),
  };
}

const PATH_PREFIX = /^(?:[dsc][0-9]{3,6}\/)+/;

/** The tenant-path prefix of an evidence key (`d0101/s003/cases/…` → `d0101/s003/`). */
export function tenantPathOfKey(key: string): string | undefined {
  return PATH_PREFIX.exec(key)?.[0];
}
