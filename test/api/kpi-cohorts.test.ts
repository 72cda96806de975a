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
  });
});
