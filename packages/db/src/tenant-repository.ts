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
}

export interface NewTenant {
  name: string;
  slug: string;
  level: TenantLevel;
  parentPath?: TenantPath;
  status: TenantStatus;
  plan?: string;
}

/** Tenants: allocation of paths, the slug registry, the subtree index and status changes. */
export class TenantRepository {
  constructor(private readonly store: Store) {}

  /** Read one tenant by path. */
  async get(path: TenantPath): Promise<TenantRecord | undefined> {
    const res = await this.store.doc.send(new GetCommand({ TableName: this.store.tableName, Key: keys.tenant(path) }));
    return res.Item ? strip<TenantRecord>(res.Item) : undefined;
  }

  /** Resolve a public slug to its tenant. */
  async getBySlug(slug: string): Promise<TenantRecord | undefined> {
    const res = await this.store.doc.send(new GetCommand({ TableName: this.store.tableName, Key: keys.slug(slug) }));
    const path = res.Item?.tenantPath as TenantPath | undefined;
    return path ? this.get(path) : undefined;
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
          { path: 'tenant.slug', message: 'already taken' },
        ]);
      }
      if (firstUser && failed.includes(items.length - 2)) {
        throw new ConflictError('E-mail already registered', 'email_taken', [
          { path: 'admin.email', message: 'already registered' },
        ]);
      }
      throw error;
    }
    return tenant;
  }

  /** Every tenant below `ancestor` (not including it), read from its subtree index. */
  async listSubtree(ancestor: TenantPath): Promise<TenantRecord[]> {
    const paths: TenantPath[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const res = await this.store.doc.send(
        new QueryCommand({
          TableName: this.store.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.subtreePK(ancestor) },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of res.Items ?? []) paths.push(item.SK as TenantPath);
      startKey = res.LastEvaluatedKey;
    } while (startKey);
    return this.getMany(paths);
  }

  /** Every tenant on the platform (platform admin only), from the platform list partition. */
  async listAll(): Promise<TenantRecord[]> {
    const paths: TenantPath[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const res = await this.store.doc.send(
        new QueryCommand({
          TableName: this.store.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.platformTenantsPK },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of res.Items ?? []) paths.push(item.SK as TenantPath);
      startKey = res.LastEvaluatedKey;
    } while (startKey);
    return this.getMany(paths);
  }

  /** Change a tenant's status, conditional on its current status (approve only a pending one, etc.). */
  async setStatus(path: TenantPath, from: TenantStatus[], to: TenantStatus): Promise<TenantRecord> {
    try {
      const res = await this.store.doc.send(
        new UpdateCommand({
          TableName: this.store.tableName,
          Key: keys.tenant(path),
          UpdateExpression: 'SET #status = :to, #version = #version + :one',
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

/** Drop the key attributes from a stored item. */
export function strip<T>(item: Record<string, unknown>): T {
  const { PK: _pk, SK: _sk, type: _type, childSeq: _seq, ...rest } = item;
  for (const k of Object.keys(rest)) if (k.startsWith('GSI')) delete rest[k];
  return rest as T;
}
