import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TenantPath } from '@civicgrid/domain';
import type { Store } from '../client';
import { queryAll } from '../query-all';

/**
 * Tallies: named counters of one kind of record, per tenant, per dimension value (`grid#120116001001001`,
 * `tenant#all`). Each change of a record adds its delta in the same transaction as the change, so statistics are
 * read from a handful of tally items, never by reading records. Item: `PK=<path>TALLY#<kind>`,
 * `SK=<dimension>#<value>`, one numeric attribute per counter name.
 */
export interface TallyChange {
  dimension: string;
  value: string;
  add: Record<string, number>;
}

/** The partition of a tenant's tallies of one kind. */
export const tallyPK = (path: TenantPath, kind: string) => `${path}TALLY#${kind}`;

/** Merge changes so one transaction touches each tally item once (DynamoDB refuses two writes to one item). */
export function mergeTallies(changes: TallyChange[]): TallyChange[] {
  const byKey = new Map<string, TallyChange>();
  for (const change of changes) {
    const id = `${change.dimension}#${change.value}`;
    const merged = byKey.get(id) ?? { dimension: change.dimension, value: change.value, add: {} };
    for (const [name, by] of Object.entries(change.add)) merged.add[name] = (merged.add[name] ?? 0) + by;
    byKey.set(id, merged);
  }
  return [...byKey.values()].filter((c) => Object.values(c.add).some((v) => v !== 0));
}

/** The Update of one tally item (for a TransactWrite). */
export function tallyUpdate(tableName: string, path: TenantPath, kind: string, change: TallyChange) {
  const names: Record<string, string> = { '#dimension': 'dimension', '#value': 'value' };
  const values: Record<string, unknown> = { ':dimension': change.dimension, ':value': change.value };
  const adds: string[] = [];
  Object.entries(change.add)
    .filter(([, by]) => by !== 0)
    .forEach(([name, by], i) => {
      names[`#c${i}`] = name;
      values[`:c${i}`] = by;
      adds.push(`#c${i} :c${i}`);
    });
  return {
    TableName: tableName,
    Key: { PK: tallyPK(path, kind), SK: `${change.dimension}#${change.value}` },
    UpdateExpression: `SET #dimension = :dimension, #value = :value ADD ${adds.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** A tally row as read. */
export interface TallyRow {
  value: string;
  counts: Record<string, number>;
}

function rowOf(item: Record<string, unknown>): TallyRow {
  const { PK: _p, SK: _s, dimension: _d, value, ...counts } = item;
  return { value: String(value), counts: counts as Record<string, number> };
}

/** Every tally of one dimension of a tenant (one Query: as many items as the dimension has values). */
export async function readTallies(
  store: Store,
  path: TenantPath,
  kind: string,
  dimension: string,
): Promise<TallyRow[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :dim)',
    ExpressionAttributeValues: { ':pk': tallyPK(path, kind), ':dim': `${dimension}#` },
  });
  return items.map(rowOf);
}

/** One tally (empty counts when nothing was ever counted). */
export async function readTally(
  store: Store,
  path: TenantPath,
  kind: string,
  dimension: string,
  value: string,
): Promise<TallyRow> {
  const res = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: { PK: tallyPK(path, kind), SK: `${dimension}#${value}` } }),
  );
  return res.Item ? rowOf(res.Item) : { value, counts: {} };
}
