import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type CounterIncrement, tenantPath } from '@civicgrid/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestTable, dynamoEndpoint } from '../../../test/support/env';
import { createDynamo, type Store } from './client';
import { counterUpdate, counterWrites, monthsBetween, readCounters } from './kpi-counters';

let store: Store;
const path = tenantPath('d0009/s001/');

function inc(day: string, name: CounterIncrement['name'], categoryCode = 'garbage'): CounterIncrement {
  return { name, by: 1, day, dimensions: { categoryCode, departmentId: 'dept-1' } };
}

beforeAll(async () => {
  const { client, doc } = createDynamo({ endpoint: dynamoEndpoint() });
  store = { doc, tableName: await createTestTable(client) };
  const days = ['2026-01-05', '2026-01-20', '2026-01-31', '2026-02-01', '2026-02-14', '2026-03-03'];
  for (const [i, day] of days.entries()) {
    const writes = counterWrites(path, [
      inc(day, 'reported'),
      inc(day, 'reported', i % 2 ? 'road' : 'garbage'),
      inc(day, 'dueClose'),
    ]);
    await store.doc.send(
      new TransactWriteCommand({ TransactItems: writes.map((w) => ({ Update: counterUpdate(store.tableName, w) })) }),
    );
  }
});

const sum = (rows: { counters: Record<string, number> }[], name: string) =>
  rows.reduce((s, r) => s + (r.counters[name] ?? 0), 0);

describe('KPI counters', () => {
  it('merges increments of one item and keeps a month roll-up beside each day item', () => {
    const writes = counterWrites(path, [
      inc('2026-01-05', 'reported'),
      inc('2026-01-05', 'reported'),
      inc('2026-01-05', 'dueClose'),
    ]);
    // tenant, department, category × (day, month)
    expect(writes).toHaveLength(6);
    const day = writes.find((w) => w.key.SK === 'tenant#2026-01-05#all');
    expect(day?.add).toEqual({ reported: 2, dueClose: 1 });
    expect(writes.find((w) => w.key.SK === 'M#tenant#2026-01#all')?.add).toEqual({ reported: 2, dueClose: 1 });
  });

  it('reads the same totals from roll-ups, day items and mixed periods', async () => {
    const wholeQuarter = await readCounters(store, path, 'tenant', '2026-01-01', '2026-03-31');
    expect(wholeQuarter.map((r) => r.day)).toEqual(['2026-01', '2026-02', '2026-03']); // three roll-up items
    expect(sum(wholeQuarter, 'reported')).toBe(12);
    const byDay = await readCounters(store, path, 'tenant', '2026-01-01', '2026-03-31', { byDay: true });
    expect(byDay).toHaveLength(6);
    expect(sum(byDay, 'reported')).toBe(12);
    // a partial January and March, a whole February
    const mixed = await readCounters(store, path, 'tenant', '2026-01-20', '2026-03-02');
    expect(mixed.map((r) => r.day)).toEqual(['2026-01-20', '2026-01-31', '2026-02']);
    expect(sum(mixed, 'dueClose')).toBe(4);
    const categories = await readCounters(store, path, 'category', '2026-01-01', '2026-01-31');
    expect(Object.fromEntries(categories.map((r) => [r.value, r.counters.reported]))).toEqual({ garbage: 5, road: 1 });
  });

  it('lists the months of a period', () => {
    expect(monthsBetween('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});
