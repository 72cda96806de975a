import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

// A fixed clock set step by step (China time): the golden dataset below happens on known days.
let now = new Date('2026-03-31T00:00:00Z');
const p = await createTestPlatform({ clock: () => now });
const at = (local: string) => {
  now = new Date(`${local.replace(' ', 'T')}:00+08:00`);
};

/**
 * The golden dataset, worked out by hand (April 2026; 2 April is a Thursday, a working day):
 *
 * worker A (网格员 of grids 001, 002)
 *   上报 4 cases on 1 April; the centre files c1, c2, c3 and rejects c4        → 上报数 4, 有效上报率 3 ÷ 4 = 0.75
 *   核查: c1 checked 1 Apr 15:00 within its 1-working-day limit (asked 1 Apr 11:00) — on time;
 *         c2 checked 7 Apr 10:00, limit ended 2 Apr 11:00 — late; c3 found not fixed (返工) 1 Apr 15:00,
 *         no check was asked for, so no limit — on time                   → 核查 3, 按期核查率 2 ÷ 3 = 0.6667
 *   巡查: 1 Apr 08:00–09:30 (5400 s) and 2 Apr 08:00–08:30 (1800 s); one on 31 March (outside the period)
 *                                                                            → 2 patrols, 7200 s = 2 h
 *   走访: 1 Apr and 2 Apr; one recorded for 31 March (outside)                → 走访数 2
 *   任务: t1 due 2 Apr 18:00 done 2 Apr 10:00 (on time); t2 due 1 Apr 12:00 done 1 Apr 16:00 (late)
 *                                                                            → done 2, on time 1, rate 0.5
 * worker B (grid 003)
 *   上报 2 on 1 April: c5 filed, c6 rejected                                  → 2, 0.5
 *   核查 c5 on 1 Apr 16:00 (no limit asked)                                   → 1, 1
 *   巡查 1 Apr 14:00–15:00                                                     → 1 patrol, 3600 s = 1 h
 *   走访 1; task t3 due 30 Apr, open                                          → done 0, rate null (—)
 * the dispatcher reports nothing: every rate "—", every count 0.
 */
describe('per-worker KPIs (groupBy=user)', () => {
  it('equal the golden dataset worked out by hand', { timeout: 120_000 }, async () => {
    at('2026-03-31 08:00');
    const s = await setUpStreet(p, 'field-kpi');
    const t = s.tokens;
    const grid3 = '120116001001003';
    expect((await p.call('POST', '/api/grids', { code: grid3, name: '三号网格' }, t.admin)).status).toBe(201);
    const b = await p.call(
      'POST',
      '/api/users',
      {
        name: '网格员乙',
        email: 'b@field-kpi.test',
        password: 'role-password-1',
        roles: ['grid_worker'],
        gridCodes: [grid3],
      },
      t.admin,
    );
    expect(b.status).toBe(201);
    const tb = await p.login('b@field-kpi.test', 'role-password-1');
    const idOf = async (token: string) => (await p.call('GET', '/api/me', undefined, token)).body.user.id as string;
    const A = await idOf(t.grid);
    const B = b.body.id as string;
    // the category asks for 核查 within 1 working day of the centre's request
    const cat = await p.call(
      'POST',
      '/api/categories',
      {
        code: 'road',
        name: '道路破损',
        departmentId: s.dept.id,
        timeLimit: { value: 5, unit: 'workingDays' },
        stepLimits: { verify: { value: 1, unit: 'workingDays' } },
      },
      t.admin,
    );
    expect(cat.status, JSON.stringify(cat.body)).toBe(201);

    const call = async (method: string, url: string, body: unknown, token: string, status = [200, 201]) => {
      const res = await p.call(method, url, body, token);
      expect(status, `${method} ${url}: ${JSON.stringify(res.body)}`).toContain(res.status);
      return res.body;
    };
    const act = (id: string, action: string, body: unknown, token: string) =>
      call('POST', `/api/cases/${id}/actions/${action}`, body, token);
    const report = async (token: string, gridCode: string, description: string) =>
      (await call('POST', '/api/cases', { description, gridCode }, token)).id as string;
    const patrol = async (token: string, from: string, to: string) => {
      at(from);
      const id = (await call('POST', '/api/patrols', {}, token)).id;
      at(to);
      await call('POST', `/api/patrols/${id}/end`, {}, token);
    };
    const visit = (token: string, visitedAt?: string) =>
      call(
        'POST',
        '/api/visits',
        {
          target: { kind: 'household', address: '幸福里3号楼' },
          purpose: 'routine',
          note: '走访',
          ...(visitedAt ? { visitedAt } : {}),
        },
        token,
      );
    const task = async (assigneeId: string, dueAt: string) =>
      (await call('POST', '/api/tasks', { title: '检查井盖', taskType: 'inspect', assigneeId, dueAt }, t.dispatcher))
        .id as string;

    // March (outside the period): a patrol and a visit of A
    await patrol(t.grid, '2026-03-31 08:00', '2026-03-31 09:00');
    at('2026-03-31 10:00');
    await visit(t.grid);

    // 1 April
    await patrol(t.grid, '2026-04-01 08:00', '2026-04-01 09:30');
    at('2026-04-01 10:00');
    const [c1, c2, c3, c4] = [
      await report(t.grid, s.gridCode, '井盖缺失'),
      await report(t.grid, s.gridCode, '路面塌陷'),
      await report(t.grid, s.gridCode, '护栏损坏'),
      await report(t.grid, s.gridCode, '重复上报'),
    ] as [string, string, string, string];
    const [c5, c6] = [await report(tb, grid3, '路灯不亮'), await report(tb, grid3, '不属受理范围')] as [string, string];
    await visit(t.grid);
    await visit(tb);
    for (const id of [c1, c2, c3, c5]) {
      await act(id, 'register', { categoryCode: 'road' }, t.dispatcher);
      await act(id, 'dispatch', { departmentId: s.dept.id }, t.dispatcher);
      await act(id, 'handle', { note: '已修复' }, t.department);
    }
    await act(c4, 'reject', { reason: '重复' }, t.dispatcher);
    await act(c6, 'reject', { reason: '不属受理范围' }, t.dispatcher);
    at('2026-04-01 11:00');
    await act(c1, 'review', { decision: 'approve', requestVerification: true }, t.dispatcher);
    await act(c2, 'review', { decision: 'approve', requestVerification: true }, t.dispatcher);
    const t2 = await task(A, '2026-04-01T12:00:00+08:00');
    const t1 = await task(A, '2026-04-02T18:00:00+08:00');
    await task(B, '2026-04-30T18:00:00+08:00');
    await patrol(tb, '2026-04-01 14:00', '2026-04-01 15:00');
    at('2026-04-01 15:00');
    await act(c1, 'verify', { note: '已修复' }, t.grid);
    await act(c3, 'rework', { reason: '仍未修好' }, t.grid);
    at('2026-04-01 16:00');
    await act(c5, 'verify', {}, tb);
    await call('POST', `/api/tasks/${t2}/actions/done`, { result: '已检查' }, t.grid);

    // 2 April
    await patrol(t.grid, '2026-04-02 08:00', '2026-04-02 08:30');
    at('2026-04-02 10:00');
    await call('POST', `/api/tasks/${t1}/actions/done`, {}, t.grid);
    await visit(t.grid);
    // 7 April: c2 checked late
    at('2026-04-07 10:00');
    await act(c2, 'verify', {}, t.grid);
    // a visit recorded now for a day of March does not count in April
    await visit(t.grid, '2026-03-30T10:00:00+08:00');

    const kpis = await call('GET', '/api/stats/kpis?groupBy=user&from=2026-04-01&to=2026-04-30', undefined, t.leader);
    const row = (id: string) => kpis.rows.find((r: { key: string }) => r.key === id)?.field;
    expect(row(A)).toEqual({
      reported: 4,
      validReportRate: 0.75,
      verified: 3,
      verifyOnTimeRate: 0.6667,
      patrols: 2,
      patrolSeconds: 7200,
      patrolHours: 2,
      visits: 2,
      tasksDone: 2,
      tasksDoneOnTime: 1,
      taskOnTimeRate: 0.5,
      tasksOverdueOpen: 0,
    });
    expect(row(B)).toEqual({
      reported: 2,
      validReportRate: 0.5,
      verified: 1,
      verifyOnTimeRate: 1,
      patrols: 1,
      patrolSeconds: 3600,
      patrolHours: 1,
      visits: 1,
      tasksDone: 0,
      tasksDoneOnTime: 0,
      taskOnTimeRate: null,
      tasksOverdueOpen: 0,
    });
    const dispatcher = await idOf(t.dispatcher);
    expect(row(dispatcher)).toMatchObject({ reported: 0, validReportRate: null, verifyOnTimeRate: null, visits: 0 });
    // March holds A's first patrol and visits (recorded on their own days)
    const march = await call('GET', '/api/stats/kpis?groupBy=user&from=2026-03-01&to=2026-03-31', undefined, t.leader);
    expect(march.rows.find((r: { key: string }) => r.key === A)?.field).toMatchObject({
      patrols: 1,
      patrolSeconds: 3600,
      visits: 2,
      reported: 0,
    });
  });
});
