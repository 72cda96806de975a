import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { ValidationError } from '@civicgrid/domain';

/** Evidence may be photos or PDF documents only, at most 10 MiB: the signature binds type and length. */
export const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
const UPLOAD_TTL_SECONDS = 15 * 60;
const DOWNLOAD_TTL_SECONDS = 5 * 60;

export interface EvidenceStoreOptions {
  bucket: string;
  region?: string;
  /** S3-compatible endpoint (s3rver locally); omitted in AWS */
  endpoint?: string;
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface UploadRequest {
  tenantPath: string;
  caseId: string;
  fileName: string;
  contentType: string;
  size: number;
  /** key folder below the tenant prefix: `cases/<id>` for staff evidence, `reports/<id>` for citizen photos */
  folder?: string;
  /** other upload rules than evidence's (spreadsheets for imports) */
  rules?: UploadRules;
}

/** Which content types and sizes an upload may have. */
export interface UploadRules {
  types: readonly string[];
  maxBytes: number;
}

/** The S3 client and presigner, loaded on first use (`import()`): most API requests never touch evidence. */
const loadS3 = () => Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')]);

/**
 * Evidence files in S3 under the tenant's prefix (`<tenantPath>cases/<caseId>/…`), reached by presigned URLs.
 * Creating a store costs nothing: `@aws-sdk/client-s3` is imported and the client built by the first call.
 */
export function createEvidenceStore(options: EvidenceStoreOptions) {
  let client: Promise<S3Client> | undefined;
  const s3 = () => {
    client ??= loadS3().then(
      ([{ S3Client }]) =>
        new S3Client({
          region: options.region ?? process.env.AWS_REGION ?? 'cn-north-1',
          endpoint: options.endpoint,
          forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
          credentials:
            options.credentials ??
            (options.endpoint ? { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } : undefined),
          // presigned PUTs from browsers carry no checksum headers; only ask for them when S3 requires one
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        }),
      (error: unknown) => {
        client = undefined; // a failed load is retried by the next call
        throw error;
      },
    );
    return client;
  };

  return {
    /** A presigned PUT bound to the content type and exact length the client declared. */
    async presignUpload(req: UploadRequest) {
      checkUpload(req);
      const [[{ PutObjectCommand }, { getSignedUrl }], client] = await Promise.all([loadS3(), s3()]);
      const safeName = req.fileName.replace(/[^\w.-]+/g, '_').slice(-80) || 'file';
      const key = `${req.tenantPath}${req.folder ?? `cases/${req.caseId}`}/${randomUUID()}-${safeName}`;
      const command = new PutObjectCommand({
        Bucket: options.bucket,
        Key: key,
        ContentType: req.contentType,
        ContentLength: req.size,
      });
      const uploadUrl = await getSignedUrl(client, command, {
        expiresIn: UPLOAD_TTL_SECONDS,
        signableHeaders: new Set(['content-type', 'content-length']),
      });
      return {
        key,
        uploadUrl,
        headers: { 'Content-Type': req.contentType },
        expiresAt: new Date(Date.now() + UPLOAD_TTL_SECONDS * 1000).toISOString(),
      };
    },

    /** A short-lived GET for a key that must lie under the caller's tenant prefix. */
    async presignDownload(tenantPath: string, key: string) {
      if (!key.startsWith(tenantPath))
        throw new ValidationError('Not an evidence key of this tenant', [{ path: 'key', message: 'unknown key' }]);
      const [[{ GetObjectCommand }, { getSignedUrl }], client] = await Promise.all([loadS3(), s3()]);
      const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: options.bucket, Key: key }), {
        expiresIn: DOWNLOAD_TTL_SECONDS,
      });
      return { url, expiresAt: new Date(Date.now() + DOWNLOAD_TTL_SECONDS * 1000).toISOString() };
    },

    /** The bytes of a stored object (an uploaded import file), or undefined when it was never uploaded. */
    async readObject(key: string): Promise<Uint8Array | undefined> {
      const [[{ GetObjectCommand, NoSuchKey }], client] = await Promise.all([loadS3(), s3()]);
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
        return res.Body ? await res.Body.transformToByteArray() : undefined;
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },

    /** Store a file the platform produced (an export), under a tenant's prefix. */
    async writeObject(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
      const [[{ PutObjectCommand }], client] = await Promise.all([loadS3(), s3()]);
      await client.send(
        new PutObjectCommand({ Bucket: options.bucket, Key: key, Body: bytes, ContentType: contentType }),
      );
    },

    /** Size of a stored object, or undefined when it was never uploaded. */
    async objectSize(key: string): Promise<number | undefined> {
      const [[{ HeadObjectCommand, NotFound }], client] = await Promise.all([loadS3(), s3()]);
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: options.bucket, Key: key }));
        return head.ContentLength;
      } catch (error) {
        if (error instanceof NotFound || (error as { name?: string }).name === 'NotFound') return undefined;
        throw error;
      }
    },

    /** Readiness probe. */
    async ping(): Promise<void> {
      const [[{ HeadBucketCommand }], client] = await Promise.all([loadS3(), s3()]);
      await client.send(new HeadBucketCommand({ Bucket: options.bucket }));
    },
  };
}

export type EvidenceStore = ReturnType<typeof createEvidenceStore>;

/** The upload rules, checked before anything is signed. */
export function checkUpload(req: Pick<UploadRequest, 'contentType' | 'size' | 'fileName' | 'rules'>): void {
  const types = req.rules?.types ?? EVIDENCE_TYPES;
  const maxBytes = req.rules?.maxBytes ?? MAX_EVIDENCE_BYTES;
  if (!(types as readonly string[]).includes(req.contentType)) {
    throw new ValidationError(
      req.rules ? 'This file type is not accepted here' : 'Only JPEG, PNG, WebP images and PDF are accepted',
      [{ path: 'contentType', message: `must be one of ${types.join(', ')}` }],
      'unsupported_type',
    );
  }
  if (!Number.isInteger(req.size) || req.size < 1 || req.size > maxBytes) {
    throw new ValidationError(
      'File too large or empty',
      [{ path: 'size', message: `must be 1..${maxBytes} bytes` }],
      'invalid_size',
    );
  }
}
