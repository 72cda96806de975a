import { routeSpecs } from '@civicgrid/api';
import { CaseRepository, createDynamo } from '@civicgrid/db';
import { setUpStreet } from '../support/street';
import { BENCH_ADMIN, type BenchApp, type BenchServices } from './bench-platform';
import type { CapacityTotals } from './capacity-meter';
import type { BenchRow } from './report';
import { round } from './stats';

/** On-demand prices used for the dollar figures (us-east-1, standard table class, as published for 2025). */
export const PRICES = { perMillionWrites: 1.25, perMillionReads: 0.25 };
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
  for (let i = 0; i < LIFECYCLES; i++) {
    const filed = expectOk(
      await app.call('POST', '/public/bench-p3/reports', {
        description: `路灯不亮 ${i}`,
        categoryCode: 'garbage',
        location: { lat: 39.03 + i / 100, lng: 117.72 },
        contact: { name: '张三', phone: '13800138000' },
      }),
      'report',
    );
    const code = filed.body as { trackingCode: string };
    const id = (await cases.getByTrackingCode(s.path as never, code.trackingCode))?.state.id;
    if (!id) throw new Error('report not found by its code');
    await waitForTask(id, 'reported');
    const act = async (action: string, body: unknown, token: string, next: string) => {
      expectOk(await app.call('POST', `/api/cases/${id}/actions/${action}`, body, token), action);
      await waitForTask(id, next);
    };
    await act('register', { categoryCode: 'garbage', gridCode: s.gridCode }, s.tokens.dispatcher, 'registered');
    await act('dispatch', { departmentId: s.dept.id }, s.tokens.dispatcher, 'dispatched');
    await act('handle', { note: '已修复' }, s.tokens.department, 'handled');
    await act('verify', { note: '已核实' }, s.tokens.grid, 'verified');
    await act('close', { note: '结案' }, s.tokens.dispatcher, 'closed');
    expectOk(
      await app.call('POST', `/public/bench-p3/reports/${code.trackingCode}/evaluation`, { rating: 5 }),
      'evaluation',
    );
  }
  await new Promise((r) => setTimeout(r, 500)); // the last Prepare reads the evaluated case and succeeds
  const lifecycle = app.meter.read();

  app.meter.reset();
  const listed = await callEveryGetRoute(app, s);
  const lists = app.meter.read();
  probe.client.destroy();

  const perCase = { rcu: lifecycle.rcu / LIFECYCLES, wcu: lifecycle.wcu / LIFECYCLES };
  const dollarsPer1000 =
    ((perCase.wcu * PRICES.perMillionWrites + perCase.rcu * PRICES.perMillionReads) / 1_000_000) * 1000;
  const scans = lifecycle.scans + lists.scans;
  return [
    {
      id: 'P3',
      metric: 'write capacity units per case lifecycle (report → … → rating, incl. workflow tasks)',
      value: round(perCase.wcu, 1),
      unit: 'WRU',
      note: commandMix(lifecycle, LIFECYCLES),
    },
    { id: 'P3', metric: 'read capacity units per case lifecycle', value: round(perCase.rcu, 1), unit: 'RRU' },
    {
      id: 'P3',
      metric: 'on-demand cost per 1,000 cases',
      value: round(dollarsPer1000, 4),
      unit: 'USD',
      note: `$${PRICES.perMillionWrites}/M WRU, $${PRICES.perMillionReads}/M RRU (us-east-1)`,
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
