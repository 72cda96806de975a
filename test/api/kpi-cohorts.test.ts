import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

// A clock the test sets: the domain computes deadlines from it, the KPI counters fall on its China days.
let now = new Date('2026-03-02T02:00:00Z');
const p = await createTestPlatform({ clock: () => now });
/** Set the clock to a China time, e.g. `at('2026-03-02 10:00')`. */
const at = (local: string) => {
  now = new Date(`${local.replace(' ', 'T')}:00+08:00`);
};

type Row = Record<string, unknown> & { key: string };

async function kpis(token: string, query: string): Promise<Row[]> {
  const res = await p.call('GET', `/api/stats/kpis?${query}`, undefined, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.rows as Row[];
}

const rowOf = (rows: Row[], key: string) => {
  const row = rows.find((r) => r.key === key);
  if (!row) throw new Error(`no row ${key} in ${rows.map((r) => r.key).join(', ')}`);
  return row;
};

/** The cohort fields a golden row states (everything else is not compared). */
const zero = {
  dueForClose: 0,
  closed: 0,
  closedOnTime: 0,
  overdueOpen: 0,
  dueForHandle: 0,
  handled: 0,
  handledOnTime: 0,
  reworked: 0,
  extended: 0,
  followedUp: 0,
  closeRate: null,
  onTimeCloseRate: null,
  handleOnTimeRate: null,
  reworkRate: null,
  extensionRate: null,
  satisfactionRate: null,
  followUpRate: null,
};

describe('KPIs through the HTTP API (cohorts)', () => {
  it('three cases to department A with 2 working days, one closed in time: 1/3 for the tenant and A; B listed with null', async () => {
    at('2026-05-11 10:00'); // Monday
    const s = await setUpStreet(p, 'kpi-three', { limit: { value: 2, unit: 'workingDays' } });
    const act = async (id: string, action: string, body: unknown, token: string) => {
      const res = await p.call('POST', `/api/cases/${id}/actions/${action}`, body, token);
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
      return res.body;
    };
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = (await p.call('POST', '/api/cases', { description: `垃圾 ${i}`, gridCode: s.gridCode }, s.tokens.grid))
        .body.id as string;
      await act(id, 'register', { categoryCode: 'garbage' }, s.tokens.dispatcher);
      const dispatched = await act(id, 'dispatch', { departmentId: s.dept.id }, s.tokens.dispatcher);
      expect(dispatched.deadline).toBe('2026-05-13T09:30:00.000Z'); // Wednesday 17:30 China time
      ids.push(id);
    }
    const [first] = ids as [string];
    at('2026-05-12 10:00');
    await act(first, 'handle', { note: '已清理' }, s.tokens.department);
    await act(first, 'verify', {}, s.tokens.grid);
    await act(first, 'close', {}, s.tokens.dispatcher);

    at('2026-05-20 10:00');
    const period = 'from=2026-05-01&to=2026-05-31';
    const [tenant] = await kpis(s.tokens.leader, `${period}&groupBy=tenant`);
    const expected = { dueForClose: 3, closed: 1, closedOnTime: 1, closeRate: 0.3333, onTimeCloseRate: 0.3333 };
    expect(tenant).toMatchObject({ key: s.tenantId, ...expected, overdueOpen: 2 });
    const departments = await kpis(s.tokens.leader, `${period}&groupBy=department`);
    expect(rowOf(departments, s.dept.id)).toMatchObject({ ...expected, name: '城市管理局' });
    // the department with no cases is listed, with zeros and no rate (never 0 % or 100 %)
    expect(rowOf(departments, s.otherDept.id)).toMatchObject({ dueForClose: 0, closed: 0, closeRate: null });
    // a rate is never clamped, and the API refuses a bad groupBy with the field named
    const bad = await p.call('GET', '/api/stats/kpis?groupBy=street', undefined, s.tokens.leader);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('groupBy');
  }, 180_000);
});

/*
 * GOLDEN DATASET — worked out by hand from docs/domain.md ("KPIs are computed over cohorts"), then compared with
 * the API for every groupBy. Street with departments A (城市管理局, the category's), C (物业办) and B (no cases);
 * category garbage, limit 2 working days (national calendar: Mon–Fri 09:00–12:00, 13:30–17:30; no holiday in
 * March 2026; Qingming 4–6 April). Cases 1, 2, 3 and 8 are citizen reports (public form, tracking code, rated
 * there), 4–7 reported by the grid worker; none carries a category (the 立案 gives it and the grid); all
 * registered and dispatched by the dispatcher; cases 1–4 in grid g1, 5–8 in grid g2. "d" = China day of the
 * closing deadline, "h" = of the handling deadline, "c" = of the closure.
 *
 *  #  what                       dispatch (A)       deadlines                     then
 *  1  on time                    Mon 03-02 10:00    d = h = 03-04 17:30           handled 03-03, closed 03-03, rated 5 (满意)
 *  2  late closure               Mon 03-02 10:00    d = h = 03-04                 handled 03-09 (late), closed 03-09, rated 3 (基本满意)
 *  3  extension                  Mon 03-02 10:00    granted 03-03 until 03-20 17:30 → d = h = 03-20
 *                                                                                 handled 03-19, closed 03-19, rated 1 (不满意)
 *  4  parking                    Mon 03-02 10:00    parked Tue 03-03 09:00, unparked Mon 03-16 09:00: 9 working days
 *                                                   paused → d = h = 03-04 + 9 working days = 03-17 17:30
 *                                                                                 open at the end of March; handled and
 *                                                                                 closed Wed 04-01 (late, carried over)
 *  5  rework, late closure       Mon 03-02 10:00    d = 03-04; handled 03-03 10:00 (on time), rework 03-03 14:00 →
 *                                                   h = 03-05 17:30 (d stays)     handled 03-05 10:00 (on time), closed
 *                                                                                 03-05 15:00 → late (after d), no rating
 *  6  late, rework, still open   Mon 03-02 10:00    d = 03-04; handled 03-05 (late), rework 03-05 11:00 → h = 03-09;
 *                                                                                 handled 03-06: before h but NOT on time
 *                                                                                 (rework does not make a late case on
 *                                                                                 time); never closed
 *  7  due next period            Tue 03-31 10:00    d = h = Thu 04-02 17:30       never handled
 *  8  return and re-dispatch     Mon 03-02 10:00 to A, returned 03-02 15:00; re-dispatched to C Tue 03-03 10:00 →
 *                                                   d = h = 03-05 17:30 (C)       handled 03-04, closed 03-04, rated 4 (满意)
 *
 * MARCH 2026 (carry-over at 03-01: nothing)
 *   closing cohort: d in March = 1,2,3,4,5,6,8 → 应结案 7; closed by 03-31: 1,2,3,5,8 → 结案 5; on time (closed by
 *   the closing deadline): 1,3,8 → 3; 超期未结 at 03-31: 4,6 → 2.  结案率 5/7 = 0.7143, 按期结案率 3/7 = 0.4286.
 *   handling cohort: h in March = 1,2,3,4,5,6,8 → 应处置 7; handled: 1,2,3,5,6,8 → 6; on time: 1,3,5,8 → 4;
 *   返工 5,6 → 2; 延期 3 → 1.  处置率 6/7 = 0.8571, 按期处置率 4/7 = 0.5714, 返工率 2/6 = 0.3333, 延期率 1/7 = 0.1429.
 *   回访 (ratings mapped 5–4 满意 / 3 基本满意 / 2–1 不满意): 1,2,3,8 → 4 (满意 2, 基本满意 1, 不满意 1);
 *   满意率 3/4 = 0.75, 回访率 4/5 = 0.8.  受理 8, 立案 8 (立案率 1); 派遣 9 (8 + the re-dispatch), 退回 1:
 *   派遣准确率 1 − 1/9 = 0.8889; 挂账 1: 挂账率 1/9 = 0.1111.
 *   by department: A = cases 1–6 → 应结案 6, 结案 4 (1,2,3,5), 按期 2 (1,3), 超期未结 2; 应处置 6, 处置 5,
 *     按期处置 3 (1,3,5), 返工 2, 延期 1; 回访 3 (1,2,3): 满意率 2/3 = 0.6667, 回访率 3/4 = 0.75; 派遣 8, 退回 1
 *     (the return counts against A's dispatch accuracy: 0.875; case 8 is no longer due for A).
 *     C = case 8 → 1, 1, 1, 0; 应处置 1, 处置 1, 按期 1; 回访 1 满意 → 满意率 1. B = zeros, every rate null.
 *   by grid: g1 = 1–4 → 应结案 4, 结案 3, 按期 2, 超期未结 1; g2 = 5,6,8 (7 is April's) → 3, 2, 1, 1.
 *   by category: garbage = the tenant's cohort; 受理 8 (attributed at 立案, on the report day), 立案 8 → 立案率 1.
 *   by user: the dispatcher = the tenant's cohort (it dispatched every case), 派遣 9, 退回 1; the grid worker:
 *     受理 4, 立案 4 (cases 4–7: 有效上报率 1), no cohort; every other user listed with zeros.
 * APRIL 2026: carried over at 04-01 (d before April, not closed before it): 4, 6 → 2; d in April: 7 → 应结案 3;
 *   结案 1 (4, on 04-01), 按期 0, 超期未结 at 04-30: 6, 7 → 2. 结案率 0.3333, 按期结案率 0. 应处置: carried 4
 *   (6 was handled 03-06) + 7 → 2; 处置 1 (4), 按期 0. 回访 0 of 1 closed: 回访率 0, 满意率 null. Nothing
 *   dispatched in April: 派遣准确率 null. A = the tenant; B and C: 应结案 0, rates null.
 * 03-05 … 04-01 (a period that cuts months): carried at 03-05: d before 03-05 and not closed before it: 2 (closed
 *   03-09), 5 (closed 03-05), 6 (open) → 3 (1 was closed 03-03); d in the period: 3, 4, 8 → 应结案 6; closed by
 *   04-01: 2, 5, 3, 4, 8 → 5; on time: 3, 8 → 2; 超期未结 at 04-01: 6 → 1.
 * FEBRUARY 2026: nothing due → 应结案 0, every rate null (a period with zero due).
 */
describe('the golden dataset', () => {
  it('equals the hand-computed cohort KPIs for every groupBy and period', async () => {
    at('2026-03-01 09:00');
    const s = await setUpStreet(p, 'kpi-golden', { limit: { value: 2, unit: 'workingDays' } });
    const t = s.tokens;
    const g1 = s.gridCode;
    const g2 = '120116001001002';
    const deptB = (await p.call('POST', '/api/departments', { name: '无案件部门' }, t.admin)).body;
    const act = async (id: string, action: string, body: unknown, token: string) => {
      const res = await p.call('POST', `/api/cases/${id}/actions/${action}`, body, token);
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
      return res.body;
    };
    const grids = new Map<string, string>();
    const codes = new Map<string, string>();
    const report = async (grid: string, citizen = false) => {
      let id: string;
      if (citizen) {
        const res = await p.call('POST', '/public/kpi-golden/reports', { description: '楼下垃圾堆放' });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        const list = await p.call('GET', `/api/cases?trackingCode=${res.body.trackingCode}`, undefined, t.dispatcher);
        id = list.body.items[0].id as string;
        codes.set(id, res.body.trackingCode as string);
      } else {
        id = (await p.call('POST', '/api/cases', { description: '垃圾堆放', gridCode: grid }, t.grid)).body.id;
      }
      grids.set(id, grid);
      return id;
    };
    const toA = async (id: string) => {
      await act(id, 'register', { categoryCode: 'garbage', gridCode: grids.get(id) }, t.dispatcher);
      return act(id, 'dispatch', { departmentId: s.dept.id }, t.dispatcher);
    };
    const finish = async (id: string, handleAt: string, closeAt: string, token = t.department) => {
      at(handleAt);
      await act(id, 'handle', { note: '已处理' }, token);
      await act(id, 'verify', {}, t.grid);
      at(closeAt);
      await act(id, 'close', {}, t.dispatcher);
    };

    at('2026-03-02 10:00');
    const c = [] as string[];
    for (const [grid, citizen] of [
      [g1, true],
      [g1, true],
      [g1, true],
      [g1, false],
      [g2, false],
      [g2, false],
    ] as const) {
      c.push(await report(grid, citizen));
    }
    const [c1, c2, c3, c4, c5, c6] = c as [string, string, string, string, string, string];
    for (const id of c) expect((await toA(id)).deadline).toBe('2026-03-04T09:30:00.000Z');
    const c8 = await report(g2, true);
    await toA(c8);
    at('2026-03-02 15:00');
    await act(c8, 'return', { reason: '不属于本部门' }, t.department);
    at('2026-03-03 09:00');
    await act(c4, 'park', { reason: '等待资金' }, t.department);
    at('2026-03-03 10:00');
    const redispatched = await act(c8, 'dispatch', { departmentId: s.otherDept.id }, t.dispatcher);
    expect(redispatched.deadline).toBe('2026-03-05T09:30:00.000Z');
    await act(c3, 'extend', { reason: '需协调', until: '2026-03-20T09:30:00.000Z' }, t.leader);
    await finish(c1, '2026-03-03 10:00', '2026-03-03 15:00');
    // case 5: on time, reworked, on time again, closed after its closing deadline
    at('2026-03-03 10:00');
    await act(c5, 'handle', { note: '已处理' }, t.department);
    at('2026-03-03 14:00');
    expect((await act(c5, 'rework', { reason: '未清理干净' }, t.grid)).deadline).toBe('2026-03-05T09:30:00.000Z');
    await finish(c8, '2026-03-04 10:00', '2026-03-04 15:00', t.otherDepartment);
    await finish(c5, '2026-03-05 10:00', '2026-03-05 15:00');
    // case 6: late, reworked, handled within the new limit — still late
    at('2026-03-05 10:00');
    await act(c6, 'handle', { note: '已处理' }, t.department);
    at('2026-03-05 11:00');
    expect((await act(c6, 'rework', { reason: '未清理' }, t.grid)).deadline).toBe('2026-03-09T09:30:00.000Z');
    at('2026-03-06 10:00');
    await act(c6, 'handle', { note: '再次处理' }, t.department);
    await finish(c2, '2026-03-09 10:00', '2026-03-09 15:00');
    at('2026-03-16 09:00');
    expect((await act(c4, 'unpark', { note: '资金到位' }, t.department)).deadline).toBe('2026-03-17T09:30:00.000Z');
    await finish(c3, '2026-03-19 10:00', '2026-03-19 15:00');
    at('2026-03-19 16:00');
    for (const [id, rating] of [
      [c1, 5],
      [c2, 3],
      [c3, 1],
      [c8, 4],
    ] as const) {
      const res = await p.call('POST', `/public/kpi-golden/reports/${codes.get(id)}/evaluation`, { rating });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    at('2026-03-31 10:00');
    const c7 = await report(g2);
    expect((await toA(c7)).deadline).toBe('2026-04-02T09:30:00.000Z');
    await finish(c4, '2026-04-01 10:00', '2026-04-01 15:00');
    at('2026-05-06 10:00');

    const march = 'from=2026-03-01&to=2026-03-31';
    const april = 'from=2026-04-01&to=2026-04-30';
    const tenantMarch = {
      dueForClose: 7,
      closed: 5,
      closedOnTime: 3,
      overdueOpen: 2,
      closeRate: 0.7143,
      onTimeCloseRate: 0.4286,
      dueForHandle: 7,
      handled: 6,
      handledOnTime: 4,
      reworked: 2,
      extended: 1,
      handleRate: 0.8571,
      handleOnTimeRate: 0.5714,
      reworkRate: 0.3333,
      extensionRate: 0.1429,
      followedUp: 4,
      satisfied: 2,
      basicallySatisfied: 1,
      dissatisfied: 1,
      satisfactionRate: 0.75,
      followUpRate: 0.8,
    };
    const [tm] = await kpis(t.leader, `${march}&groupBy=tenant`);
    expect(tm).toMatchObject({
      key: s.tenantId,
      ...tenantMarch,
      reported: 8,
      registered: 8,
      registerRate: 1,
      dispatched: 9,
      returned: 1,
      dispatchAccuracy: 0.8889,
      parked: 1,
      parkRate: 0.1111,
    });

    const dm = await kpis(t.leader, `${march}&groupBy=department`);
    expect(dm.map((r) => r.key).sort()).toEqual([s.dept.id, s.otherDept.id, deptB.id].sort());
    expect(rowOf(dm, s.dept.id)).toMatchObject({
      dueForClose: 6,
      closed: 4,
      closedOnTime: 2,
      overdueOpen: 2,
      closeRate: 0.6667,
      onTimeCloseRate: 0.3333,
      dueForHandle: 6,
      handled: 5,
      handledOnTime: 3,
      reworked: 2,
      extended: 1,
      followedUp: 3,
      satisfactionRate: 0.6667,
      followUpRate: 0.75,
      dispatched: 8,
      returned: 1,
      dispatchAccuracy: 0.875,
    });
    expect(rowOf(dm, s.otherDept.id)).toMatchObject({
      dueForClose: 1,
      closed: 1,
      closedOnTime: 1,
      overdueOpen: 0,
      closeRate: 1,
      onTimeCloseRate: 1,
      dueForHandle: 1,
      handled: 1,
      handledOnTime: 1,
      followedUp: 1,
      satisfied: 1,
      satisfactionRate: 1,
    });
    expect(rowOf(dm, deptB.id)).toMatchObject({ ...zero, name: '无案件部门', dispatchAccuracy: null });

    const gm = await kpis(t.leader, `${march}&groupBy=grid`);
    expect(rowOf(gm, g1)).toMatchObject({ dueForClose: 4, closed: 3, closedOnTime: 2, overdueOpen: 1, reported: 4 });
    expect(rowOf(gm, g2)).toMatchObject({ dueForClose: 3, closed: 2, closedOnTime: 1, overdueOpen: 1, reported: 4 });

    const cm = await kpis(t.leader, `${march}&groupBy=category`);
    expect(rowOf(cm, 'garbage')).toMatchObject({ ...tenantMarch, reported: 8, registered: 8, registerRate: 1 });

    const users = (await p.call('GET', '/api/users', undefined, t.admin)).body.items as { id: string; name: string }[];
    const userId = (name: string) => users.find((u) => u.name === name)?.id as string;
    const um = await kpis(t.leader, `${march}&groupBy=user`);
    expect(um.map((r) => r.key).sort()).toEqual(users.map((u) => u.id).sort());
    expect(rowOf(um, userId('dispatcher'))).toMatchObject({ ...tenantMarch, dispatched: 9, returned: 1 });
    expect(rowOf(um, userId('grid'))).toMatchObject({
      reported: 4,
      registered: 4,
      registerRate: 1,
      dueForClose: 0,
      closeRate: null,
    });
    expect(rowOf(um, userId('leader'))).toMatchObject({ ...zero, reported: 0 });

    const tenantApril = {
      dueForClose: 3,
      closed: 1,
      closedOnTime: 0,
      overdueOpen: 2,
      closeRate: 0.3333,
      onTimeCloseRate: 0,
      dueForHandle: 2,
      handled: 1,
      handledOnTime: 0,
      followedUp: 0,
      followUpRate: 0,
      satisfactionRate: null,
      dispatchAccuracy: null,
    };
    const [ta] = await kpis(t.leader, `${april}&groupBy=tenant`);
    expect(ta).toMatchObject(tenantApril);
    const da = await kpis(t.leader, `${april}&groupBy=department`);
    expect(rowOf(da, s.dept.id)).toMatchObject(tenantApril);
    expect(rowOf(da, s.otherDept.id)).toMatchObject({ dueForClose: 0, closeRate: null });
    expect(rowOf(da, deptB.id)).toMatchObject({ dueForClose: 0, closeRate: null });
    expect(rowOf(await kpis(t.leader, `${april}&groupBy=category`), 'garbage')).toMatchObject(tenantApril);
    expect(rowOf(await kpis(t.leader, `${april}&groupBy=user`), userId('dispatcher'))).toMatchObject({
      dueForClose: 3,
      closed: 1,
      overdueOpen: 2,
    });
    const ga = await kpis(t.leader, `${april}&groupBy=grid`);
    // g1: case 4 carried and closed; g2: case 6 carried, case 7 due, both open
    expect(rowOf(ga, g1)).toMatchObject({ dueForClose: 1, closed: 1, overdueOpen: 0 });
    expect(rowOf(ga, g2)).toMatchObject({ dueForClose: 2, closed: 0, overdueOpen: 2, closeRate: 0 });

    const [cut] = await kpis(t.leader, 'from=2026-03-05&to=2026-04-01&groupBy=tenant');
    expect(cut).toMatchObject({ dueForClose: 6, closed: 5, closedOnTime: 2, overdueOpen: 1 });

    const [feb] = await kpis(t.leader, 'from=2026-02-01&to=2026-02-28&groupBy=tenant');
    expect(feb).toMatchObject(zero);

    // the month series carries over from month to month: the same numbers as the monthly queries
    const series = await kpis(t.leader, 'from=2026-02-01&to=2026-04-30&groupBy=month');
    expect(series.map((r) => r.key)).toEqual(['2026-02', '2026-03', '2026-04']);
    expect(series[0]).toMatchObject(zero);
    expect(series[1]).toMatchObject(tenantMarch);
    expect(series[2]).toMatchObject(tenantApril);
  }, 180_000);
});

/*
 * GOLDEN: 督办数 and 督办办结率 (DOMAIN.md "督办"). Street with the garbage category (2 working days). In May 2026:
 *  case S1  supervised 05-18 (twice: 05-18 and 05-19), dispatched, handled, verified, closed 05-19  → 督办, 办结
 *  case S2  supervised 05-18 at 立案 (registered, never dispatched)                                → 督办, open
 *  case S3  never supervised, closed 05-19                                                          → not counted
 * June: case S4 supervised 06-01 (a case counts in the month of its first order).
 * May: 督办数 = 2 (cases, not orders: S1 twice counts once), 督办办结 = 1, 督办办结率 = 1/2 = 0.5.
 * June: 督办数 = 1, 督办办结 = 0, 督办办结率 = 0. Department A (S1 dispatched to it) in May: 1 of 1 = 1.
 */
describe('督办 KPIs over the supervision cohort', () => {
  it('counts supervised cases once in the month of the first order, and those of them closed', async () => {
    at('2026-05-18 09:30'); // Monday
    const s = await setUpStreet(p, 'kpi-supervise', { limit: { value: 2, unit: 'workingDays' } });
    const act = async (id: string, action: string, body: unknown, token: string) => {
      const res = await p.call('POST', `/api/cases/${id}/actions/${action}`, body, token);
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
      return res.body;
    };
    const filed = async (text: string) => {
      const id = (await p.call('POST', '/api/cases', { description: text, gridCode: s.gridCode }, s.tokens.grid)).body
        .id as string;
      await act(id, 'register', { categoryCode: 'garbage' }, s.tokens.dispatcher);
      return id;
    };
    const [s1, s2, s3] = [await filed('垃圾 S1'), await filed('垃圾 S2'), await filed('垃圾 S3')];
    await act(s1, 'supervise', { instruction: '请当日派遣' }, s.tokens.leader);
    await act(s2, 'supervise', { instruction: '请核实' }, s.tokens.leader);
    for (const id of [s1, s3]) await act(id, 'dispatch', { departmentId: s.dept.id }, s.tokens.dispatcher);
    at('2026-05-19 10:00');
    await act(s1, 'supervise', { instruction: '再次督办：今日办结' }, s.tokens.leader);
    for (const id of [s1, s3]) {
      await act(id, 'handle', { note: '已清理' }, s.tokens.department);
      await act(id, 'verify', {}, s.tokens.grid);
      await act(id, 'close', {}, s.tokens.dispatcher);
    }
    at('2026-06-01 10:00');
    const s4 = await filed('垃圾 S4');
    await act(s4, 'supervise', { instruction: '请处理' }, s.tokens.leader);

    const [may] = await kpis(s.tokens.leader, 'from=2026-05-01&to=2026-05-31&groupBy=tenant');
    expect(may).toMatchObject({ supervised: 2, supervisedClosed: 1, supervisionCloseRate: 0.5 });
    const [june] = await kpis(s.tokens.leader, 'from=2026-06-01&to=2026-06-30&groupBy=tenant');
    expect(june).toMatchObject({ supervised: 1, supervisedClosed: 0, supervisionCloseRate: 0 });
    const departments = await kpis(s.tokens.leader, 'from=2026-05-01&to=2026-05-31&groupBy=department');
    expect(rowOf(departments, s.dept.id)).toMatchObject({
      supervised: 1,
      supervisedClosed: 1,
      supervisionCloseRate: 1,
    });
    expect(rowOf(departments, s.otherDept.id)).toMatchObject({ supervised: 0, supervisionCloseRate: null });
  }, 180_000);
});
