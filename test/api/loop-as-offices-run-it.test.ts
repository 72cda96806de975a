import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';

// The story runs on a Saturday night in Beijing (the clock moves on with real time from there): an urgent case's
// natural-hour clock must run through it.
const night = Date.parse('2026-12-05T23:00:00+08:00');
const offsetMs = night - Date.now();
const clock = () => new Date(Date.now() + offsetMs);
const p = await createTestPlatform({ clock });

const HOUR = 3_600_000;
/** Grid G: a small square (GeoJSON order lng, lat). */
const G = '120116001001001';
const square = {
  type: 'Polygon',
  coordinates: [
    [
      [117.7, 39.02],
      [117.71, 39.02],
      [117.71, 39.03],
      [117.7, 39.03],
      [117.7, 39.02],
    ],
  ],
};
const insideG = { lat: 39.025, lng: 117.705 };
const outside = { lat: 39.1, lng: 117.8 };

type Res = Awaited<ReturnType<typeof p.call>>;
function ok(res: Res, status = 200): Res['body'] {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A user of `tenantId` (the caller's own tenant unless a community below it) with `roles`, logged in. */
async function staff(admin: string, name: string, spec: Record<string, unknown>, tenantId?: string) {
  const email = `${name}@offices.test`;
  const url = tenantId ? `/api/users?tenantId=${tenantId}` : '/api/users';
  ok(await p.call('POST', url, { name, email, password: 'office-password-1', ...spec }, admin), 201);
  return p.login(email, 'office-password-1');
}

describe('the incident loop as offices run it', () => {
  it('walks grid from the pin, urgency, 主办 + 协办, review, 回访, 督办, 上报 and 下派', async () => {
    // a district and its street, each with its own centre and departments
    const district = await p.signup('offices-district', 'district');
    const street = await p.signup('offices-street', 'street', 'offices-district');
    ok(await p.call('POST', `/api/tenants/${street.tenant.id}/approve`, {}, district.token));
    const s = street.token;
    const lead = ok(await p.call('POST', '/api/departments', { name: '城市管理科' }, s), 201);
    const assist = ok(await p.call('POST', '/api/departments', { name: '物业办' }, s), 201);
    ok(await p.call('POST', '/api/grids', { code: G, name: '网格一', polygon: square }, s), 201);
    ok(
      await p.call(
        'POST',
        '/api/categories',
        {
          code: 'manhole',
          name: '井盖缺失',
          departmentId: assist.id,
          timeLimit: { value: 4, unit: 'workingHours' },
          urgentTimeLimit: { value: 2, unit: 'naturalHours' },
        },
        s,
      ),
      201,
    );
    // in grid G manholes go to the lead department, not the category's own
    ok(
      await p.call('POST', '/api/routing-rules', { gridCode: G, categoryCode: 'manhole', departmentId: lead.id }, s),
      201,
    );
    const dispatcher = await staff(s, 'os-dispatcher', { roles: ['dispatcher'] });
    const leadDept = await staff(s, 'os-lead', { roles: ['department'], departmentId: lead.id });
    const assistDept = await staff(s, 'os-assist', { roles: ['department'], departmentId: assist.id });
    const leader = await staff(s, 'os-leader', { roles: ['leader'] });
    const act = (id: string, action: string, body: unknown, token: string) =>
      p.call('POST', `/api/cases/${id}/actions/${action}`, body, token);
    const byCode = async (code: string) =>
      ok(await p.call('GET', `/api/cases?trackingCode=${code}`, undefined, dispatcher)).items[0];

    // 1. a citizen's pin inside grid G: the case carries G, its number, and G's routing
    const pinned = ok(
      await p.call('POST', '/public/offices-street/reports', {
        description: '井盖丢失，有人掉落危险',
        categoryCode: 'manhole',
        location: insideG,
      }),
      201,
    );
    const caseA = await byCode(pinned.trackingCode);
    expect(caseA).toMatchObject({ gridCode: G, outsideGrids: false });
    expect(caseA.number).toMatch(/^OS-2026-\d{6}$/);
    // one outside every grid is flagged for the centre
    const lost = ok(
      await p.call('POST', '/public/offices-street/reports', { description: '路灯不亮', location: outside }),
      201,
    );
    const caseB = await byCode(lost.trackingCode);
    expect(caseB).toMatchObject({ outsideGrids: true });
    expect(caseB.gridCode).toBeUndefined();
    expect(caseB.number).not.toBe(caseA.number);

    // 2. 立案 urgent: 2 natural hours from dispatch, Saturday 23:00 or not
    const filed = ok(await act(caseA.id, 'register', { categoryCode: 'manhole', urgency: 'urgent' }, dispatcher));
    expect(filed).toMatchObject({ step: 'registered', urgency: 'urgent' });
    const pageA = ok(await p.call('GET', `/api/cases/${caseA.id}`, undefined, dispatcher));
    expect(pageA.suggestedDepartmentId).toBe(lead.id); // the grid's routing
    // dispatch with the routing default as 主办 and one 协办
    const sent = ok(await act(caseA.id, 'dispatch', { assistingDepartmentIds: [assist.id] }, dispatcher));
    expect(sent).toMatchObject({ step: 'dispatched', departmentId: lead.id, assistingDepartmentIds: [assist.id] });
    const dispatchedAt = Date.parse(sent.updatedAt);
    expect(Date.parse(sent.deadline) - dispatchedAt).toBe(2 * HOUR);
    expect(new Date(dispatchedAt).getUTCDay()).toBe(6); // Saturday night in Beijing: no working time at all

    // the 协办 reports; the case waits for the 主办
    expect(ok(await act(caseA.id, 'handle', { note: '已配合设置警示' }, assistDept)).step).toBe('dispatched');
    expect(ok(await act(caseA.id, 'handle', { note: '已更换井盖' }, leadDept)).step).toBe('handled');
    // the centre's 审核 rejects: 返工, counted
    const reworked = ok(await act(caseA.id, 'review', { decision: 'reject', note: '井盖不匹配' }, dispatcher));
    expect(reworked.step).toBe('dispatched');
    // 返工数 counts in the handling cohort of the fresh deadline: Sunday 01:00, two natural hours on
    const kpis = ok(await p.call('GET', '/api/stats/kpis?from=2026-12-01&to=2026-12-31', undefined, dispatcher));
    expect(kpis.rows[0]).toMatchObject({ reworked: 1 });
    expect(ok(await act(caseA.id, 'handle', { note: '已更换匹配井盖' }, leadDept)).step).toBe('handled');
    expect(ok(await act(caseA.id, 'review', { decision: 'approve' }, dispatcher)).step).toBe('verified');
    expect(ok(await act(caseA.id, 'close', { note: '办结' }, dispatcher)).step).toBe('closed');
    // staff no longer rate for the citizen; they record 回访
    expect((await act(caseA.id, 'evaluate', { rating: 5 }, dispatcher)).status).toBe(404);
    ok(await act(caseA.id, 'followUp', { channel: 'phone', satisfaction: 'satisfied', note: '群众满意' }, dispatcher));
    const closedA = ok(await p.call('GET', `/api/cases/${caseA.id}`, undefined, dispatcher));
    expect(closedA).toMatchObject({ step: 'closed', reworkCount: 1 });
    expect(closedA.followUps[0]).toMatchObject({ channel: 'phone', satisfaction: 'satisfied' });
    // the 回访 counts once, as 满意, in the closing cohort (the deadline's day: Sunday)
    const after = ok(await p.call('GET', '/api/stats/kpis?from=2026-12-01&to=2026-12-31', undefined, dispatcher));
    expect(after.rows[0]).toMatchObject({ closed: 1, followedUp: 1, satisfied: 1, dissatisfied: 0, reworked: 1 });
    expect(closedA.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['assist_reported', 'reworked', 'reviewed', 'followed_up']),
    );

    // 3. a leader's 督办 on the open case B: flagged, listed under supervised=true, answered by the centre
    expect((await act(caseB.id, 'supervise', { instruction: '请今日内核实' }, dispatcher)).status).toBe(403);
    const supervised = ok(
      await act(
        caseB.id,
        'supervise',
        { instruction: '请今日内核实', dueBy: new Date(clock().getTime() + 8 * HOUR).toISOString() },
        leader,
      ),
    );
    expect(supervised.supervised).toBe(true);
    const flagged = ok(await p.call('GET', '/api/cases?supervised=true', undefined, dispatcher));
    expect(flagged.items.map((c: { id: string }) => c.id)).toEqual([caseB.id]);
    ok(await act(caseB.id, 'answer', { note: '已派网格员核实' }, dispatcher));
    const pageB = ok(await p.call('GET', `/api/cases/${caseB.id}`, undefined, dispatcher));
    expect(pageB.supervisions[0]).toMatchObject({ instruction: '请今日内核实', answer: '已派网格员核实' });

    // 4. 上报: the street escalates a case it cannot solve; the district's centre sees it in its subtree list
    const d = district.token;
    const districtDept = ok(await p.call('POST', '/api/departments', { name: '区交通局' }, d), 201);
    ok(
      await p.call(
        'POST',
        '/api/categories',
        {
          code: 'manhole',
          name: '井盖缺失',
          departmentId: districtDept.id,
          timeLimit: { value: 2, unit: 'workingDays' },
        },
        d,
      ),
      201,
    );
    const districtDispatcher = await staff(d, 'od-dispatcher', { roles: ['dispatcher'] });
    const districtDeptUser = await staff(d, 'od-dept', { roles: ['department'], departmentId: districtDept.id });
    const caseC = ok(
      await p.call('POST', '/api/cases', { description: '主干道井盖塌陷，需区级处置' }, dispatcher),
      201,
    );
    ok(await act(caseC.id, 'register', { categoryCode: 'manhole' }, dispatcher));
    const up = ok(await act(caseC.id, 'escalate', { reason: '涉及区管道路' }, dispatcher));
    expect(up.holderTenantId).toBe(district.tenant.id);
    // the street no longer acts on it
    expect((await act(caseC.id, 'dispatch', { departmentId: lead.id }, dispatcher)).status).toBe(404);
    const tree = ok(await p.call('GET', '/api/cases?scope=subtree', undefined, districtDispatcher));
    const listed = tree.items.find((c: { id: string }) => c.id === caseC.id);
    expect(listed).toMatchObject({ tenantId: street.tenant.id, holderTenantId: district.tenant.id });
    expect(tree.items.every((c: { tenantId?: string }) => typeof c.tenantId === 'string')).toBe(true);
    const districtPage = ok(await p.call('GET', `/api/cases/${caseC.id}`, undefined, districtDispatcher));
    expect(districtPage.allowedActions).toContain('dispatch');
    expect(districtPage.events.map((e: { type: string }) => e.type)).toContain('referred_up');
    ok(await act(caseC.id, 'dispatch', { departmentId: districtDept.id }, districtDispatcher));
    expect(ok(await act(caseC.id, 'handle', { note: '区交通局已修复' }, districtDeptUser)).step).toBe('handled');
    // each level counts the cases it held: C is the district's dispatch and handling, not the street's
    const byTenant = ok(
      await p.call('GET', '/api/stats/kpis?groupBy=tenant&from=2026-12-01&to=2026-12-31', undefined, d),
    ).rows as Array<{ tenantId: string; dispatched: number; handled: number; dueForHandle: number }>;
    const rowOf = (id: string) => byTenant.find((r) => r.tenantId === id);
    expect(rowOf(district.tenant.id)).toMatchObject({ dispatched: 1, dueForHandle: 1, handled: 1 });
    expect(rowOf(street.tenant.id)).toMatchObject({ dispatched: 1, dueForHandle: 1, handled: 1 }); // case A only

    // 5. 下派: the street assigns a case down to a community whose own dispatcher files it
    const community = ok(
      await p.call('POST', '/api/tenants', { name: '幸福社区', slug: 'offices-community', level: 'community' }, s),
      201,
    );
    const communityDispatcher = await staff(
      s,
      'oc-dispatcher',
      { roles: ['dispatcher', 'tenant_admin'] },
      community.id,
    );
    const communityAdmin = communityDispatcher;
    const communityDept = ok(await p.call('POST', '/api/departments', { name: '社区居委会' }, communityAdmin), 201);
    ok(
      await p.call(
        'POST',
        '/api/categories',
        {
          code: 'noise',
          name: '噪音扰民',
          departmentId: communityDept.id,
          timeLimit: { value: 1, unit: 'workingDays' },
        },
        communityAdmin,
      ),
      201,
    );
    const caseD = ok(await p.call('POST', '/api/cases', { description: '楼上装修噪音' }, dispatcher), 201);
    const down = ok(await act(caseD.id, 'assignDown', { tenantId: community.id }, dispatcher));
    expect(down).toMatchObject({ step: 'reported', holderTenantId: community.id });
    const communityFiled = ok(await act(caseD.id, 'register', { categoryCode: 'noise' }, communityDispatcher));
    expect(communityFiled.step).toBe('registered');
    expect((await act(caseD.id, 'assignDown', { tenantId: 'zzz.bad' }, dispatcher)).status).toBe(404);
  }, 240_000);
});
