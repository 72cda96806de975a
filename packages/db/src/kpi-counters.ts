import { backlogCounterNames, type CounterIncrement, type TenantPath } from '@civicgrid/domain';
import type { Store } from './client';
import { keys } from './keys';
import { queryAll } from './query-all';

/** KPI dimensions a counter is kept for; `tenant` always, the others when the case has that attribute. */
export type KpiDimension = 'tenant' | 'department' | 'category' | 'grid' | 'user';

const backlogNames: ReadonlySet<string> = new Set(backlogCounterNames);

/** One counter item's key and the amounts to add, merged so a transaction never touches an item twice. */
export interface CounterWrite {
  key: { PK: string; SK: string };
  add: Record<string, number>;
  attrs: { day: string; dimension: KpiDimension; value: string };
}

/**
 * Turn a transition's increments into one update per counter item (DynamoDB forbids two writes to one item);
 * increments that cancel out are left out. Every counter goes to its day item and its month roll-up; the backlog
 * counters (whose sum before a day is the carry-over) also to a month and a year item of the tenant's `KPIY`
 * partition, so a carry-over is three queries whatever the history's length.
 */
export function counterWrites(path: TenantPath, increments: CounterIncrement[]): CounterWrite[] {
  const byKey = new Map<string, CounterWrite>();
  for (const inc of increments) {
    const targets: [KpiDimension, string][] = inc.dimensionsOnly ? [] : [['tenant', 'all']];
    if (inc.dimensions.departmentId) targets.push(['department', inc.dimensions.departmentId]);
    if (inc.dimensions.categoryCode) targets.push(['category', inc.dimensions.categoryCode]);
    if (inc.dimensions.gridCode) targets.push(['grid', inc.dimensions.gridCode]);
    if (inc.dimensions.userId) targets.push(['user', inc.dimensions.userId]);
    const month = inc.day.slice(0, 7);
    for (const [dimension, value] of targets) {
      // the day's counter and the month's roll-up: whole months are read from the roll-up (12 items a year)
      const items: [{ PK: string; SK: string }, string][] = [
        [keys.kpi(path, inc.day, dimension, value), inc.day],
        [keys.kpiMonth(path, month, dimension, value), month],
      ];
      if (backlogNames.has(inc.name)) {
        items.push([keys.kpiPrefixMonth(path, month, dimension, value), month]);
        items.push([keys.kpiPrefixYear(path, inc.day.slice(0, 4), dimension, value), inc.day.slice(0, 4)]);
      }
      for (const [key, day] of items) {
        const id = `${key.PK}|${key.SK}`;
        const write = byKey.get(id) ?? { key, add: {}, attrs: { day, dimension, value } };
        write.add[inc.name] = (write.add[inc.name] ?? 0) + inc.by;
        byKey.set(id, write);
      }
    }
  }
  const out: CounterWrite[] = [];
  for (const write of byKey.values()) {
    for (const [name, by] of Object.entries(write.add)) if (by === 0) delete write.add[name];
    if (Object.keys(write.add).length > 0) out.push(write);
  }
  return out;
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

/** Carry-over per dimension value at the start of `day`: the backlog counters summed over every earlier day. */
export async function readCarry(
  store: Store,
  path: TenantPath,
  dimension: KpiDimension,
  day: string,
): Promise<Map<string, { close: number; handle: number }>> {
  const year = day.slice(0, 4);
  const month = day.slice(0, 7);
  const projection = {
    ProjectionExpression: '#value, closeBacklog, handleBacklog',
    ExpressionAttributeNames: { '#value': 'value' },
  };
  const reads: Promise<Record<string, unknown>[]>[] = [
    // whole years before: one item per year and value
    queryAll(store, {
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.kpiPrefixPK(path),
        ':from': `Y#${dimension}#`,
        ':to': `Y#${dimension}#${year}#`,
      },
      ...projection,
    }),
  ];
  if (month > `${year}-01`) {
    // whole months of the year before the day's month
    reads.push(
      queryAll(store, {
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.kpiPrefixPK(path),
          ':from': `M#${dimension}#${year}-01#`,
          ':to': `M#${dimension}#${month}#`,
        },
        ...projection,
      }),
    );
  }
  if (day > `${month}-01`) {
    // the days of the month before the day
    reads.push(
      queryAll(store, {
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.kpiPK(path, month),
          ':from': `${dimension}#${month}-01#`,
          ':to': `${dimension}#${day}#`,
        },
        ...projection,
      }),
    );
  }
  const carry = new Map<string, { close: number; handle: number }>();
  for (const item of (await Promise.all(reads)).flat()) {
    const value = String(item.value);
    const entry = carry.get(value) ?? { close: 0, handle: 0 };
    entry.close += Number(item.closeBacklog ?? 0);
    entry.handle += Number(item.handleBacklog ?? 0);
    carry.set(value, entry);
  }
  return carry;
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
