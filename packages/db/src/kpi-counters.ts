import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CounterIncrement, TenantPath } from '@civicgrid/domain';
import type { Store } from './client';
import { keys } from './keys';

/** KPI dimensions a counter is kept for; `tenant` always, the others when the case has that attribute. */
export type KpiDimension = 'tenant' | 'department' | 'category' | 'grid';

/** One counter item's key and the amounts to add, merged so a transaction never touches an item twice. */
export interface CounterWrite {
  key: { PK: string; SK: string };
  add: Record<string, number>;
  attrs: { day: string; dimension: KpiDimension; value: string };
}

/** Turn a transition's increments into one update per counter item (DynamoDB forbids two writes to one item). */
export function counterWrites(path: TenantPath, increments: CounterIncrement[]): CounterWrite[] {
  const byKey = new Map<string, CounterWrite>();
  for (const inc of increments) {
    const targets: [KpiDimension, string][] = [['tenant', 'all']];
    if (inc.dimensions.departmentId) targets.push(['department', inc.dimensions.departmentId]);
    if (inc.dimensions.categoryCode) targets.push(['category', inc.dimensions.categoryCode]);
    if (inc.dimensions.gridCode) targets.push(['grid', inc.dimensions.gridCode]);
    for (const [dimension, value] of targets) {
      const key = keys.kpi(path, inc.day, dimension, value);
      const id = `${key.PK}|${key.SK}`;
      const write = byKey.get(id) ?? { key, add: {}, attrs: { day: inc.day, dimension, value } };
      write.add[inc.name] = (write.add[inc.name] ?? 0) + inc.by;
      byKey.set(id, write);
    }
  }
  return [...byKey.values()];
}

/** The Update parameters of a counter write (for a TransactWrite item). */
export function counterUpdate(tableName: string, write: CounterWrite) {
  const names: Record<string, string> = { '#day': 'day', '#dimension': 'dimension', '#value': 'value' };
  const values: Record<string, unknown> = {
    ':day': write.attrs.day,
    ':dimension': write.attrs.dimension,
    ':value': write.attrs.value,
  };
  const adds: string[] = [];
  Object.entries(write.add).forEach(([name, by], i) => {
    names[`#c${i}`] = name;
    values[`:c${i}`] = by;
    adds.push(`#c${i} :c${i}`);
  });
  return {
    TableName: tableName,
    Key: write.key,
    UpdateExpression: `SET #day = :day, #dimension = :dimension, #value = :value ADD ${adds.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** Counter rows of one tenant, one dimension, between two China days (inclusive): a Query per month partition. */
export async function readCounters(
  store: Store,
  path: TenantPath,
  dimension: KpiDimension,
  fromDay: string,
  toDay: string,
): Promise<{ day: string; value: string; counters: Record<string, number> }[]> {
  const rows: { day: string; value: string; counters: Record<string, number> }[] = [];
  for (const month of monthsBetween(fromDay, toDay)) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const res = await store.doc.send(
        new QueryCommand({
          TableName: store.tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          FilterExpression: '#dimension = :dimension',
          ExpressionAttributeNames: { '#dimension': 'dimension' },
          ExpressionAttributeValues: {
            ':pk': keys.kpiPK(path, month),
            ':from': `${fromDay}#`,
            ':to': `${toDay}#\uffff`,
            ':dimension': dimension,
          },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of res.Items ?? []) {
        const { PK: _p, SK: _s, day, dimension: _d, value, ...counters } = item;
        rows.push({ day: String(day), value: String(value), counters: counters as Record<string, number> });
      }
      startKey = res.LastEvaluatedKey;
    } while (startKey);
  }
  return rows;
}

/** `YYYY-MM` of every month from `fromDay` to `toDay`. */
export function monthsBetween(fromDay: string, toDay: string): string[] {
  const out: string[] = [];
  let [y, m] = fromDay.slice(0, 7).split('-').map(Number) as [number, number];
  const end = toDay.slice(0, 7);
  for (let guard = 0; guard < 240; guard++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > end) break;
    out.push(month);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}
