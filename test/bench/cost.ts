import { routeSpecs } from '@civicgrid/api';
import { CaseRepository, createDynamo } from '@civicgrid/db';
import { setUpStreet } from '../support/street';
import { BENCH_ADMIN, type BenchApp, type BenchServices } from './bench-platform';
import type { CapacityTotals } from './capacity-meter';
import type { BenchRow } from './report';
import { round } from './stats';

/** Prices used for the dollar figures (us-east-1 on-demand / pay-per-use, as published for 2025). */
export const PRICES = {
  perMillionWrites: 1.25,
  perMillionReads: 0.25,
  /** Step Functions standard workflows */
  perThousandTransitions: 0.025,
  /** Lambda requests, and compute per GB-second (x86) */
  perMillionInvocations: 0.2,
  perGbSecond: 0.0000166667,
  /** API Gateway HTTP API, first 300M requests */
  perMillionHttpRequests: 1.0,
};
/** The functions' memory (infra/src/api/api-stack.ts: the API 1024 MB; the workflow tasks the 512 MB default). */
const API_GB = 1;
const TASK_GB = 0.5;
/** Assumed billed time of one workflow task (a GetItem or an UpdateItem and a return; 1 ms granularity). */
const TASK_MS = 50;
/** Workflow states that invoke a Lambda function. */
const TASK_STATES = new Set(['Prepare', 'AwaitAction', 'Escalate', 'ContinueAsNew', 'WorkflowError']);
const LIFECYCLES = 5;

/**
 * P3: capacity one full case lifecycle consumes (citizen report → register → dispatch → handle → verify → close →
 * citizen rating, each step also run through the workflow's Prepare/await tasks), the dollars per 1,000 cases, and
 * the Scans sent on every request path (the lifecycle plus one call of every GET route).
 */
export async function benchCost(app: BenchApp, services: BenchServices, tableName: string): Promise<BenchRow[]> {
  const s = await setUpStreet(app as never, 'bench-p3');
  // a separate, unmetered client: the bench's own polling must not count
  const probe = createDynamo({ endpoint: services.dynamoEndpoint });
  const cases = new CaseRepository({ doc: probe.doc, tableName }, app.deps.config.cursorSecret);
  const waitForTask = async (id: string, step: string) => {
    for (let i = 0; i < 200; i++) {
      const stored = await cases.get(s.path as never, id);
      if (stored?.taskToken && stored.taskStep === step) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no task token for ${id} at ${step}`);
  };
  const expectOk = (res: { status: number; body: unknown }, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };

  app.meter.reset();
  const transitionsBefore = app.stateTransitions();
  let apiCalls = 0;
  let apiMs = 0;
  const timed = async <T>(call: Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await call;
    apiMs += performance.now() - t0;
    apiCalls++;
    return result;
  };
  for (let i = 0; i < LIFECYCLES; i++) {
    const filed = expectOk(
      await timed(
        app.call('POST', '/public/bench-p3/reports', {
          description: `路灯不亮 ${i}`,
          categoryCode: 'garbage',
          location: { lat: 39.03 + i / 100, lng: 117.72 },
          contact: { name: '张三', phone: '13800138000' },
        }),
      ),
      'report',
    );
    const code = filed.body as { trackingCode: string };
    const id = (await cases.getByTrackingCode(s.path as never, code.trackingCode))?.state.id;
    if (!id) throw new Error('report not found by its code');
    await waitForTask(id, 'reported');
    const act = async (action: string, body: unknown, token: string, next: string) => {
      expectOk(await timed(app.call('POST', `/api/cases/${id}/actions/${action}`, body, token)), action);
      await waitForTask(id, next);
    };
    await act('register', { categoryCode: 'garbage', gridCode: s.gridCode }, s.tokens.dispatcher, 'registered');
    await act('dispatch', { departmentId: s.dept.id }, s.tokens.dispatcher, 'dispatched');
    await act('handle', { note: '已修复' }, s.tokens.department, 'handled');
    await act('verify', { note: '已核实' }, s.tokens.grid, 'verified');
    await act('close', { note: '结案' }, s.tokens.dispatcher, 'closed');
    expectOk(
      await timed(app.call('POST', `/public/bench-p3/reports/${code.trackingCode}/evaluation`, { rating: 5 })),
      'evaluation',
    );
  }
  await new Promise((r) => setTimeout(r, 500)); // the last Prepare reads the evaluated case and succeeds
  const lifecycle = app.meter.read();
  const transitionsAfter = app.stateTransitions();
  const entered: Record<string, number> = {};
  for (const [state, n] of Object.entries(transitionsAfter)) {
    const delta = (n - (transitionsBefore[state] ?? 0)) / LIFECYCLES;
    if (delta > 0) entered[state] = delta;
  }
  const transitions = Object.values(entered).reduce((a, b) => a + b, 0);
  const taskInvocations = Object.entries(entered)
    .filter(([state]) => TASK_STATES.has(state))
    .reduce((a, [, n]) => a + n, 0);

  app.meter.reset();
  const listed = await callEveryGetRoute(app, s);
  const lists = app.meter.read();
  probe.client.destroy();

  const perCase = { rcu: lifecycle.rcu / LIFECYCLES, wcu: lifecycle.wcu / LIFECYCLES };
  const requestsPerCase = apiCalls / LIFECYCLES;
  const apiMsPerCall = apiMs / apiCalls;
  // dollars per 1,000 cases, item by item
  const items = {
    'DynamoDB writes': (perCase.wcu * PRICES.perMillionWrites) / 1000,
    'DynamoDB reads': (perCase.rcu * PRICES.perMillionReads) / 1000,
    'Step Functions transitions': transitions * PRICES.perThousandTransitions,
    'Lambda requests': ((requestsPerCase + taskInvocations) * PRICES.perMillionInvocations) / 1000,
    'Lambda compute':
      ((requestsPerCase * API_GB * apiMsPerCall + taskInvocations * TASK_GB * TASK_MS) / 1000) *
      PRICES.perGbSecond *
      1000,
    'API Gateway requests': (requestsPerCase * PRICES.perMillionHttpRequests) / 1000,
  };
  const dollarsPer1000 = Object.values(items).reduce((a, b) => a + b, 0);
  const scans = lifecycle.scans + lists.scans;
  return [
    {
      id: 'P3',
      metric: 'write capacity units per case lifecycle (report → … → rating, incl. workflow tasks)',
      value: round(perCase.wcu, 1),
      unit: 'WRU',
      target: '≤ 60',
      met: perCase.wcu <= 60,
      note: commandMix(lifecycle, LIFECYCLES),
    },
    {
      id: 'P3',
      metric: 'read capacity units per case lifecycle',
      value: round(perCase.rcu, 1),
      unit: 'RRU',
      target: '≤ 30',
      met: perCase.rcu <= 30,
    },
    {
      id: 'P3',
      metric: 'Step Functions state transitions per case lifecycle (the ASL the local engine runs)',
      value: round(transitions, 1),
      unit: '',
      target: '≤ 40',
      met: transitions <= 40,
      note: Object.entries(entered)
        .map(([state, n]) => `${state} ${round(n, 1)}`)
        .join(', '),
    },
    {
      id: 'P3',
      metric: 'cost per 1,000 cases, all-in (DynamoDB, Step Functions, Lambda, API Gateway)',
      value: round(dollarsPer1000, 4),
      unit: 'USD',
      target: '≤ 0.60',
      met: dollarsPer1000 <= 0.6,
      note: `${Object.entries(items)
        .map(([item, usd]) => `${item} $${round(usd, 4)}`)
        .join(
          ', ',
        )}; ${round(requestsPerCase, 1)} API calls per case at ${round(apiMsPerCall, 0)} ms measured here (1 GB), ${round(taskInvocations, 1)} task invocations at ${TASK_MS} ms assumed (0.5 GB); us-east-1 prices`,
    },
    {
      id: 'P3',
      metric: `Scans on request paths (${LIFECYCLES} lifecycles + ${listed.calls} GET calls over every GET route)`,
      value: scans,
      unit: '',
      target: '0',
      met: scans === 0,
      note: `GET statuses: ${listed.statuses}`,
    },
    {
      id: 'P3',
      metric: 'read capacity units for one call of every GET route',
      value: round(lists.rcu, 1),
      unit: 'RRU',
    },
  ];
}

function commandMix(t: CapacityTotals, n: number): string {
  return Object.entries(t.commands)
    .filter(([name]) => name.endsWith('Command') && name !== 'DescribeTableCommand')
    .map(([name, count]) => `${name.replace(/Command$/, '')} ${round(count / n, 1)}`)
    .join(', ');
}

/** Every GET route once (list filters included), with a caller the route accepts. */
async function callEveryGetRoute(app: BenchApp, s: Awaited<ReturnType<typeof setUpStreet>>) {
  const platform = await app.login(BENCH_ADMIN.email, BENCH_ADMIN.password);
  const anyCase = (await app.call('GET', '/api/cases?limit=1', undefined, s.tokens.admin)).body.items[0];
  const values: Record<string, string> = {
    slug: 'bench-p3',
    id: anyCase.id,
    code: anyCase.trackingCode ?? 'NONE',
    file: `${anyCase.id}.json`,
  };
  const urls: { url: string; token?: string }[] = [];
  for (const spec of routeSpecs(app.app).filter((r) => r.method === 'GET')) {
    const url = spec.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name] ?? name));
    const token = spec.isolation === 'platform' ? platform : spec.isolation === 'public' ? undefined : s.tokens.admin;
    urls.push({ url, token });
  }
  for (const filter of [
    'step=dispatched',
    `gridCode=${s.gridCode}`,
    `departmentId=${s.dept.id}`,
    'overdue=true',
    'categoryCode=garbage',
  ]) {
    urls.push({ url: `/api/cases?${filter}`, token: s.tokens.admin });
  }
  for (const groupBy of ['department', 'category', 'grid', 'day']) {
    urls.push({ url: `/api/stats/kpis?groupBy=${groupBy}`, token: s.tokens.leader });
  }
  const statuses: Record<number, number> = {};
  for (const { url, token } of urls) {
    const res = await app.call('GET', url, undefined, token);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  }
  return {
    calls: urls.length,
    statuses: Object.entries(statuses)
      .map(([status, n]) => `${n}×${status}`)
      .join(', '),
  };
}
