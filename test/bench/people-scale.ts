import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamo, FieldCipher, personRecords, RecordRepository } from '@civicgrid/db';
import { idNumberCheckChar, newPerson, type TenantPath } from '@civicgrid/domain';
import type { BenchApp, BenchServices } from './bench-platform';
import type { BenchRow } from './report';
import { median, round } from './stats';

const QUERIES = 15;

/** A valid ID number for person `n` (distinct for n < 10^7). */
export function idOf(n: number): string {
  const birth = `${1940 + (n % 70)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (Math.floor(n / 12) % 28)).padStart(2, '0')}`;
  const first17 = `${['120116', '130102', '410102', '510104'][n % 4]}${birth}${String(Math.floor(n / 3360) % 1000).padStart(3, '0')}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

/**
 * P5: finding a person by ID number among 1k and 100k people of one street. The people are the store's own
 * items (record, every list item, the unique ID hash — built by the repository, sealed with the app's key),
 * loaded with BatchWriteItem; the search is `GET /api/people?q=<id>` in-process, median of 15, with the
 * capacity meter counting the read units and Scans of the whole request.
 */
export async function benchPeopleScale(app: BenchApp, services: BenchServices, tableName: string): Promise<BenchRow[]> {
  const { doc, client } = createDynamo({ endpoint: services.dynamoEndpoint });
  const repo = new RecordRepository(app.deps.store, personRecords, {
    cursorSecret: app.deps.config.cursorSecret,
    cipher: new FieldCipher(app.deps.config.fieldSecret),
  });
  const rows: BenchRow[] = [];
  const results: Record<string, number> = {};
  for (const [label, count] of [
    ['1k', 1_000],
    ['100k', 100_000],
  ] as const) {
    const street = await app.signup(`bench-people-${label}`, 'street');
    const path = street.tenant.path as TenantPath;
    const now = new Date().toISOString();
    // unique ID numbers: distinct (region, birth date, sequence) per n
    const ids = new Set<string>();
    const items: Record<string, unknown>[] = [];
    for (let n = 0; ids.size < count; n++) {
      const idNumber = idOf(n);
      if (ids.has(idNumber)) continue;
      ids.add(idNumber);
      const person = newPerson(
        { name: `居民${n}`, idNumber, registration: n % 4 === 0 ? 'floating' : 'resident', phone: undefined, tags: [] },
        { id: `${street.tenant.id}-p${n}`, now, userId: 'bench' },
      );
      items.push(...repo.bulkItems(path, person));
    }
    await writeAll(doc, tableName, items);
    const target = [...ids][Math.floor(count / 2)] as string;
    const first = await app.call('GET', `/api/people?q=${target}`, undefined, street.token);
    if (first.status !== 200 || first.body.items.length !== 1)
      throw new Error(`ID search for ${label}: ${first.status}`);
    app.meter.reset();
    const times: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const t0 = performance.now();
      await app.call('GET', `/api/people?q=${target}`, undefined, street.token);
      times.push(performance.now() - t0);
    }
    const read = app.meter.read();
    results[label] = median(times);
    rows.push({
      id: 'P4',
      metric: `person by ID number among ${label} people: median of ${QUERIES}`,
      value: round(median(times), 1),
      unit: 'ms',
      note: `${items.length} items; per search ${round(read.rcu / QUERIES, 2)} RRU (the whole request), ${read.scans} Scans, commands ${JSON.stringify(read.commands)}`,
    });
  }
  client.destroy();
  const ratio = (results['100k'] ?? 0) / (results['1k'] ?? 1);
  rows.push({
    id: 'P4',
    metric: 'ID search 100k ÷ 1k people',
    value: round(ratio, 2),
    unit: '×',
    target: '≤ 1.2',
    met: ratio <= 1.2,
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
