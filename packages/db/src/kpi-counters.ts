import type { CounterIncrement, TenantPath } from '@civicgrid/domain';
import type { Store } from './client';
import { keys } from './keys';
import { queryAll } from './query-all';

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
      // the day's counter and the month's roll-up: whole months are read from the roll-up (12 items a year)
      for (const [key, day] of [
        [keys.kpi(path, inc.day, dimension, value), inc.day],
        [keys.kpiMonth(path, inc.day.slice(0, 7), dimension, value), inc.day.slice(0, 7)],
      ] as const) {
        const id = `${key.PK}|${key.SK}`;
        const write = byKey.get(id) ?? { key, add: {}, attrs: { day, dimension, value } };
        write.add[inc.name] = (write.add[inc.name] ?? 0) + inc.by;
        byKey.set(id, write);
      }
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

/** A counter row: `day` is the China day, or the month (`YYYY-MM`) for a whole-month roll-up. */
export interface CounterRow {
  day: string;
  value: string;
  counters: Record<string, number>;
}

/**
 * Counter rows of one tenant and one dimension between two China days (inclusive). A month the period covers
 * completely is read from its roll-up item; the partial months at the edges from day items — so the reads depend
 * on the period and the number of values, never on how many cases there were. `byDay` forces day items (a trend).
 */
export async function readCounters(
  store: Store,
  path: TenantPath,
  dimension: KpiDimension,
  fromDay: string,
  toDay: string,
  options: { byDay?: boolean } = {},
): Promise<CounterRow[]> {
  const months = monthsBetween(fromDay, toDay);
  const pages = await Promise.all(
    months.map((month) => {
      const whole = !options.byDay && fromDay <= `${month}-01` && toDay >= lastDayOf(month);
      const range = whole
        ? { from: `M#${dimension}#${month}#`, to: `M#${dimension}#${month}#\uffff` }
        : { from: `${dimension}#${fromDay}#`, to: `${dimension}#${toDay}#\uffff` };
      return queryAll(store, {
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.kpiPK(path, month), ':from': range.from, ':to': range.to },
      });
    }),
  );
  return pages.flat().map((item) => {
    const { PK: _p, SK: _s, day, dimension: _d, value, ...counters } = item;
    return { day: String(day), value: String(value), counters: counters as Record<string, number> };
  });
}

/** `YYYY-MM-DD` of the last day of a `YYYY-MM` month. */
function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(days).padStart(2, '0')}`;
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
