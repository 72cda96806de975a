import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, type TenantPath } from '@civicgrid/domain';
import type { Store } from './client';
import { conditions, isConditionFailure } from './conditions';
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
  constructor(
    private readonly store: Store,
    private readonly kind: string,
    private readonly label: string,
  ) {}

  private key(path: TenantPath, id: string) {
    return { PK: `${path}${this.kind}`, SK: id };
  }

  /** Insert a new item; an existing id/code is a 409 naming `field`. */
  async create(path: TenantPath, id: string, item: T, field = 'id'): Promise<T> {
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
          { path: field, message: 'already exists' },
        ]);
      }
      throw error;
    }
    return item;
  }

  /** One item, or undefined. */
  async get(path: TenantPath, id: string): Promise<T | undefined> {
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
    const out: T[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const res = await this.store.doc.send(
        new QueryCommand({
          TableName: this.store.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': `${path}${this.kind}` },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of res.Items ?? []) out.push(strip<T>(item));
      startKey = res.LastEvaluatedKey;
    } while (startKey);
    return out;
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
      return strip<T>(res.Attributes ?? {});
    } catch (error) {
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
    }
  }
}
