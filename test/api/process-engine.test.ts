import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { seedStreetGovernance } from '@civicgrid/api';
import { ProcessRepository } from '@civicgrid/db';
import { disputeKind, petitionKind, processKinds, tenantPath } from '@civicgrid/domain';
import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';
import { visitPlanKind } from '../support/visit-plan';

// A clock the test moves forward: the workflow and the domain both read it.
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);
// the third kind is registered by this one line
const p = await createTestPlatform({
  clock,
  workflowPolicy: { recheckSeconds: 1 },
  processKinds: [...processKinds, visitPlanKind],
});
const s = await setUpStreet(p, 'eng-street');
const path = tenantPath(s.path);

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The token the record's waiting task stored, once it waits at `step`. */
function waitingAt(kind: typeof disputeKind | typeof petitionKind | typeof visitPlanKind, id: string, step: string) {
  const repo = new ProcessRepository(p.deps.store, kind, p.deps.config);
  return until(async () => {
    const task = await repo.task(path, id);
    return task?.step === step ? task.token : undefined;
  }, `${kind.kind} ${id} waiting at ${step}`);
}

async function outbox() {
  const res = await p.deps.store.doc.send(
    new QueryCommand({
      TableName: p.deps.store.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `${s.path}OUTBOX` },
    }),
  );
  return res.Items ?? [];
}

describe('one process engine for every kind', () => {
  it('a third kind from one folder and one registration line gets routes, workflow, trail and counters', {
    timeout: 60_000,
  }, async () => {
    const created = await p.call('POST', '/api/visit-plans', { household: '3号楼2单元501' }, s.tokens.grid);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ step: 'planned', stepLabel: '待走访', recordKind: 'visitplan' });
    // the one definition's generic AwaitAction state waits for it, with the kind's token stored
    await waitingAt(visitPlanKind, created.body.id, 'planned');
    const done = await p.call(
      'POST',
      `/api/visit-plans/${created.body.id}/actions/visit`,
      { note: '入户走访，情况正常' },
      s.tokens.grid,
    );
    expect(done.body).toMatchObject({ step: 'visited', finishedOnTime: true });
    const file = (await p.call('GET', `/api/visit-plans/${created.body.id}`, undefined, s.tokens.grid)).body;
    expect(file.events.map((e: { type: string }) => e.type)).toEqual(['create', 'visit']);
    const repo = new ProcessRepository(p.deps.store, visitPlanKind, p.deps.config);
    const [tally] = await repo.tallies(path, 'tenant');
    expect(tally?.counts).toMatchObject({ opened: 1, finished: 1, finishedOnTime: 1, visited: 1 });
  });

  it('resumes disputes and petitions after a restart in the middle, then escalates a clock that passed', {
    timeout: 90_000,
  }, async () => {
    const dispute = (
      await p.call(
        'POST',
        '/api/disputes',
        {
          kind: 'family',
          summary: '赡养纠纷',
          source: 'visit',
          parties: [{ name: '周某', role: 'applicant' }],
          // in a grid of the worker who mediates it (grid workers see their grids' disputes only)
          gridCode: s.gridCode,
        },
        s.tokens.dispatcher,
      )
    ).body;
    await p.call('POST', `/api/disputes/${dispute.id}/actions/accept`, {}, s.tokens.dispatcher);
    await waitingAt(disputeKind, dispute.id, 'accepted');
    const petition = (
      await p.call(
        'POST',
        '/api/petitions',
        { channel: 'phone', subject: '供暖不热', petitioners: [{ name: '吴某' }] },
        s.tokens.dispatcher,
      )
    ).body;
    await waitingAt(petitionKind, petition.id, 'received');

    // the engine dies (its executions are in memory) and comes back: every open record of every kind resumes
    const resumed = await p.restartWorkflow();
    expect(resumed).toBeGreaterThanOrEqual(2);
    await p.call('POST', `/api/petitions/${petition.id}/actions/accept`, {}, s.tokens.dispatcher);
    // the resumed execution took the action and now waits at the next step
    await waitingAt(petitionKind, petition.id, 'accepted');
    await p.call(
      'POST',
      `/api/disputes/${dispute.id}/actions/mediate`,
      { at: '2026-12-01T10:00:00+08:00', mediator: '孙调解', committee: '人民调解委员会', record: '首次调解' },
      s.tokens.grid,
    );
    await waitingAt(disputeKind, dispute.id, 'mediating');

    // time passes the dispute's 30-day mediation clock and the petition's 60-day handling clock; the engine restarts
    offsetMs = 62 * 86_400_000;
    await p.restartWorkflow();
    const late = await until(async () => {
      const d = (await p.call('GET', `/api/disputes/${dispute.id}`, undefined, s.tokens.leader)).body;
      const q = (await p.call('GET', `/api/petitions/${petition.id}`, undefined, s.tokens.leader)).body;
      return d.escalations >= 1 && q.escalations >= 1 ? { d, q } : undefined;
    }, 'both escalated');
    expect(late.d).toMatchObject({ overdue: true, step: 'mediating' });
    expect(late.q).toMatchObject({ overdue: true, step: 'accepted' });
    expect(late.d.events.at(-1)).toMatchObject({ type: 'escalate', actor: 'system' });
    const kinds = (await outbox()).map((m) => String(m.kind));
    expect(kinds).toContain('dispute.overdue.supervisor');
    expect(kinds).toContain('petition.overdue.supervisor');
    // the overdue list is one Query of the open list by deadline
    const overdue = await p.call('GET', '/api/petitions?due=overdue', undefined, s.tokens.dispatcher);
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toContain(petition.id);
    // a late record finishes late: 按期办结 counts it so
    await p.call('POST', `/api/disputes/${dispute.id}/actions/fail`, { reason: '未能达成一致' }, s.tokens.grid);
    const out = await p.call(
      'POST',
      `/api/disputes/${dispute.id}/actions/transfer`,
      { to: 'petition', guidance: '引导至信访渠道' },
      s.tokens.dispatcher,
    );
    expect(out.body).toMatchObject({ step: 'transferred', finishedOnTime: false });
  });

  it('seeds Chinese demo disputes and petitions at every step', { timeout: 90_000 }, async () => {
    const demo = await setUpStreet(p, 'eng-demo');
    await seedStreetGovernance(p.deps, {
      path: tenantPath(demo.path),
      tenantId: demo.tenantId,
      gridCodes: [demo.gridCode],
    });
    const disputes = (await p.call('GET', '/api/stats/disputes', undefined, demo.tokens.leader)).body;
    expect(disputes).toMatchObject({ found: 5, mediated: 4, agreed: 2, failed: 1, followedUp: 1, successRate: 0.5 });
    const petitions = (await p.call('GET', '/api/petitions', undefined, demo.tokens.dispatcher)).body.items;
    expect(petitions.map((i: { step: string }) => i.step).sort()).toEqual([
      'accepted',
      'concluded',
      'legal',
      'received',
      'replied',
    ]);
    expect(petitions.find((i: { collective?: boolean }) => i.collective)).toMatchObject({
      subject: expect.stringContaining('征地'),
    });
  });
});
