import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, type TenantPath } from '@civicgrid/domain';
import type { Store } from './client';
import { conditions, isConditionFailure } from './conditions';
import type { CursorCodec } from './cursor';
import { partitionItems } from './query-all';
import { strip } from './tenant-repository';

/** Items every collection member carries. */
export interface Versioned {
  version: number;
  createdAt: string;
}

/**
 * A tenant's collection of one kind of configuration item (departments, grids, categories, API keys):
 * one partition `<tenantPath><KIND>`, sort key = the item's id or code. Small by nature (tens to thousands),
 * so `list` reads the partition to the end.
 */
export class CollectionRepository<T extends Versioned> {
  /** per tenant: the whole collection as read at `at` (only with `cache`) */
  private readonly lists = new Map<TenantPath, { items: T[]; at: number; byId: Map<string, T> }>();
  /** moves on every write: a list read that began before a write is not kept */
  private generation = 0;

  /**
   * With `cache.maxAgeMs`, `list` and `get` may answer from the tenant's collection as this instance read it at
   * most that long ago; writes through this instance drop the tenant's copy at once. Meant for small, rarely
   * changed configuration read on hot paths (categories on every report and action). A `get` that misses the copy
   * asks the store, so an item created a moment ago by another process is never refused from the cache.
   */
  constructor(
    private readonly store: Store,
    private readonly kind: string,
    private readonly label: string,
    private readonly cache?: { maxAgeMs: number; now?: () => number },
  ) {}

  private now(): number {
    return (this.cache?.now ?? Date.now)();
  }

  private cached(path: TenantPath) {
    const entry = this.cache ? this.lists.get(path) : undefined;
    return entry && this.now() - entry.at < (this.cache?.maxAgeMs ?? 0) ? entry : undefined;
  }

  private forget(path: TenantPath): void {
    this.generation++;
    this.lists.delete(path);
  }

  private key(path: TenantPath, id: string) {
    return { PK: `${path}${this.kind}`, SK: id };
  }

  /** Insert a new item; an existing id/code is a 409 naming `field`. */
  async create(path: TenantPath, id: string, item: T, field = 'id'): Promise<T> {
    this.forget(path);
    try {
      await this.store.doc.send(
        new PutCommand({
          TableName: this.store.tableName,
          Item: { ...this.key(path, id), type: this.kind, ...item },
          ConditionExpression: conditions.keyDoesNotExist, // codes are unique within a tenant
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ConflictError(`${this.label} already exists`, 'already_exists', [
          { path: field, message: 'already exists', code: 'already_exists' },
        ]);
      }
      throw error;
    } finally {
      this.forget(path);
    }
    return item;
  }

  /** One item, or undefined. */
  async get(path: TenantPath, id: string): Promise<T | undefined> {
    if (this.cache) {
      const cached = this.cached(path);
      const hit = (cached ?? (await this.load(path))).byId.get(id);
      // a fresh read that lacks it is the answer; a cached copy that lacks it is asked again below
      if (hit || !cached) return hit;
    }
    const res = await this.store.doc.send(new GetCommand({ TableName: this.store.tableName, Key: this.key(path, id) }));
    return res.Item ? strip<T>(res.Item) : undefined;
  }

  /** One item, or a 404 naming the kind. */
  async require(path: TenantPath, id: string): Promise<T> {
    const item = await this.get(path, id);
    if (!item) throw new NotFoundError(this.label);
    return item;
  }

  /** Every item of the tenant's collection, in key order. */
  async list(path: TenantPath): Promise<T[]> {
    if (!this.cache) return this.read(path);
    return [...(this.cached(path) ?? (await this.load(path))).items];
  }

  /**
   * One page of the collection in key order (one Query of at most `limit` items): for public reads, where the
   * caller must not be able to make one request read a whole partition. `cursors` signs the next page's key.
   */
  async page(
    path: TenantPath,
    options: { limit: number; cursor?: string | undefined; cursors: CursorCodec },
  ): Promise<{ items: T[]; cursor?: string }> {
    const pk = `${path}${this.kind}`;
    const res = await this.store.doc.send(
      new QueryCommand({
        TableName: this.store.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ExclusiveStartKey: options.cursors.decode(options.cursor, (k) => k.PK === pk),
        Limit: options.limit,
      }),
    );
    const items = (res.Items ?? []).map((item) => strip<T>(item));
    const cursor = options.cursors.encode(res.LastEvaluatedKey);
    return cursor ? { items, cursor } : { items };
  }

  /** Read the collection and keep it (unless a write through this instance happened meanwhile). */
  private async load(path: TenantPath) {
    const generation = this.generation;
    const at = this.now();
    const rows = await this.readRows(path);
    const items = rows.map((row) => row.item);
    const entry = { items, at, byId: new Map(rows.map((row) => [row.id, row.item])) };
    if (generation === this.generation) this.lists.set(path, entry);
    return entry;
  }

  private async read(path: TenantPath): Promise<T[]> {
    return (await this.readRows(path)).map((row) => row.item);
  }

  /** The collection with each item's id/code (its sort key). */
  private async readRows(path: TenantPath): Promise<{ id: string; item: T }[]> {
    const items = await partitionItems(this.store, `${path}${this.kind}`);
    return items.map((item) => ({ id: String(item.SK), item: strip<T>(item) }));
  }

  /** Replace fields of an item, conditional on the version the caller read. */
  async update(path: TenantPath, id: string, expectedVersion: number, changes: Partial<T>): Promise<T> {
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':expectedVersion': expectedVersion, ':one': 1 };
    const sets = ['#version = #version + :one'];
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined || field === 'version' || field === 'createdAt') continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    this.forget(path);
    try {
      const res = await this.store.doc.send(
        new UpdateCommand({
          TableName: this.store.tableName,
          Key: this.key(path, id),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: `${conditions.keyExists} AND ${conditions.versionMatches}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      this.forget(path);
      return strip<T>(res.Attributes ?? {});
    } catch (error) {
      this.forget(path);
      if (isConditionFailure(error)) {
        const exists = await this.get(path, id);
        if (!exists) throw new NotFoundError(this.label);
        throw new ConflictError(`${this.label} was changed by someone else`, 'stale_version');
      }
      throw error;
    }
  }

  /** Delete an item; a missing one is a 404. */
  async remove(path: TenantPath, id: string): Promise<void> {
    this.forget(path);
    try {
      await this.store.doc.send(
        new DeleteCommand({
          TableName: this.store.tableName,
          Key: this.key(path, id),
          ConditionExpression: conditions.keyExists,
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new NotFoundError(this.label);
      throw error;
    } finally {
      this.forget(path);
    }
  }
}
