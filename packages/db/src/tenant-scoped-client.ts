import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The second tenant wall (DESIGN: Tenancy and isolation). In AWS every tenant-authenticated request runs inside a
 * tenant context; the clients below then talk to AWS with short-lived credentials of the tenant data-access role,
 * assumed with the session tag `TenantPath=<path>`, whose policy only reaches keys starting with that path. A bug
 * in the application's own tenant check then meets an AccessDenied instead of another tenant's data.
 */
export interface TenantScope {
  /** the verified token's tenant path, `/`-terminated */
  tenantPath: string;
}

/** The per-request tenant scope; set by the API's router after the token is verified. */
export const tenantContext = new AsyncLocalStorage<TenantScope>();

/** The tenant path of the current request, if it runs inside a tenant context. */
export function currentTenantPath(): string | undefined {
  return tenantContext.getStore()?.tenantPath;
}

/**
 * Run `fn` with the platform (function-role) credentials even inside a tenant request. For the few writes that
 * must touch keys outside the caller's own path: the platform-wide `_platform/` registries (e-mail, slug, API key
 * hash, tenant list) and a new tenant's ancestors' subtree index. Every call site says why.
 */
export function withPlatformCredentials<T>(fn: () => T): T {
  return tenantContext.exit(fn);
}

/** Temporary credentials as STS returns them (AssumeRole). */
export interface ScopedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** Assumes the tenant role for one tenant path (STS AssumeRole with the `TenantPath` session tag). */
export type AssumeTenantRole = (tenantPath: string) => Promise<ScopedCredentials>;

export interface TenantCredentialCacheOptions<T> {
  assumeRole: AssumeTenantRole;
  /** builds what is kept per credential set (an SDK client), once per assumed session */
  create: (credentials: ScopedCredentials, tenantPath: string) => T;
  /** a session is replaced this long before it expires; @default 2 minutes */
  refreshBeforeMs?: number;
  /** sessions kept at most (least recently used dropped first); @default 500 */
  maxEntries?: number;
  now?: () => number;
}

interface Entry<T> {
  value: Promise<{ item: T; expiresAt: number }>;
}

/**
 * One assumed session (and the client built on it) per tenant path, reused until `refreshBeforeMs` before it
 * expires. Concurrent first requests of a tenant share one AssumeRole call; a failed call is not cached.
 */
export class TenantCredentialCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly refreshBeforeMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: TenantCredentialCacheOptions<T>) {
    this.refreshBeforeMs = options.refreshBeforeMs ?? 120_000;
    this.maxEntries = options.maxEntries ?? 500;
    this.now = options.now ?? Date.now;
  }

  /** The cached value for `tenantPath`, assuming the role again when the session is (nearly) expired. */
  async get(tenantPath: string): Promise<T> {
    const cached = this.entries.get(tenantPath);
    if (cached) {
      const { item, expiresAt } = await cached.value;
      if (expiresAt - this.refreshBeforeMs > this.now()) {
        // refresh the LRU position
        this.entries.delete(tenantPath);
        this.entries.set(tenantPath, cached);
        return item;
      }
      if (this.entries.get(tenantPath) === cached) this.entries.delete(tenantPath);
      else return this.get(tenantPath); // someone else already replaced it
    }
    const entry: Entry<T> = {
      value: this.options.assumeRole(tenantPath).then((credentials) => ({
        item: this.options.create(credentials, tenantPath),
        expiresAt: credentials.expiration.getTime(),
      })),
    };
    this.entries.set(tenantPath, entry);
    entry.value.catch(() => {
      if (this.entries.get(tenantPath) === entry) this.entries.delete(tenantPath);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return (await entry.value).item;
  }

  /** Number of tenant sessions held (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }
}

export interface TenantScopedDocumentClientOptions {
  /** the function-role client: used outside a tenant context (platform routes) and by `withPlatformCredentials` */
  base: DynamoDBDocumentClient;
  assumeRole: AssumeTenantRole;
  region?: string;
  /** override the per-session client factory (tests) */
  createClient?: (credentials: ScopedCredentials) => Pick<DynamoDBDocumentClient, 'send'>;
  now?: () => number;
}

/** The same marshalling as `createDynamo` (undefined attributes dropped, no class instances). */
const TRANSLATE = { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } };

/**
 * A document-client facade whose `send` uses the current tenant's scoped credentials, or the base client when
 * there is no tenant context. Repositories only ever call `send`, so the facade is typed as a
 * `DynamoDBDocumentClient` through a cast: that one method is all it implements.
 */
export function createTenantScopedDocumentClient(options: TenantScopedDocumentClientOptions): DynamoDBDocumentClient {
  const region = options.region ?? process.env.AWS_REGION;
  const createClient =
    options.createClient ??
    ((credentials: ScopedCredentials) =>
      DynamoDBDocumentClient.from(new DynamoDBClient({ region, credentials, maxAttempts: 5 }), TRANSLATE));
  const cache = new TenantCredentialCache({ assumeRole: options.assumeRole, create: createClient, now: options.now });
  const facade = {
    async send(command: unknown, sendOptions?: unknown) {
      const path = currentTenantPath();
      const client = path === undefined ? options.base : await cache.get(path);
      return (client.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, sendOptions);
    },
  };
  return facade as unknown as DynamoDBDocumentClient;
}
