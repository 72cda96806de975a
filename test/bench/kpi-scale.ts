import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { counterWrites, createDynamo } from '@civicgrid/db';
import type { CounterIncrement, TenantPath } from '@civicgrid/domain';
import type { BenchApp, BenchServices } from './bench-platform';
import type { BenchRow } from './report';
import { median, round } from './stats';

const YEAR = '2025';
const STREETS = 2;
const DEPARTMENTS = 4;
const CATEGORIES = 6;
const GRIDS = 10;
const QUERIES = 15;

/** A deterministic pseudo-random sequence (mulberry32): both districts are built the same way. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dayOfYear = (n: number) => new Date(Date.UTC(Number(YEAR), 0, 1 + n)).toISOString().slice(0, 10);

/**
 * The counter items `cases` cases spread over a year would leave, built as the store builds them (one item per
 * tenant per day per dimension value, numbers ADDed, the backlog counters also in the carry-over prefix items):
 * each case is reported, registered and dispatched on its day and in the due cohorts of its deadline two days
 * later (mostly met on time), counted per tenant, department, category and grid.
 */
function counterItems(paths: TenantPath[], cases: number) {
  const next = random(42);
  const items = new Map<string, Record<string, string | number>>();
  // the same items the store writes: day counters and month roll-ups, from the store's own counterWrites
  const add = (path: TenantPath, day: string, counts: Record<string, number>, dims: [string, string][]) => {
    const dimensions = Object.fromEntries(
      dims
        .filter(([d]) => d !== 'tenant')
        .map(([d, v]) => [d === 'department' ? 'departmentId' : d === 'category' ? 'categoryCode' : 'gridCode', v]),
    );
    const increments = Object.entries(counts).map(([name, by]) => ({ name, by, day, dimensions }) as CounterIncrement);
    for (const write of counterWrites(path, increments)) {
      const id = `${write.key.PK}|${write.key.SK}`;
      const item = items.get(id) ?? { ...write.key, ...write.attrs };
      for (const [name, by] of Object.entries(write.add)) item[name] = ((item[name] as number | undefined) ?? 0) + by;
      items.set(id, item);
    }
  };
  for (let i = 0; i < cases; i++) {
    const path = paths[Math.floor(next() * paths.length)] as TenantPath;
    const day = Math.floor(next() * 362);
    const dims: [string, string][] = [
      ['tenant', 'all'],
      ['department', `dept-${Math.floor(next() * DEPARTMENTS)}`],
      ['category', `cat-${Math.floor(next() * CATEGORIES)}`],
      ['grid', `12011600100100${Math.floor(next() * GRIDS)}`],
    ];
    // activity on the report day; the due cohorts on the deadline's day (two days later): 90 % met on time the
    // day after the report, 10 % met late the day after the deadline (closedLate / handledLate, backlog +1 −1)
    add(path, dayOfYear(day), { reported: 1, registered: 1, dispatched: 1 }, dims);
    const due = dayOfYear(day + 2);
    if (next() < 0.9) {
      const met = { dueCloseClosed: 1, dueCloseOnTime: 1, dueHandleHandled: 1, dueHandleOnTime: 1 };
      add(path, due, { dueClose: 1, dueHandle: 1, ...met }, dims);
    } else {
      add(path, due, { dueClose: 1, dueHandle: 1, closeBacklog: 1, handleBacklog: 1 }, dims);
      add(path, dayOfYear(day + 3), { closedLate: 1, handledLate: 1, closeBacklog: -1, handleBacklog: -1 }, dims);
    }
  }
  return [...items.values()];
}

/** P4: the district KPI query over a year, 1k cases' counters vs 1M cases' counters, same layout. */
export async function benchKpiScale(app: BenchApp, services: BenchServices, tableName: string): Promise<BenchRow[]> {
  const { doc, client } = createDynamo({ endpoint: services.dynamoEndpoint });
  const rows: BenchRow[] = [];
  const results: Record<string, { ms: number; rcu: number; items: number }> = {};
  for (const [label, cases] of [
    ['1k', 1_000],
    ['1M', 1_000_000],
  ] as const) {
    const district = await app.signup(`bench-kpi-${label.toLowerCase()}`, 'district');
    const paths: TenantPath[] = [district.tenant.path];
    for (let i = 0; i < STREETS; i++) {
      const street = await app.signup(`bench-kpi-${label.toLowerCase()}-s${i}`, 'street', district.tenant.slug);
      await app.call('POST', `/api/tenants/${street.tenant.id}/approve`, {}, district.token);
      paths.push(street.tenant.path);
    }
    const items = counterItems(paths.slice(1), cases);
    await writeAll(doc, tableName, items);
    const url = `/api/stats/kpis?from=${YEAR}-01-01&to=${YEAR}-12-31&groupBy=tenant`;
    const first = await app.call('GET', url, undefined, district.token);
    const reported = (first.body.rows as { reported: number }[]).reduce((sum, r) => sum + r.reported, 0);
    if (first.status !== 200 || reported !== cases) {
      throw new Error(`KPI query for ${label}: ${first.status}, ${reported} reported of ${cases}`);
    }
    const times: number[] = [];
    app.meter.reset();
    for (let i = 0; i < QUERIES; i++) {
      const t0 = performance.now();
      await app.call('GET', url, undefined, district.token);
      times.push(performance.now() - t0);
    }
    results[label] = { ms: median(times), rcu: app.meter.read().rcu / QUERIES, items: items.length };
    rows.push({
      id: 'P4',
      metric: `district KPIs for ${YEAR} (groupBy=tenant), ${label} cases: median of ${QUERIES}`,
      value: round(median(times), 1),
      unit: 'ms',
      note: `${items.length} counter items in ${STREETS} streets, ${round(app.meter.read().rcu / QUERIES, 1)} RRU per query`,
    });
  }
  client.destroy();
  const ratio = (results['1M']?.ms ?? 0) / (results['1k']?.ms ?? 1);
  rows.push({
    id: 'P4',
    metric: 'KPI query 1M cases ÷ 1k cases',
    value: round(ratio, 2),
    unit: '×',
    target: '≤ 1.2',
    met: ratio <= 1.2,
    note: `items ${results['1k']?.items} → ${results['1M']?.items} (bound: ${STREETS} streets × 365 days × ${1 + DEPARTMENTS + CATEGORIES + GRIDS} dimension values = ${STREETS * 365 * (1 + DEPARTMENTS + CATEGORIES + GRIDS)})`,
  });
  return rows;
}

async function writeAll(
  doc: ReturnType<typeof createDynamo>['doc'],
  tableName: string,
  items: Record<string, unknown>[],
) {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        const batch = batches[next++] ?? [];
        let request: Record<string, unknown>[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
        while (request && request.length > 0) {
          const res = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: request as never } }));
          request = res.UnprocessedItems?.[tableName] as Record<string, unknown>[] | undefined;
        }
      }
    }),
  );
}
