import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { idNumberOf } from '../support/people';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

// A clock the test moves forward (the task's deadline passes): the workflow and the domain both read it.
let offsetMs = 0;
const p = await createTestPlatform({
  clock: () => new Date(Date.now() + offsetMs),
  workflowPolicy: { recheckSeconds: 1 },
});
const s = await setUpStreet(p, 'field-street');
const t = s.tokens;
const grid2 = '120116001001002';

const square = (lng: number, lat: number, d = 0.004) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lng, lat],
      [lng + d, lat],
      [lng + d, lat + d],
      [lng, lat + d],
      [lng, lat],
    ],
  ],
});
// two grids side by side: 001 spans lng 117.700–117.704, 002 spans 117.704–117.708 (lat 39.020–39.024)
for (const [code, lng] of [
  [s.gridCode, 117.7],
  [grid2, 117.704],
] as const) {
  const res = await p.call(
    'PUT',
    `/api/grids/${code}`,
    { code, name: `网格${code.slice(-3)}`, polygon: square(lng, 39.02) },
    t.admin,
  );
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
}
const me = async (token: string) => (await p.call('GET', '/api/me', undefined, token)).body;
const worker = await me(t.grid);
const workerId: string = worker.user.id;

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function person(name: string, sequence: number) {
  const res = await p.call(
    'POST',
    '/api/people',
    { name, idNumber: idNumberOf('120116', '19800101', sequence), registration: 'resident', gridCode: s.gridCode },
    t.admin,
  );
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as string;
}

describe('patrols', () => {
  it('a trace crossing two grids reports the time in each; a batch sent twice counts once', {
    timeout: 60_000,
  }, async () => {
    const started = await p.call('POST', '/api/patrols', {}, t.grid);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.id as string;
    // a second open patrol is refused, naming the open one
    const twice = await p.call('POST', '/api/patrols', {}, t.grid);
    expect(twice.status).toBe(409);
    expect(twice.body.error.details[0]).toEqual({ path: 'patrolId', message: id });

    const t0 = Date.now();
    const at = (s: number) => new Date(t0 + s * 1000).toISOString();
    // batch 0: three fixes in grid 001, a minute apart (120 s in 001)
    const first = await p.call(
      'POST',
      `/api/patrols/${id}/points`,
      {
        seq: 0,
        points: [
          { lat: 39.021, lng: 117.701, at: at(0) },
          { lat: 39.021, lng: 117.702, at: at(60) },
          { lat: 39.021, lng: 117.703, at: at(120) },
        ],
      },
      t.grid,
    );
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    // batch 1 crosses into 002: the 60 s across the line count half for each, then 120 s inside 002
    const second = {
      seq: 1,
      points: [
        { lat: 39.021, lng: 117.705, at: at(180) },
        { lat: 39.021, lng: 117.706, at: at(300) },
      ],
    };
    expect((await p.call('POST', `/api/patrols/${id}/points`, second, t.grid)).status).toBe(201);
    // the phone retries the same batch (its answer was lost): applied once
    const again = await p.call('POST', `/api/patrols/${id}/points`, second, t.grid);
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    // bad input names the field
    const bad = await p.call(
      'POST',
      `/api/patrols/${id}/points`,
      { seq: 2, points: [{ lat: 91, lng: 117, at: at(400) }] },
      t.grid,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('points.0.lat');

    // a case filed on the patrol (sent twice with one Idempotency-Key) is one case, linked once
    const report = { description: '路面破损', gridCode: s.gridCode, patrolId: id };
    const headers = { 'idempotency-key': 'patrol-case-1' };
    const c1 = await p.call('POST', '/api/cases', report, t.grid, headers);
    const c2 = await p.call('POST', '/api/cases', report, t.grid, headers);
    expect(c1.status, JSON.stringify(c1.body)).toBe(201);
    expect(c2.status).toBe(200);
    expect(c2.body.id).toBe(c1.body.id);

    const ended = await p.call('POST', `/api/patrols/${id}/end`, {}, t.grid);
    expect(ended.body.status).toBe('ended');
    const view = await p.call('GET', `/api/patrols/${id}`, undefined, t.dispatcher);
    expect(view.status).toBe(200);
    expect(view.body.grids).toEqual([
      { gridCode: s.gridCode, name: '网格001', seconds: 150 },
      { gridCode: grid2, name: '网格002', seconds: 150 },
    ]);
    expect(view.body.trace).toHaveLength(5);
    expect(view.body.pointCount).toBe(5);
    expect(view.body.caseIds).toEqual([c1.body.id]);
    expect(view.body.distanceMeters).toBeGreaterThan(400);
    // an ended patrol takes no more points
    expect(
      (
        await p.call(
          'POST',
          `/api/patrols/${id}/points`,
          { seq: 5, points: [{ lat: 39.021, lng: 117.7, at: at(900) }] },
          t.grid,
        )
      ).status,
    ).toBe(409);
    // another worker's patrol is not theirs to read (grid workers see their own)
    const list = await p.call('GET', '/api/patrols', undefined, t.grid);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(id);
  });
});

describe('visits', () => {
  it('records a visit once per Idempotency-Key and sends proposed changes to the review queue', {
    timeout: 60_000,
  }, async () => {
    const who = await person('赵大爷', 11);
    const body = {
      target: { kind: 'person', id: who, label: '赵大爷' },
      purpose: 'routine',
      note: '入户走访，老人身体尚可',
      location: { lat: 39.021, lng: 117.705 },
      proposals: [{ field: 'status', value: 'moved_out', reason: '已搬至女儿家' }],
    };
    const headers = { 'idempotency-key': 'visit-offline-1' };
    const v1 = await p.call('POST', '/api/visits', body, t.grid, headers);
    const v2 = await p.call('POST', '/api/visits', body, t.grid, headers);
    expect(v1.status, JSON.stringify(v1.body)).toBe(201);
    expect(v2.status).toBe(200);
    expect(v2.body.id).toBe(v1.body.id);
    expect(v1.body.gridCode).toBe(grid2);
    const listed = await p.call('GET', `/api/visits?targetId=${who}`, undefined, t.dispatcher);
    expect(listed.body.items).toHaveLength(1);

    // the proposal waits in the queue; the person record is untouched until someone decides
    const queue = await p.call('GET', '/api/field-proposals', undefined, t.dispatcher);
    const proposal = queue.body.items.find((i: { visitId: string }) => i.visitId === v1.body.id);
    expect(proposal).toMatchObject({ status: 'pending', field: 'status', value: 'moved_out', target: { id: who } });
    expect((await p.call('GET', '/api/field-proposals', undefined, t.grid)).status).toBe(403);
    const decided = await p.call(
      'POST',
      `/api/field-proposals/${proposal.id}/decide`,
      { decision: 'accept', note: '已核实', version: proposal.version },
      t.dispatcher,
    );
    expect(decided.body).toMatchObject({ status: 'accepted', decidedBy: expect.any(String) });
    const twice = await p.call(
      'POST',
      `/api/field-proposals/${proposal.id}/decide`,
      { decision: 'reject', version: decided.body.version },
      t.dispatcher,
    );
    expect(twice.status).toBe(409);

    // bad input: a target that does not exist, a field a person has not, a missing note
    const ghost = await p.call(
      'POST',
      '/api/visits',
      { ...body, target: { kind: 'person', id: `${s.tenantId}-nobody` } },
      t.grid,
    );
    expect(ghost.status).toBe(400);
    expect(ghost.body.error.details[0].path).toBe('target.id');
    const field = await p.call(
      'POST',
      '/api/visits',
      { ...body, proposals: [{ field: 'salary', value: '1' }] },
      t.grid,
    );
    expect(field.body.error.details[0].path).toBe('proposals.0.field');
    const { note: _n, ...noNote } = body;
    expect((await p.call('POST', '/api/visits', noNote, t.grid)).body.error.details[0].path).toBe('note');
  });
});

describe('tasks on the process engine', () => {
  it('a task for 3 visits due tomorrow escalates when missed', { timeout: 90_000 }, async () => {
    const subjects = [
      { kind: 'person', id: await person('钱一', 21), label: '钱一' },
      { kind: 'person', id: await person('孙二', 23), label: '孙二' },
      { kind: 'person', id: await person('李三', 25), label: '李三' },
    ];
    const dueAt = new Date(Date.now() + 86_400_000).toISOString();
    const created = await p.call(
      'POST',
      '/api/tasks',
      { title: '走访3户独居老人', taskType: 'visit', assigneeId: workerId, dueAt, subjects },
      t.dispatcher,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ step: 'assigned', recordKind: 'fieldtask' });
    expect(created.body.clock.deadline).toBe(dueAt);
    const id = created.body.id as string;
    // grid workers may not assign; an assignee who is no grid worker is a 400 naming it
    expect((await p.call('POST', '/api/tasks', { title: 'x', assigneeId: workerId, dueAt }, t.grid)).status).toBe(403);
    const me2 = await me(t.leader);
    const notWorker = await p.call('POST', '/api/tasks', { title: 'x', assigneeId: me2.user.id, dueAt }, t.dispatcher);
    expect(notWorker.body.error.details[0].path).toBe('assigneeId');

    // the worker's list; one visit made for the task marks its subject done
    const mine = await p.call('GET', `/api/tasks?assigneeId=${workerId}`, undefined, t.grid);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(id);
    const visit = await p.call(
      'POST',
      '/api/visits',
      { target: { kind: 'person', id: subjects[0]?.id }, purpose: 'routine', note: '已走访', taskId: id },
      t.grid,
    );
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    const progressed = await p.call('GET', `/api/tasks/${id}`, undefined, t.grid);
    expect(progressed.body.doneSubjects).toEqual([subjects[0]?.id]);
    // not done while two subjects are still to visit (422 naming subjects)
    const early = await p.call('POST', `/api/tasks/${id}/actions/done`, {}, t.grid);
    expect(early.status).toBe(422);
    expect(early.body.error.details[0].path).toBe('subjects');

    // tomorrow passes: the workflow escalates the task and tells the supervisor
    offsetMs = 2 * 86_400_000;
    await p.restartWorkflow();
    const late = await until(async () => {
      const r = (await p.call('GET', `/api/tasks/${id}`, undefined, t.dispatcher)).body;
      return r.escalations >= 1 ? r : undefined;
    }, 'task escalated');
    expect(late).toMatchObject({ overdue: true, step: 'assigned' });
    expect(late.events.at(-1)).toMatchObject({ type: 'escalate', actor: 'system' });
    const outbox = await p.deps.store.doc.send(
      new QueryCommand({
        TableName: p.deps.store.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `${s.path}OUTBOX` },
      }),
    );
    expect((outbox.Items ?? []).map((m) => String(m.kind))).toContain('fieldtask.overdue.supervisor');
    const overdue = await p.call('GET', '/api/tasks?due=overdue', undefined, t.dispatcher);
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toContain(id);
    offsetMs = 0;
  });

  it('spreads subjects over the grid workers of their grids', { timeout: 60_000 }, async () => {
    const a = await person('周四', 27);
    const res = await p.call(
      'POST',
      '/api/tasks/spread',
      {
        title: '核实人口信息',
        taskType: 'verify',
        dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        subjects: [{ kind: 'person', id: a, gridCode: s.gridCode }],
      },
      t.dispatcher,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].assigneeId).toBe(workerId);
    const unknown = await p.call(
      'POST',
      '/api/tasks/spread',
      {
        title: 'x',
        dueAt: new Date().toISOString(),
        subjects: [{ kind: 'person', id: a, gridCode: '120116001001999' }],
      },
      t.dispatcher,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('subjects.0.gridCode');
  });
});
