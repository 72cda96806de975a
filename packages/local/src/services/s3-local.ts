import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import S3rver from '@20minutes/s3rver';
import { StartupError } from '../errors';

/** The key pair s3rver accepts (its built-in dummy account); anything else is refused. */
export const S3_LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
/** s3rver ignores the region, but signatures carry one; use the same everywhere locally. */
export const S3_LOCAL_REGION = 'cn-north-1';

export interface S3LocalOptions {
  /** Where objects live; undefined = a fresh temporary directory. */
  dataDir?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Buckets created (or kept) at start-up. */
  buckets: string[];
  /** Origins allowed to PUT/GET with presigned URLs; default any. */
  corsOrigins?: string[];
}

export interface S3Local {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts s3rver on loopback with the given buckets and a CORS rule for browser uploads. */
export async function startS3Local(options: S3LocalOptions): Promise<S3Local> {
  const { host = '127.0.0.1', port = 0, buckets, corsOrigins = ['*'] } = options;
  assertS3rverPatched();
  const directory = options.dataDir ?? join(tmpdir(), `civicgrid-s3-${process.pid}-${Date.now()}`);
  await mkdir(directory, { recursive: true });
  const cors = corsConfiguration(corsOrigins);
  const server = new S3rver({
    address: host,
    port,
    directory,
    silent: true,
    // Requests to 127.0.0.1 / localhost are path-style; never guess a bucket from the Host header.
    vhostBuckets: false,
    configureBuckets: buckets.map((name) => ({ name, configs: [cors] })),
  });
  const address = await server.run();
  const endpointHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    endpoint: `http://${endpointHost}:${address.port}`,
    stop: async () => {
      server.httpServer?.closeAllConnections();
      await server.close();
    },
  };
}

/** A browser PUTs evidence straight to the bucket with a presigned URL, so the bucket must answer CORS. */
function corsConfiguration(origins: string[]): string {
  const allowed = origins.map((origin) => `<AllowedOrigin>${escapeXml(origin)}</AllowedOrigin>`).join('');
  return [
    '<CORSConfiguration><CORSRule>',
    allowed,
    '<AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>',
    '<AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds>',
    '</CORSRule></CORSConfiguration>',
  ].join('');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Without patches/@20minutes+s3rver+4.0.4.patch every path-style bucket-level call (HeadBucket, ListObjectsV2, …)
 * fails with SignatureDoesNotMatch. `npm install -w <workspace>` skips the root postinstall that applies it, so say
 * so plainly instead of letting a 403 puzzle someone later.
 */
function assertS3rverPatched(): void {
  const require = createRequire(import.meta.url);
  const file = join(dirname(require.resolve('@20minutes/s3rver')), 'middleware', 'authentication.js');
  if (!readFileSync(file, 'utf8').includes('trailing slash included')) {
    throw new StartupError('@20minutes/s3rver is missing its patch: run `npx patch-package` in the repository root');
  }
}
