import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError, type PlanName, type TenantPath } from '@civicgrid/domain';
import type { Store } from './client';
import { conditions } from './conditions';
import { keys } from './keys';
import { monthsBetween } from './kpi-counters';
import { queryAll } from './query-all';
import { strip, type TenantRecord } from './tenant-repository';

/** Where a request came in: the staff API, the citizen form, Open311, the platform console. */
export const usageGroups = ['api', 'public', 'open311', 'admin'] as const;

/** One of `usageGroups`. */
export type UsageGroup = (typeof usageGroups)[number];

/** One flushed aggregate: counters to ADD and user ids to add to the day's set, for one tenant, day and group. */
export interface UsageWrite {
  path: TenantPath;
  day: string;
  group: UsageGroup;
  add: Record<string, number>;
  users?: string[];
}

/** A stored usage item of one tenant, day and group. */
export interface UsageRow {
  day: string;
  group: UsageGroup;
  counters: Record<string, number>;
  users: string[];
}

const USERS_ATTRIBUTE = 'activeUsers';
/** The active-users item of a (day, group) sits beside its counters item: `SK = <day>#<group>#users`. */
const USERS_SUFFIX = '#users';
const STORAGE_COUNTER = 'storageBytes';

/**
 * The all-time evidence total of a tenant: usage items are per month, but a storage quota needs the running sum,
 * so every flushed `storageBytes` is also added here (one GetItem for a quota check instead of a Query per month).
 */
const storageTotalKey = (path: TenantPath) => ({ PK: `${path}USAGE#TOTAL`, SK: 'STORAGE' });

/** Usage meters (written by the in-process aggregator's flush), the storage total and the tenant's plan. */
export class UsageRepository {
  constructor(private readonly store: Store) {}

  /**
   * ADD one aggregate: one UpdateItem on the (tenant, day, group) counters item, one on its active-users item when
   * there are user ids, plus the storage total when bytes grew. The users live in an item of their own
   * (`SK = <day>#<group>#users`) so the counters item stays under 1 KB: a counter write costs one write unit
   * however many people used the API that day (DynamoDB charges an update by the item's size).
   */
  async apply(write: UsageWrite): Promise<void> {
    const counters = Object.entries(write.add).filter(([, by]) => by !== 0);
    const users = [...new Set(write.users ?? [])];
    if (counters.length === 0 && users.length === 0) return;
    const key = keys.usage(write.path, write.day, write.group);
    const base = { '#day': 'day', '#group': 'group' };
    const baseValues = { ':day': write.day, ':group': write.group };
    if (counters.length > 0) {
      const names: Record<string, string> = { ...base };
      const values: Record<string, unknown> = { ...baseValues };
      const adds = counters.map(([name, by], i) => {
        names[`#c${i}`] = name;
        values[`:c${i}`] = by;
        return `#c${i} :c${i}`;
      });
      await this.store.doc.send(
        new UpdateCommand({
          TableName: this.store.tableName,
          Key: key,
          UpdateExpression: `SET #day = :day, #group = :group ADD ${adds.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    }
    if (users.length > 0) {
      await this.store.doc.send(
        new UpdateCommand({
          TableName: this.store.tableName,
          Key: { PK: key.PK, SK: `${key.SK}${USERS_SUFFIX}` },
          UpdateExpression: 'SET #day = :day, #group = :group ADD #users :users',
          ExpressionAttributeNames: { ...base, '#users': USERS_ATTRIBUTE },
          // a string set: ADD keeps the day's user ids distinct
          ExpressionAttributeValues: { ...baseValues, ':users': new Set(users) },
        }),
      );
    }
    const bytes = write.add[STORAGE_COUNTER] ?? 0;
    if (bytes !== 0) {
      await this.store.doc.send(
        new UpdateCommand({
          TableName: this.store.tableName,
          Key: storageTotalKey(write.path),
          UpdateExpression: 'ADD #bytes :bytes',
          ExpressionAttributeNames: { '#bytes': STORAGE_COUNTER },
          ExpressionAttributeValues: { ':bytes': bytes },
        }),
      );
    }
  }

  /** Usage items of one tenant between two +08:00 days (inclusive): one Query per month partition. */
  async read(path: TenantPath, fromDay: string, toDay: string): Promise<UsageRow[]> {
    const rows: UsageRow[] = [];
    for (const month of monthsBetween(fromDay, toDay)) {
      const items = await queryAll(this.store, {
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.usagePK(path, month),
          ':from': `${fromDay}#`,
          ':to': `${toDay}#\uffff`,
        },
      });
      rows.push(...items.map(usageRowFrom));
    }
    // one row per (day, group): the active-users item merges into its counters item
    const merged = new Map<string, UsageRow>();
    for (const row of rows) {
      const id = `${row.day}#${row.group}`;
      const into = merged.get(id);
      if (!into) merged.set(id, row);
      else {
        for (const [name, by] of Object.entries(row.counters)) into.counters[name] = (into.counters[name] ?? 0) + by;
        into.users = [...new Set([...into.users, ...row.users])];
      }
    }
    return [...merged.values()];
  }

  /** Evidence bytes stored by a tenant, all time (as flushed). */
  async storedBytes(path: TenantPath): Promise<number> {
    const res = await this.store.doc.send(
      new GetCommand({ TableName: this.store.tableName, Key: storageTotalKey(path) }),
    );
    return Number(res.Item?.[STORAGE_COUNTER] ?? 0);
  }

  /** Move a tenant to another plan (platform operator); bumps the tenant's version. */
  async setPlan(path: TenantPath, plan: PlanName): Promise<TenantRecord> {
    try {
      const res = await this.store.doc.send(
        new UpdateCommand({
          TableName: this.store.tableName,
          Key: keys.tenant(path),
          UpdateExpression: 'SET #plan = :plan, #version = #version + :one',
          ConditionExpression: conditions.keyExists, // never create a tenant item by changing a plan
          ExpressionAttributeNames: { '#plan': 'plan', '#version': 'version' },
          ExpressionAttributeValues: { ':plan': plan, ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return strip<TenantRecord>(res.Attributes ?? {});
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') throw new NotFoundError('Tenant');
      throw error;
    }
  }
}

function usageRowFrom(item: Record<string, unknown>): UsageRow {
  const { PK: _p, SK: _s, day, group, [USERS_ATTRIBUTE]: users, ...counters } = item;
  return {
    day: String(day),
    group: group as UsageGroup,
    counters: counters as Record<string, number>,
    users: users instanceof Set ? [...(users as Set<string>)] : [],
  };
}
