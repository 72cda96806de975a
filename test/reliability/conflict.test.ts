import { CaseRepository } from '@civicgrid/db';
import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

const p = await createTestPlatform();

/** Wait until the workflow waits on the case's current step (its task token is stored). */
async function waitForTask(path: string, id: string, step: string) {
  const repo = new CaseRepository(p.deps.store, p.deps.config.cursorSecret);
  for (let i = 0; i < 100; i++) {
    const stored = await repo.get(path as never, id);
    if (stored?.taskToken && stored.taskStep === step) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no task token for ${id} at ${step}`);
}

describe('conflicting actions on one case', () => {
  it('lets exactly one of 50 concurrent register/reject calls by two dispatchers win; audit and KPIs agree', async () => {
    const s = await setUpStreet(p, 'conflict-a');
    const second = await p.call(
      'POST',
      '/api/users',
      {
        name: 'dispatcher 2',
        email: 'dispatcher2@conflict-a.test',
        password: 'role-password-1',
        roles: ['dispatcher'],
      },
      s.tokens.admin,
    );
    expect(second.status).toBe(201);
    const other = await p.login('dispatcher2@conflict-a.test', 'role-password-1');
    const id = (await p.call('POST', '/api/cases', { description: '占道经营', gridCode: s.gridCode }, s.tokens.grid))
      .body.id as string;
    await waitForTask(s.path, id, 'reported');

    const calls = Array.from({ length: 50 }, (_, i) => {
      const [action, body, token] =
        i % 3 === 0
          ? (['reject', { reason: '不属于受理范围' }, other] as const)
          : i % 3 === 1
            ? (['register', { categoryCode: 'garbage' }, s.tokens.dispatcher] as const)
            : (['register', { categoryCode: 'garbage', gridCode: s.gridCode, note: '属实' }, other] as const);
      return p.call('POST', `/api/cases/${id}/actions/${action}`, body, token).then((res) => ({ action, res }));
    });
    const results = await Promise.all(calls);
    const winners = results.filter((r) => r.res.status === 200);
    expect(winners, JSON.stringify(results.map((r) => r.res.status))).toHaveLength(1);
    // every loser is told so with a 409 in the documented shape, never a 5xx
    for (const { res } of results.filter((r) => r.res.status !== 200)) {
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String), details: [] });
    }
    const won = winners[0]?.action === 'reject' ? 'rejected' : 'registered';

    const view = await p.call('GET', `/api/cases/${id}`, undefined, s.tokens.admin);
    expect(view.body.step).toBe(won);
    expect(view.body.version).toBe(2);
    const transitions = view.body.events.filter(
      (e: { type: string }) => e.type === 'registered' || e.type === 'rejected',
    );
    expect(transitions.map((e: { type: string }) => e.type)).toEqual([won]);

    const kpi = await p.call('GET', '/api/stats/kpis?groupBy=tenant', undefined, s.tokens.leader);
    expect(kpi.body.rows[0]).toMatchObject({ reported: 1, registered: won === 'registered' ? 1 : 0 });
    expect(kpi.body.rows[0].rejected ?? 0).toBe(won === 'rejected' ? 1 : 0);
    const byGrid = await p.call('GET', '/api/stats/kpis?groupBy=grid', undefined, s.tokens.leader);
    const grid = byGrid.body.rows.find((r: { key: string }) => r.key === s.gridCode);
    expect(grid).toMatchObject({ reported: 1 });
    expect((grid.registered ?? 0) + (grid.rejected ?? 0)).toBe(1);
  });
});
