import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  ancestorsOf,
  ConflictError,
  childPath,
  type TenantLevel,
  type TenantPath,
  tenantIdFromPath,
} from '@civicgrid/domain';
import type { Store } from './client';
import { conditions, failedConditionIndexes } from './conditions';
import { keys } from './keys';
import { partitionItems } from './query-all';
import type { UserRecord } from './user-repository';

export type TenantStatus = 'active' | 'pending' | 'suspended';

/** A tenant as stored (the TENANT item of its own partition). */
export interface TenantRecord {
  id: string;
  path: TenantPath;
  slug: string;
  name: string;
  level: TenantLevel;
  status: TenantStatus;
  parentPath?: TenantPath;
  plan: string;
  createdAt: string;
  version: number;
  /** the status a suspension interrupted (a pending street stays pending when reactivated) */
  suspendedFrom?: TenantStatus;
  /** GB/T 2260 + GB/T 10114 division code (6 / 9 / 12 digits by level): the prefix of its grid codes */
  divisionCode?: string;
}

export interface NewTenant {
  name: string;
  slug: string;
  level: TenantLevel;
  parentPath?: TenantPath;
  status: TenantStatus;
  plan?: string;
}

interface SlugEntry {
  tenant: TenantRecord;
  at: number;
}

/**
 * Recently resolved slugs, per store (so per table and per process), shared by every repository on that store:
 * `setStatus` through any of them drops the tenant's entry, so a suspension in this process closes its public
 * door at once. Only found tenants are kept (a slug registered a moment ago is never refused from the cache).
 */
const slugCaches = new WeakMap<Store, SlugCache>();
/** `generation` moves on every forget: a read that began before a change never caches what it saw. */
interface SlugCache {
  entries: Map<string, SlugEntry>;
  /** tenants read by path (for `lineage`), forgotten with their slugs */
  paths: Map<TenantPath, SlugEntry>;
  generation: number;
}
/** Entries kept at most per store (oldest dropped first): a bound, not a working-set size. */
const SLUG_CACHE_MAX = 10_000;

function slugCacheOf(store: Store): SlugCache {
  let cache = slugCaches.get(store);
  if (!cache) {
    cache = { entries: new Map(), paths: new Map(), generation: 0 };
    slugCaches.set(store, cache);
  }
  return cache;
}

/** Tenants: allocation of paths, the slug registry, the subtree index and status changes. */
export class TenantRepository {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** Read one tenant by path. */
  async get(path: TenantPath): Promise<TenantRecord | undefined> {
    const res = await this.store.doc.send(new GetCommand({ TableName: this.store.tableName, Key: keys.tenant(path) }));
    return res.Item ? strip<TenantRecord>(res.Item) : undefined;
  }

  /**
   * Resolve a public slug to its tenant. With `maxAgeMs`, an answer this process read at most that long ago may be
   * reused (the public citizen routes resolve the slug on every request: two reads saved per request). A change
   * made by another process (a suspension, a rename) is seen within `maxAgeMs`; one made here, at once.
   */
  async getBySlug(slug: string, options: { maxAgeMs?: number } = {}): Promise<TenantRecord | undefined> {
    const cache = options.maxAgeMs ? slugCacheOf(this.store) : undefined;
    const hit = cache?.entries.get(slug);
    if (hit && this.now() - hit.at < (options.maxAgeMs ?? 0)) return hit.tenant;
    const generation = cache?.generation;
    const readAt = this.now();
    const res = await this.store.doc.send(new GetCommand({ TableName: this.store.tableName, Key: keys.slug(slug) }));
    const path = res.Item?.tenantPath as TenantPath | undefined;
    const tenant = path ? await this.get(path) : undefined;
    if (cache) {
      cache.entries.delete(slug);
      if (tenant && cache.generation === generation) {
        if (cache.entries.size >= SLUG_CACHE_MAX) cache.entries.delete(cache.entries.keys().next().value as string);
        cache.entries.set(slug, { tenant, at: readAt });
      }
    }
    return tenant;
  }

  /** Drop the cached slug answers naming `path` (after a change to the tenant in this process). */
  private forgetSlugsOf(path: TenantPath): void {
    const cache = slugCaches.get(this.store);
    if (!cache) return;
    cache.generation++;
    for (const [slug, entry] of cache.entries) if (entry.tenant.path === path) cache.entries.delete(slug);
    cache.paths.delete(path);
  }

  /**
   * The tenant at `path` and every tenant above it, root first (missing ones left out). With `maxAgeMs`, answers
   * this process read at most that long ago are reused, as for slugs; a status change made here applies at once.
   */
  async lineage(path: TenantPath, options: { maxAgeMs?: number } = {}): Promise<TenantRecord[]> {
    const wanted = [...ancestorsOf(path), path];
    const cache = options.maxAgeMs ? slugCacheOf(this.store) : undefined;
    const now = this.now();
    const found = new Map<TenantPath, TenantRecord>();
    const missing: TenantPath[] = [];
    for (const p of wanted) {
      const hit = cache?.paths.get(p);
      if (hit && now - hit.at < (options.maxAgeMs ?? 0)) found.set(p, hit.tenant);
      else missing.push(p);
    }
    if (missing.length > 0) {
      const generation = cache?.generation;
      for (const tenant of await this.getMany(missing)) {
        found.set(tenant.path, tenant);
        if (cache && cache.generation === generation) {
          if (cache.paths.size >= SLUG_CACHE_MAX) cache.paths.delete(cache.paths.keys().next().value as TenantPath);
          cache.paths.set(tenant.path, { tenant, at: now });
        }
      }
    }
    return wanted.flatMap((p) => (found.has(p) ? [found.get(p) as TenantRecord] : []));
  }

  /**
   * Create a tenant and (optionally) its first user in one transaction: slug, e-mail, tenant, subtree index
   * items and the platform list all appear together or not at all.
   */
  async create(input: NewTenant, now: Date, firstUser?: UserRecord): Promise<TenantRecord> {
    const seq = await this.nextSequence(input.parentPath, input.level);
    const path = childPath(input.parentPath, input.level, seq);
    const createdAt = now.toISOString();
    const tenant: TenantRecord = {
      id: tenantIdFromPath(path),
      path,
      slug: input.slug,
      name: input.name,
      level: input.level,
      status: input.status,
      parentPath: input.parentPath,
      plan: input.plan ?? (input.level === 'district' ? 'district' : 'trial'),
      createdAt,
      version: 1,
    };
    const summary = { id: tenant.id, slug: tenant.slug, level: tenant.level, createdAt };
    const { tableName } = this.store;
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.slug(input.slug), tenantPath: path },
          ConditionExpression: conditions.keyDoesNotExist, // slugs are unique on the platform
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.tenant(path), type: 'tenant', ...tenant },
          ConditionExpression: conditions.keyDoesNotExist,
        },
      },
      { Put: { TableName: tableName, Item: { ...keys.platformTenant(path), ...summary } } },
      ...(input.level === 'district'
        ? [{ Put: { TableName: tableName, Item: { ...keys.platformDistrict(path), ...summary, name: tenant.name } } }]
        : []),
      ...ancestorsOf(path).map((ancestor) => ({
        Put: { TableName: tableName, Item: { ...keys.subtree(ancestor, path), ...summary } },
      })),
    ];
    if (firstUser) {
      items.push(
        {
          Put: {
            TableName: tableName,
            Item: { ...keys.email(firstUser.email), tenantPath: path, userId: firstUser.id },
            ConditionExpression: conditions.keyDoesNotExist, // e-mail is unique on the platform
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: {
              ...keys.user(path, firstUser.id),
              type: 'user',
              ...firstUser,
              tenantPath: path,
              tenantId: tenant.id,
            },
          },
        },
      );
    }
    try {
      await this.store.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const failed = failedConditionIndexes(error);
      if (failed.includes(0)) {
        throw new ConflictError('Slug already taken', 'slug_taken', [
          { path: 'tenant.slug', message: 'already taken', code: 'slug_taken' },
        ]);
      }
      if (firstUser && failed.includes(items.length - 2)) {
        throw new ConflictError('E-mail already registered', 'email_taken', [
          { path: 'admin.email', message: 'already registered', code: 'email_taken' },
        ]);
      }
      throw error;
    }
    return tenant;
  }

  /** Every tenant below `ancestor` (not including it), read from its subtree index. */
  async listSubtree(ancestor: TenantPath): Promise<TenantRecord[]> {
    const items = await partitionItems(this.store, keys.subtreePK(ancestor));
    return this.getMany(items.map((item) => item.SK as TenantPath));
  }

  /** Every tenant on the platform (platform admin only), from the platform list partition. */
  async listAll(): Promise<TenantRecord[]> {
    const items = await partitionItems(this.store, keys.platformTenantsPK);
    return this.getMany(items.map((item) => item.SK as TenantPath));
  }

  /**
   * One page of the platform's districts in path order (the sign-up form's choice of parent), each with its current
   * status read from the tenant item: a page is one Query of at most `limit` index items and one BatchGet.
   */
  async listDistricts(
    limit: number,
    startKey?: Record<string, unknown>,
  ): Promise<{ items: TenantRecord[]; lastKey?: Record<string, unknown> }> {
    const res = await this.store.doc.send(
      new QueryCommand({
        TableName: this.store.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.platformDistrictsPK },
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    const items = await this.getMany((res.Items ?? []).map((item) => item.SK as TenantPath));
    return { items, lastKey: res.LastEvaluatedKey };
  }

  /**
   * Set (or change) a tenant's division code. The code names one tenant on the platform (a registry item written in
   * the same transaction, so two tenants racing for one code get one winner); the previous code is released.
   */
  async setDivisionCode(tenant: TenantRecord, code: string): Promise<TenantRecord> {
    const { tableName } = this.store;
    const previous = tenant.divisionCode;
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        Put: {
          TableName: tableName,
          Item: { ...keys.divisionCode(code), tenantPath: tenant.path },
          ConditionExpression: `${conditions.keyDoesNotExist} OR tenantPath = :me`,
          ExpressionAttributeValues: { ':me': tenant.path },
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: keys.tenant(tenant.path),
          UpdateExpression: 'SET divisionCode = :code, #version = #version + :one',
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':code': code, ':one': 1, ':version': tenant.version },
        },
      },
    ];
    if (previous !== undefined && previous !== code) {
      items.push({
        Delete: {
          TableName: tableName,
          Key: keys.divisionCode(previous),
          ConditionExpression: 'tenantPath = :me',
          ExpressionAttributeValues: { ':me': tenant.path },
        },
      });
    }
    this.forgetSlugsOf(tenant.path);
    try {
      await this.store.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const failed = failedConditionIndexes(error);
      if (failed.includes(0)) {
        throw new ConflictError('Another tenant has this division code', 'division_code_taken', [
          { path: 'divisionCode', message: 'already the code of another tenant' },
        ]);
      }
      if (failed.length > 0) throw new ConflictError('The tenant changed meanwhile; try again', 'version_conflict');
      throw error;
    } finally {
      this.forgetSlugsOf(tenant.path);
    }
    return { ...tenant, divisionCode: code, version: tenant.version + 1 };
  }

  /** Change a tenant's status, conditional on its current status (approve only a pending one, etc.). */
  async setStatus(path: TenantPath, from: TenantStatus[], to: TenantStatus): Promise<TenantRecord> {
    this.forgetSlugsOf(path);
    try {
      const res = await this.store.doc.send(
        new UpdateCommand({
          TableName: this.store.tableName,
          Key: keys.tenant(path),
          // a suspension remembers what it interrupted; any other change forgets it
          UpdateExpression:
            to === 'suspended'
              ? 'SET suspendedFrom = #status, #status = :to, #version = #version + :one'
              : 'SET #status = :to, #version = #version + :one REMOVE suspendedFrom',
          ConditionExpression: `${conditions.keyExists} AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: {
            ':to': to,
            ':one': 1,
            ...Object.fromEntries(from.map((s, i) => [`:from${i}`, s])),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return strip<TenantRecord>(res.Attributes ?? {});
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') {
        throw new ConflictError(`Tenant is not ${from.join(' or ')}`, 'invalid_status');
      }
      throw error;
    } finally {
      this.forgetSlugsOf(path); // and after: a read racing the write may have cached the old status
    }
  }

  private async getMany(paths: TenantPath[]): Promise<TenantRecord[]> {
    const out: TenantRecord[] = [];
    const { tableName } = this.store;
    for (let i = 0; i < paths.length; i += 100) {
      let pending: Record<string, unknown>[] = paths.slice(i, i + 100).map((p) => ({ ...keys.tenant(p) }));
      while (pending.length > 0) {
        const res = await this.store.doc.send(
          new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }),
        );
        for (const item of res.Responses?.[tableName] ?? []) out.push(strip<TenantRecord>(item));
        pending = res.UnprocessedKeys?.[tableName]?.Keys ?? [];
      }
    }
    return out.sort((a, b) => a.path.localeCompare(b.path));
  }

  /** Allocate the next path segment: a counter on the parent tenant item, or a platform counter for roots. */
  private async nextSequence(parentPath: TenantPath | undefined, level: TenantLevel): Promise<number> {
    const key = parentPath ? keys.tenant(parentPath) : keys.platformSequence(level);
    const res = await this.store.doc.send(
      new UpdateCommand({
        TableName: this.store.tableName,
        Key: key,
        UpdateExpression: 'ADD #seq :one',
        // a child's parent must exist; a gap after a failed transaction is harmless
        ConditionExpression: parentPath ? conditions.keyExists : undefined,
        ExpressionAttributeNames: { '#seq': 'childSeq' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(res.Attributes?.childSeq);
  }
}

/**
 * What a tenant's place in the hierarchy allows: a suspension anywhere above (or at) a tenant closes its whole
 * subtree; so does a pending approval. `missing` when the tenant itself (or an ancestor) does not exist.
 */
export function lineageStatus(path: TenantPath, lineage: TenantRecord[]): TenantStatus | 'missing' {
  if (lineage.length !== ancestorsOf(path).length + 1 || lineage.at(-1)?.path !== path) return 'missing';
  if (lineage.some((t) => t.status === 'suspended')) return 'suspended';
  if (lineage.some((t) => t.status === 'pending')) return 'pending';
  return 'active';
}

/** Drop the key attributes from a stored item. */
export function strip<T>(item: Record<string, unknown>): T {
  const { PK: _pk, SK: _sk, type: _type, childSeq: _seq, ...rest } = item;
  for (const k of Object.keys(rest)) if (k.startsWith('GSI')) delete rest[k];
  return rest as T;
}
