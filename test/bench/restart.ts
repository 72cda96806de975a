import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamo, FieldCipher, personRecords, RecordRepository } from '@civicgrid/db';
import { newPerson, type TenantPath } from '@civicgrid/domain';
import { startDynamoDbLocal } from '@civicgrid/local/services';
import { http, type RuntimeProcess, startRuntimeProcess } from '../support/runtime-process';
import { idOf } from './people-scale';
import type { BenchRow } from './report';
import { round } from './stats';

const ADMIN = { CIVICGRID_ADMIN_EMAIL: 'ops@bench.test', CIVICGRID_ADMIN_PASSWORD: 'ops-password-123' };
const TABLE = 'civicgrid';

const progress = (line: string) => process.env.BENCH_VERBOSE && console.error(`restart bench: ${line}`);

export interface RestartScale {
  open: number;
  closed: number;
  people: number;
}

/** A street's year (issue 22, P5): 20k cases of which 2k open, 50k people. `BENCH_RESTART=open,closed,people`. */
export function restartScale(): RestartScale {
  const [open = 2_000, closed = 18_000, people = 50_000] = (process.env.BENCH_RESTART ?? '')
    .split(',')
    .filter(Boolean)
    .map(Number);
  return { open, closed, people };
}

/** RSS in MB of a process and every process below it (the runtime's node, DynamoDB Local's JVM, s3rver). */
async function treeRss(rootPid: number): Promise<{ total: number; byName: Record<string, number> }> {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  const rss = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      parents.set(pid, Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0));
      names.set(pid, /Name:\s+(\S+)/.exec(status)?.[1] ?? '?');
      rss.set(pid, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    } catch {
      // the process ended while we looked
    }
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  const byName: Record<string, number> = {};
  let total = 0;
  for (const pid of tree) {
    const mb = rss.get(pid) ?? 0;
    total += mb;
    const name = names.get(pid) ?? '?';
    byName[name] = round((byName[name] ?? 0) + mb, 0);
  }
  return { total: round(total, 0), byName };
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

async function writeAll(doc: ReturnType<typeof createDynamo>['doc'], items: Record<string, unknown>[]) {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await pool(batches, 8, async (batch) => {
    let request = { [TABLE]: batch.map((Item) => ({ PutRequest: { Item } })) };
    while (Object.keys(request).length > 0) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: request }));
      request = (out.UnprocessedItems ?? {}) as typeof request;
    }
  });
}

/**
 * P5: the embedded runtime restarted over a street's year. The data is made through the running platform where it
 * matters to the restart (the open cases: each with its workflow waiting for a person), and written as the store's
 * own items where it only fills the table (closed cases: copies of a stored case item under new keys, without the
 * open-step index entries; people: `RecordRepository.bulkItems`, sealed with the data directory's key). Then the
 * runtime is stopped and started again exactly as `npm start` runs it; the figure is from spawn to the banner line
 * (the HTTP server listens only after every open record's workflow is resumed), then `/health`, then RSS of the
 * whole process tree.
 */
export async function benchRestart(scale = restartScale()): Promise<BenchRow[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'civicgrid-bench-restart-'));
  let runtime: RuntimeProcess | undefined = await startRuntimeProcess(
    { CIVICGRID_DATA_DIR: dataDir, ...ADMIN },
    180_000,
  );
  let tenantPath = '';
  let tenantId = '';
  try {
    const url = runtime.url;
    const signup = await http(url, 'POST', '/api/signup', {
      tenant: { name: '压测街道', slug: 'bench-restart', level: 'street' },
      admin: { name: '管理员', email: 'admin@bench-restart.test', password: 'admin-password-1' },
    });
    if (signup.status !== 201) throw new Error(`signup: ${signup.status} ${JSON.stringify(signup.body)}`);
    tenantPath = signup.body.tenant.path;
    tenantId = signup.body.tenant.id;
    const login = await http(url, 'POST', '/api/auth/login', {
      email: 'admin@bench-restart.test',
      password: 'admin-password-1',
    });
    const token = login.body.token as string;
    // a street's year is more than a trial's 200 reports a month: the operator moves it to the district plan
    const ops = await http(url, 'POST', '/api/auth/login', {
      email: ADMIN.CIVICGRID_ADMIN_EMAIL,
      password: ADMIN.CIVICGRID_ADMIN_PASSWORD,
    });
    await http(url, 'POST', `/api/admin/tenants/${tenantId}/plan`, { plan: 'district' }, ops.body.token);
    const dept = (await http(url, 'POST', '/api/departments', { name: '城管' }, token)).body;
    await http(
      url,
      'POST',
      '/api/categories',
      { code: 'garbage', name: '垃圾', departmentId: dept.id, timeLimit: { value: 2, unit: 'workingDays' } },
      token,
    );
    const numbers = Array.from({ length: scale.open }, (_, i) => i);
    let failed = 0;
    await pool(numbers, 16, async (i) => {
      const res = await http(
        url,
        'POST',
        '/api/cases',
        { description: `路面垃圾堆放 ${i}`, categoryCode: 'garbage' },
        token,
      );
      if (res.status !== 201 && failed++ === 0) console.error(res.status, JSON.stringify(res.body));
    });
    progress(`${scale.open} open cases created`);
    if (failed > 0) throw new Error(`${failed} of ${scale.open} cases were not created`);
  } finally {
    await runtime.stop();
    runtime = undefined;
  }

  // fill the table: closed cases and people, written while the runtime is down
  const dynamo = await startDynamoDbLocal({ dataDir });
  try {
    const { doc, client } = createDynamo({ endpoint: dynamo.endpoint });
    const sample = await doc.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': `${tenantPath}CASES` },
        Limit: 1,
      }),
    );
    const template = sample.Items?.[0];
    if (!template) throw new Error('no stored case to copy');
    const closed: Record<string, unknown>[] = [];
    for (let i = 0; i < scale.closed; i++) {
      const copy: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(template)) {
        if (!/^GSI/.test(key)) copy[key] = value;
      }
      copy.PK = `${tenantPath}CASE#closed-${i}`;
      copy.step = 'evaluated';
      closed.push(copy);
    }
    await writeAll(doc, closed);
    const secret = (await readFile(join(dataDir, 'keys', 'field-secret'), 'utf8')).trim();
    const store = { doc, client, tableName: TABLE } as unknown as ConstructorParameters<typeof RecordRepository>[0];
    const repo = new RecordRepository(store, personRecords, {
      cursorSecret: 'bench',
      cipher: new FieldCipher(secret),
    });
    const now = new Date().toISOString();
    const people: Record<string, unknown>[] = [];
    const ids = new Set<string>();
    for (let n = 0; ids.size < scale.people; n++) {
      const idNumber = idOf(n);
      if (ids.has(idNumber)) continue;
      ids.add(idNumber);
      const person = newPerson(
        { name: `居民${n}`, idNumber, registration: n % 4 === 0 ? 'floating' : 'resident', phone: undefined, tags: [] },
        { id: `${tenantId}-p${n}`, now, userId: 'bench' },
      );
      people.push(...repo.bulkItems(tenantPath as TenantPath, person));
    }
    await writeAll(doc, people);
    progress(`${scale.closed} closed cases and ${scale.people} people written`);
    client.destroy();
  } finally {
    await dynamo.stop();
  }

  const t0 = performance.now();
  runtime = await startRuntimeProcess({ CIVICGRID_DATA_DIR: dataDir, ...ADMIN }, 600_000);
  try {
    const health = await http(runtime.url, 'GET', '/health');
    const toHealth = performance.now() - t0;
    if (health.status !== 200) throw new Error(`health after restart: ${health.status}`);
    const banner = /resumed (\d+) open case workflow\(s\) in ([\d.]+) s/.exec(runtime.output());
    const resumed = Number(banner?.[1] ?? 0);
    const rss = await treeRss(runtime.child.pid ?? 0);
    const target = 15_000;
    return [
      {
        id: 'P5',
        metric: `embedded restart to /health, a street's year (${scale.open + scale.closed} cases, ${scale.open} open; ${scale.people} people)`,
        value: round(toHealth / 1000, 1),
        unit: 's',
        target: '≤ 15 s, every open record resumed',
        met: toHealth <= target && resumed >= scale.open,
        note: `${resumed} open workflows resumed in ${banner?.[2] ?? '?'} s before the server listened; spawn of \`npm start\` to the first /health answer`,
      },
      {
        id: 'P5',
        metric: 'RSS of the whole runtime after the restart (node + DynamoDB Local + s3rver)',
        value: rss.total,
        unit: 'MB',
        target: '≤ 600 MB',
        met: rss.total <= 600,
        note: Object.entries(rss.byName)
          .map(([name, mb]) => `${name} ${mb} MB`)
          .join(', '),
      },
    ];
  } finally {
    await runtime.stop();
  }
}
