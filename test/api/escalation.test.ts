import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';

// A clock the test can move forward: the workflow and the domain both read it, as they read real time in production.
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);
const p = await createTestPlatform({ clock, workflowPolicy: { recheckSeconds: 1 } });

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function outbox(path: string) {
  const res = await p.deps.store.doc.send(
    new QueryCommand({
      TableName: p.deps.store.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `${path}OUTBOX` },
    }),
  );
  return res.Items ?? [];
}

describe('deadlines on the working calendar', () => {
  it('escalates an overdue case to the supervisor, then to the parent tenant, and survives an engine restart', async () => {
    const district = await p.signup('esc-district', 'district');
    const street = await p.signup('esc-child', 'street', 'esc-district');
    await p.call('POST', `/api/tenants/${street.tenant.id}/approve`, {}, district.token);
    const dept = (await p.call('POST', '/api/departments', { name: '城管' }, street.token)).body;
    await p.call(
      'POST',
      '/api/categories',
      { code: 'garbage', name: '垃圾', departmentId: dept.id, timeLimit: { value: 1, unit: 'workingHours' } },
      street.token,
    );

    const id = (await p.call('POST', '/api/cases', { description: '垃圾' }, street.token)).body.id;
    expect(
      (await p.call('POST', `/api/cases/${id}/actions/register`, { categoryCode: 'garbage' }, street.token)).status,
    ).toBe(200);
    const dispatched = await p.call(
      'POST',
      `/api/cases/${id}/actions/dispatch`,
      { departmentId: dept.id },
      street.token,
    );
    expect(dispatched.status).toBe(200);
    const deadline = Date.parse(dispatched.body.deadline);
    expect(deadline).toBeGreaterThan(Date.now() + 30 * 60_000); // one working hour is at least an hour away

    // the engine dies (its executions are in memory); meanwhile the deadline passes
    offsetMs = deadline - Date.now() + 5_000;
    const resumed = await p.restartWorkflow();
    expect(resumed).toBeGreaterThanOrEqual(1);

    // the resumed execution waits with the remaining time (none) and escalates: first the supervisor…
    const overdue = await until(async () => {
      const c = await p.call('GET', `/api/cases/${id}`, undefined, street.token);
      return c.body.escalations >= 2 ? c.body : undefined;
    }, 'two escalations');
    expect(overdue).toMatchObject({ step: 'dispatched', overdue: true });
    // the street's own overdue queue (the workbench's 超期 tab) lists it, from its view of the list index
    const queue = await p.call('GET', '/api/cases?overdue=true', undefined, street.token);
    expect(queue.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    expect(overdue.events.filter((e: { type: string }) => e.type === 'escalated').length).toBeGreaterThanOrEqual(2);
    // the notices follow the escalation records
    const own = await until(async () => {
      const items = await outbox(street.tenant.path);
      return items.some((m) => m.kind === 'case.overdue.parent') ? items : undefined;
    }, 'the supervisor notices');
    expect(own.map((m) => m.kind)).toEqual(expect.arrayContaining(['case.overdue.supervisor', 'case.overdue.parent']));
    // …then the level above: the district's centre is told too
    const parent = await until(async () => {
      const items = await outbox(district.tenant.path);
      return items.some((m) => m.kind === 'case.overdue.parent' && m.caseId === id) ? items : undefined;
    }, 'the district notice');
    expect(parent.length).toBeGreaterThanOrEqual(1);

    // the loop continues after the restart: the department handles the overdue case
    const handled = await p.call('POST', `/api/cases/${id}/actions/handle`, { note: '已处置' }, street.token);
    expect(handled.status).toBe(200);
    expect(handled.body.step).toBe('handled');
    const still = await p.call('GET', '/api/cases?overdue=true', undefined, street.token);
    expect(still.body.items.map((c: { id: string; step: string }) => [c.id, c.step])).toEqual([[id, 'handled']]);
    const kpi = await p.call('GET', '/api/stats/kpis', undefined, street.token);
    expect(kpi.body.rows[0]).toMatchObject({ handled: 1, handledOnTime: 0 });
  });
});

describe('step limits with attribution', () => {
  it('a handled case past the department deadline but within the 核查 limit is not escalated; a late 核查 is the grid worker’s', async () => {
    offsetMs = 0;
    const street = await p.signup('esc-verify', 'street');
    const t = street.token;
    const dept = (await p.call('POST', '/api/departments', { name: '城管' }, t)).body;
    const category = await p.call(
      'POST',
      '/api/categories',
      {
        code: 'manhole',
        name: '井盖',
        departmentId: dept.id,
        timeLimit: { value: 1, unit: 'workingHours' },
        stepLimits: { verify: { value: 3, unit: 'workingDays' } },
        requiresVerification: true,
      },
      t,
    );
    expect(category.status).toBe(201);
    const id = (await p.call('POST', '/api/cases', { description: '井盖松动' }, t)).body.id as string;
    await p.call('POST', `/api/cases/${id}/actions/register`, { categoryCode: 'manhole' }, t);
    const dispatched = await p.call('POST', `/api/cases/${id}/actions/dispatch`, { departmentId: dept.id }, t);
    const departmentDeadline = Date.parse(dispatched.body.deadline);
    expect((await p.call('POST', `/api/cases/${id}/actions/handle`, { note: '已加固' }, t)).status).toBe(200);
    const reviewed = await p.call('POST', `/api/cases/${id}/actions/review`, { decision: 'approve' }, t);
    expect(reviewed.status).toBe(200);
    const page = (await p.call('GET', `/api/cases/${id}`, undefined, t)).body;
    expect(page).toMatchObject({ step: 'handled', checkRequested: true });
    const verifyDeadline = Date.parse(page.stepDeadline);
    expect(verifyDeadline).toBeGreaterThan(departmentDeadline + 86_400_000);

    // the department's deadline passes while the case waits for 核查; the engine restarts and re-reads it
    offsetMs = departmentDeadline - Date.now() + 60_000;
    await p.restartWorkflow();
    const { CaseRepository, CaseWorkflowStoreAdapter } = await import('@civicgrid/db');
    const { DEFAULT_ESCALATION_POLICY, waitSeconds } = await import('@civicgrid/workflow');
    const repo = new CaseRepository(p.deps.store, p.deps.config.cursorSecret);
    const waiting = await until(async () => {
      const stored = await repo.get(street.tenant.path, id);
      return stored?.taskStep === 'handled' ? stored : undefined;
    }, 'the resumed execution waiting at handled');
    expect(waiting.state.escalations).toBe(0);
    // what the workflow's Prepare computed: a wait until the 核查 deadline, not an immediate escalation
    const view = await new CaseWorkflowStoreAdapter(repo).loadForWorkflow(street.tenant.path, id);
    expect(view?.deadline).toBe(page.stepDeadline);
    const wait = waitSeconds(view!, clock(), DEFAULT_ESCALATION_POLICY);
    expect(wait).toBeGreaterThan(3600);
    const afterRestart = (await p.call('GET', `/api/cases/${id}`, undefined, t)).body;
    expect(afterRestart.events.some((e: { type: string }) => e.type === 'escalated')).toBe(false);
    expect(afterRestart.overdue).toBe(false);

    // past the 核查 limit the case escalates — against the grid worker, not the department
    offsetMs = verifyDeadline - Date.now() + 60_000;
    await p.restartWorkflow();
    const late = await until(async () => {
      const c = await p.call('GET', `/api/cases/${id}`, undefined, t);
      return c.body.escalations >= 1 ? c.body : undefined;
    }, 'the 核查 escalation');
    const escalated = late.events.find((e: { type: string }) => e.type === 'escalated');
    expect(escalated.data).toMatchObject({ heldBy: 'grid_worker', step: 'handled', deadline: page.stepDeadline });
    expect(Date.parse(escalated.at)).toBeGreaterThanOrEqual(verifyDeadline);
  });
});
