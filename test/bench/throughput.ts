import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { createDynamo, keys } from '@civicgrid/db';
import autocannon from 'autocannon';
import { setUpStreet } from '../support/street';
import type { BenchApp, BenchServices } from './bench-platform';
import type { BenchRow } from './report';
import { closedLoop, quantile, round } from './stats';

type AutocannonResult = Awaited<ReturnType<typeof autocannon>>;

const CONCURRENCY = 32;
const LATENCY_CONCURRENCY = 8;

const report = JSON.stringify({
  description: '小区门口垃圾堆积，无人清理',
  categoryCode: 'garbage',
  location: { lat: 39.03, lng: 117.72 },
  address: '幸福路 1 号',
});

/**
 * P1: citizen reports through the full HTTP API (autocannon, 32 connections) vs raw PutItem of an item the size
 * of a stored case on the same DynamoDB Local, same duration, same concurrency; then latency of a case list and
 * of an action.
 */
export async function benchThroughput(
  app: BenchApp,
  services: BenchServices,
  tableName: string,
  seconds: number,
): Promise<BenchRow[]> {
  const s = await setUpStreet(app as never, 'bench-p1');
  const url = `${app.url}/public/bench-p1/reports`;
  await autocannonProcess(url, 2); // warm-up: JIT, connection pools
  const api = await autocannonProcess(url, seconds);
  const apiPerSecond = api.requests.average; // autocannon's per-second samples, all answers were 2xx (see note)

  // the baseline: one PutItem per "report" of a real stored case item (same size, same GSI keys), fresh keys
  const { client } = createDynamo({ endpoint: services.dynamoEndpoint });
  const sample = await firstCaseItem(app, s.tokens.dispatcher, s.path, tableName, client);
  let n = 0;
  const put = () => {
    const id = `bench-raw-${n++}`;
    return client
      .send(new PutItemCommand({ TableName: tableName, Item: { ...sample, PK: { S: `raw/CASE#${id}` } } }))
      .then(() => undefined);
  };
  await closedLoop(CONCURRENCY, 2000, put);
  const raw = await closedLoop(CONCURRENCY, seconds * 1000, put);

  // latencies: the dispatcher's list, and `register` on the reports just filed (each case acted on once)
  const list = await autocannon({
    url: `${app.url}/api/cases?limit=20`,
    headers: { authorization: `Bearer ${s.tokens.dispatcher}` },
    connections: LATENCY_CONCURRENCY,
    duration: Math.max(3, Math.round(seconds / 2)),
  });
  const ids = await reportedIds(app, s.tokens.dispatcher, 1500);
  const act = await closedLoop(
    LATENCY_CONCURRENCY,
    seconds * 1000,
    async (id) => {
      const res = await fetch(`${app.url}/api/cases/${id}/actions/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${s.tokens.dispatcher}` },
        body: JSON.stringify({ categoryCode: 'garbage', note: '属实' }),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`register ${res.status}`);
    },
    ids,
  );
  // the staff action's baseline: raw PutItem at the actions' concurrency, right after them
  const rawAtActions = await closedLoop(LATENCY_CONCURRENCY, seconds * 1000, put);
  client.destroy();
  const ratio = apiPerSecond / raw.perSecond;
  const actionRatio = act.perSecond / rawAtActions.perSecond;
  return [
    row(
      'P1',
      `citizen reports via HTTP (POST /public/:slug/reports, c=${CONCURRENCY}, ${seconds}s)`,
      apiPerSecond,
      'req/s',
      `${api['2xx']} created in ${round(api.duration, 1)} s, ${api.non2xx} non-2xx, ${api.errors} errors, ${api.timeouts} timeouts, p50 ${api.latency.p50} ms, p99 ${api.latency.p99} ms`,
    ),
    row(
      'P1',
      `raw PutItem of a case-sized item (c=${CONCURRENCY}, ${seconds}s)`,
      raw.perSecond,
      'ops/s',
      `${raw.errors} errors`,
    ),
    {
      id: 'P1',
      metric: 'reports via API ÷ raw PutItem',
      value: round(ratio, 3),
      unit: '×',
      target: '≥ 0.5',
      met: ratio >= 0.5,
    },
    row(
      'P1',
      `GET /api/cases?limit=20 p50 (c=${LATENCY_CONCURRENCY})`,
      list.latency.p50,
      'ms',
      `${round(list.requests.average, 0)} req/s, ${list.non2xx} non-2xx`,
    ),
    row('P1', `GET /api/cases?limit=20 p99 (c=${LATENCY_CONCURRENCY})`, list.latency.p99, 'ms'),
    row(
      'P1',
      `POST /api/cases/:id/actions/register p50 (c=${LATENCY_CONCURRENCY})`,
      quantile(act.latencies, 0.5),
      'ms',
      `${act.latencies.length} actions, ${act.errors} failed`,
    ),
    row(
      'P1',
      `POST /api/cases/:id/actions/register p99 (c=${LATENCY_CONCURRENCY})`,
      quantile(act.latencies, 0.99),
      'ms',
    ),
    row(
      'P1',
      `staff actions (register) via HTTP (c=${LATENCY_CONCURRENCY})`,
      round(act.perSecond, 1),
      'actions/s',
      `raw PutItem at c=${LATENCY_CONCURRENCY} right after: ${round(rawAtActions.perSecond, 1)} ops/s`,
    ),
    {
      id: 'P1',
      metric: 'staff actions via API ÷ raw PutItem (same concurrency)',
      value: round(actionRatio, 3),
      unit: '×',
      target: '≥ 0.5',
      met: actionRatio >= 0.5,
    },
  ];
}

/**
 * autocannon in its own Node process (as a real client would be): in-process, its request building and response
 * parsing would take event-loop time from the server it measures. Same options as the programmatic call.
 */
async function autocannonProcess(url: string, duration: number): Promise<AutocannonResult> {
  const cli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const args = [cli, '--json', '-c', String(CONCURRENCY), '-d', String(duration), '-m', 'POST'];
  args.push('-H', 'content-type=application/json', '-b', report, url);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`autocannon exited with ${code}`);
  return JSON.parse(out) as AutocannonResult;
}

function row(id: string, metric: string, value: number, unit: string, note?: string): BenchRow {
  return { id, metric, value: round(value, 1), unit, note };
}

async function firstCaseItem(
  app: BenchApp,
  token: string,
  path: string,
  tableName: string,
  client: ReturnType<typeof createDynamo>['client'],
) {
  const page = await app.call('GET', '/api/cases?limit=1', undefined, token);
  const id = page.body.items[0].id as string;
  const key = keys.caseMeta(path as never, id);
  const got = await client.send(
    new GetItemCommand({ TableName: tableName, Key: { PK: { S: key.PK }, SK: { S: key.SK } } }),
  );
  if (!got.Item) throw new Error('no case item to copy');
  // same item, same index fan-out, but under index partitions no tenant reads
  const item = { ...got.Item };
  for (const [name, value] of Object.entries(item)) {
    if (/^GSI\dPK$/.test(name) && value.S) item[name] = { S: `raw/${value.S}` };
  }
  return item;
}

async function reportedIds(app: BenchApp, token: string, max: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await app.call(
      'GET',
      `/api/cases?step=reported&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      undefined,
      token,
    );
    ids.push(...page.body.items.map((c: { id: string }) => c.id));
    cursor = page.body.cursor;
  } while (cursor && ids.length < max);
  return ids.slice(0, max);
}
