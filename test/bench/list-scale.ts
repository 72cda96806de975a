import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamo, viewPK } from '@civicgrid/db';
import type { BenchApp, BenchServices } from './bench-platform';
import type { BenchRow } from './report';
import { median, round } from './stats';

const QUERIES = 15;

/**
 * The list-index items `cases` cases of a common category leave under the district (each case has an `ALL` and a
 * `CAT#common` entry there, as the store writes them).
 */
function indexItems(districtPath: string, streetPath: string, cases: number) {
  const items: Record<string, string>[] = [];
  for (let i = 0; i < cases; i++) {
    const sk = `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z#pad-${i}`;
    for (const view of ['ALL', 'CAT#common']) {
      items.push({ PK: viewPK(districtPath, 'TREE', view), SK: sk, caseId: `pad-${i}`, casePath: streetPath });
    }
  }
  return items;
}

/** P6: `scope=subtree&categoryCode=<rare>` from a district, 1k vs 50k other cases: the same reads. */
export async function benchListScale(app: BenchApp, services: BenchServices, tableName: string): Promise<BenchRow[]> {
  const { doc, client } = createDynamo({ endpoint: services.dynamoEndpoint });
  const rows: BenchRow[] = [];
  const results: Record<string, { ms: number; rcu: number }> = {};
  for (const [label, cases] of [
    ['1k', 1_000],
    ['50k', 50_000],
  ] as const) {
    const district = await app.signup(`bench-list-${label}`, 'district');
    const street = await app.signup(`bench-list-${label}-s`, 'street', district.tenant.slug);
    await app.call('POST', `/api/tenants/${street.tenant.id}/approve`, {}, district.token);
    const dept = (await app.call('POST', '/api/departments', { name: '城管' }, street.token)).body;
    await app.call(
      'POST',
      '/api/categories',
      { code: 'rare', name: '罕见', departmentId: dept.id, timeLimit: { value: 1, unit: 'workingDays' } },
      street.token,
    );
    const rare = await app.call('POST', '/api/cases', { description: '罕见事件', categoryCode: 'rare' }, street.token);
    await writeAll(doc, tableName, indexItems(district.tenant.path, street.tenant.path, cases));
    const url = '/api/cases?scope=subtree&categoryCode=rare';
    const first = await app.call('GET', url, undefined, district.token);
    if (first.status !== 200 || first.body.items?.[0]?.id !== rare.body.id) {
      throw new Error(`subtree list for ${label}: ${first.status} ${JSON.stringify(first.body).slice(0, 200)}`);
    }
    const times: number[] = [];
    app.meter.reset();
    for (let i = 0; i < QUERIES; i++) {
      const t0 = performance.now();
      await app.call('GET', url, undefined, district.token);
      times.push(performance.now() - t0);
    }
    const rcu = app.meter.read().rcu / QUERIES;
    results[label] = { ms: median(times), rcu };
    rows.push({
      id: 'P4',
      metric: `district subtree list, categoryCode=rare, ${label} other cases: median of ${QUERIES}`,
      value: round(median(times), 1),
      unit: 'ms',
      note: `${round(rcu, 2)} RRU per request (the request's own reads, session and tenant lookups included)`,
    });
  }
  client.destroy();
  const ratio = (results['50k']?.rcu ?? 0) / (results['1k']?.rcu ?? 1);
  rows.push({
    id: 'P4',
    metric: 'subtree list reads, 50k cases ÷ 1k cases',
    value: round(ratio, 2),
    unit: '×',
    target: '= 1',
    met: Math.abs(ratio - 1) < 0.01,
    note: 'one Query of the CAT#rare view partition + one BatchGet of the page (docs/data-model.md, case list index)',
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
