import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, type TenantPath, tenantIdFromPath } from '@civicgrid/domain';
import type { Store } from './client';
import { conditions, failedConditionIndexes, isConditionFailure } from './conditions';
import { keys } from './keys';
import { partitionItems } from './query-all';
import { strip } from './tenant-repository';

/** A staff user as stored; `passwordHash` never leaves the repository layer through the API. */
export interface UserRecord {
  id: string;
  tenantPath: TenantPath;
  tenantId: string;
  name: string;
  email: string;
  roles: string[];
  departmentId?: string;
  gridCodes?: string[];
  /** a work mobile number */
  phone?: string;
  status: 'active' | 'inactive';
  passwordHash: string;
  /** wrong passwords since the last success (the per-account brute-force ceiling; it slows, never locks) */
  failedLogins: number;
  lastFailedLoginAt?: string;
  /** tokens issued before this instant no longer count (set by a password change, deactivation, sign-out) */
  sessionsValidAfter?: string;
  createdAt: string;
  version: number;
}

/** Users of one tenant plus the platform-wide e-mail registry. */
export class UserRepository {
  constructor(private readonly store: Store) {}

  /** Create a user; the e-mail registry entry and the user appear together. */
  async create(user: UserRecord): Promise<UserRecord> {
    const { tableName } = this.store;
    try {
      await this.store.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { ...keys.email(user.email), tenantPath: user.tenantPath, userId: user.id },
                ConditionExpression: conditions.keyDoesNotExist, // one account per e-mail on the platform
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: { ...keys.user(user.tenantPath, user.id), type: 'user', ...user },
                ConditionExpression: conditions.keyDoesNotExist,
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (failedConditionIndexes(error).includes(0)) {
        throw new ConflictError('E-mail already registered', 'email_taken', [
          { path: 'email', message: 'already registered', code: 'email_taken' },
        ]);
      }
      throw error;
    }
    return user;
  }

  /** One user of one tenant. */
  async get(path: TenantPath, userId: string): Promise<UserRecord | undefined> {
    const res = await this.store.doc.send(
      new GetCommand({ TableName: this.store.tableName, Key: keys.user(path, userId) }),
    );
    return res.Item ? strip<UserRecord>(res.Item) : undefined;
  }

  /**
   * Find the account for a login e-mail (platform-wide registry → the user in its tenant). With `evenTiming`, an
   * unknown e-mail costs the same two reads as a known one, so response times do not tell them apart.
   */
  async getByEmail(email: string, options: { evenTiming?: boolean } = {}): Promise<UserRecord | undefined> {
    const res = await this.store.doc.send(new GetCommand({ TableName: this.store.tableName, Key: keys.email(email) }));
    if (!res.Item) {
      if (options.evenTiming) {
        await this.store.doc.send(new GetCommand({ TableName: this.store.tableName, Key: keys.email(`~${email}`) }));
      }
      return undefined;
    }
    return this.get(res.Item.tenantPath as TenantPath, res.Item.userId as string);
  }

  /** All users of a tenant. */
  async list(path: TenantPath): Promise<UserRecord[]> {
    return (await partitionItems(this.store, keys.usersPK(path))).map((item) => strip<UserRecord>(item));
  }

  /** Apply a partial update conditional on the version the caller read (optimistic locking). */
  async update(
    path: TenantPath,
    userId: string,
    expectedVersion: number,
    changes: Partial<
      Pick<
        UserRecord,
        'name' | 'roles' | 'departmentId' | 'gridCodes' | 'phone' | 'status' | 'passwordHash' | 'sessionsValidAfter'
      >
    >,
  ): Promise<UserRecord> {
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':expectedVersion': expectedVersion, ':one': 1 };
    const sets = ['#version = #version + :one'];
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    try {
      const res = await this.store.doc.send(
        new UpdateCommand({
          TableName: this.store.tableName,
          Key: keys.user(path, userId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: `${conditions.keyExists} AND ${conditions.versionMatches}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return strip<UserRecord>(res.Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) throw new ConflictError('The user was changed by someone else', 'stale_version');
      throw error;
    }
  }

  /** Count a failed login (the per-account ceiling reads the count; nothing locks the account). */
  async recordFailedLogin(user: UserRecord, now: Date): Promise<void> {
    await this.store.doc.send(
      new UpdateCommand({
        TableName: this.store.tableName,
        Key: keys.user(user.tenantPath, user.id),
        UpdateExpression:
          'SET failedLogins = if_not_exists(failedLogins, :zero) + :one, lastFailedLoginAt = :now REMOVE lockedUntil',
        ConditionExpression: conditions.keyExists,
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':now': now.toISOString() },
      }),
    );
  }

  /**
   * The twin of `recordFailedLogin` for an e-mail with no account: the same one conditional write (which finds
   * nothing and changes nothing), so a wrong login costs the same whether or not the account exists.
   */
  async recordUnknownFailedLogin(email: string, now: Date): Promise<void> {
    try {
      await this.store.doc.send(
        new UpdateCommand({
          TableName: this.store.tableName,
          Key: keys.email(`~${email}`),
          UpdateExpression: 'SET lastFailedLoginAt = :now',
          ConditionExpression: conditions.keyExists,
          ExpressionAttributeValues: { ':now': now.toISOString() },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** Reset the failure counter after a successful login or an administrator's unlock. */
  async clearFailedLogins(user: Pick<UserRecord, 'tenantPath' | 'id' | 'failedLogins'>): Promise<void> {
    if (!user.failedLogins) return;
    await this.store.doc.send(
      new UpdateCommand({
        TableName: this.store.tableName,
        Key: keys.user(user.tenantPath, user.id),
        UpdateExpression: 'SET failedLogins = :zero REMOVE lastFailedLoginAt, lockedUntil',
        ConditionExpression: conditions.keyExists,
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    );
  }
}

/** Tenant id of a user's tenant path (kept on the record for the token). */
export function userTenantId(path: TenantPath): string {
  return tenantIdFromPath(path);
}
