import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

const p = await createTestPlatform();

describe('routing by grid × category', () => {
  it('sends a registered case to the category’s department unless a grid rule overrides it; dispatchers may override', async () => {
    const s = await setUpStreet(p, 'route-street');
    const t = s.tokens.dispatcher;
    const report = async (gridCode: string) => {
      const id = (await p.call('POST', '/api/cases', { description: '垃圾', gridCode }, s.tokens.grid)).body.id;
      expect(
        (await p.call('POST', `/api/cases/${id}/actions/register`, { categoryCode: 'garbage', gridCode }, t)).status,
      ).toBe(200);
      return id as string;
    };
    const first = await report(s.gridCode);
    expect((await p.call('GET', `/api/cases/${first}`, undefined, t)).body.suggestedDepartmentId).toBe(s.dept.id);
    expect((await p.call('POST', `/api/cases/${first}/actions/dispatch`, {}, t)).body.departmentId).toBe(s.dept.id);

    const rule = await p.call(
      'POST',
      '/api/routing-rules',
      { gridCode: '120116001001002', categoryCode: 'garbage', departmentId: s.otherDept.id },
      s.tokens.admin,
    );
    expect(rule.status).toBe(201);
    const bad = await p.call(
      'POST',
      '/api/routing-rules',
      { gridCode: '120116001001009', categoryCode: 'nope', departmentId: 'x' },
      s.tokens.admin,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'gridCode',
      'categoryCode',
      'departmentId',
    ]);
    const second = await report('120116001001002');
    expect((await p.call('POST', `/api/cases/${second}/actions/dispatch`, {}, t)).body.departmentId).toBe(
      s.otherDept.id,
    );
    // the dispatcher's explicit choice wins over the rule
    const third = await report('120116001001002');
    expect(
      (await p.call('POST', `/api/cases/${third}/actions/dispatch`, { departmentId: s.dept.id }, t)).body.departmentId,
    ).toBe(s.dept.id);
    expect(
      (
        await p.call(
          'DELETE',
          `/api/routing-rules/${encodeURIComponent('120116001001002#garbage')}`,
          undefined,
          s.tokens.admin,
        )
      ).status,
    ).toBe(204);
    expect((await p.call('GET', '/api/routing-rules', undefined, s.tokens.admin)).body.items).toEqual([]);
  });
});

describe('KPI roll-up over a district', () => {
  it('sums approved streets, leaves a pending street out, and never reads up', async () => {
    const district = await p.signup('rollup-district', 'district');
    const streets = [];
    for (const slug of ['rollup-a', 'rollup-b', 'rollup-pending']) {
      const st = await p.signup(slug, 'street', 'rollup-district');
      if (slug !== 'rollup-pending') await p.call('POST', `/api/tenants/${st.tenant.id}/approve`, {}, district.token);
      streets.push(st);
    }
    for (const [i, st] of streets.entries()) {
      for (let n = 0; n <= i; n++)
        expect((await p.call('POST', '/api/cases', { description: `case ${n}` }, st.token)).status).toBe(201);
    }
    const kpi = await p.call('GET', '/api/stats/kpis?groupBy=tenant', undefined, district.token);
    expect(kpi.status).toBe(200);
    const byKey = Object.fromEntries(kpi.body.rows.map((r: { key: string; reported: number }) => [r.key, r.reported]));
    // every tenant of the scope is listed, the district's own row with zeros; the pending street is left out
    expect(byKey).toEqual({ [district.tenant.id]: 0, [streets[0]!.tenant.id]: 1, [streets[1]!.tenant.id]: 2 });
    const total = await p.call('GET', '/api/stats/kpis?groupBy=day', undefined, district.token);
    expect(total.body.rows.reduce((sum: number, r: { reported: number }) => sum + r.reported, 0)).toBe(3);
    // one street's own view and a district drill-down agree
    const own = await p.call('GET', '/api/stats/kpis', undefined, streets[1]!.token);
    const drill = await p.call('GET', `/api/stats/kpis?tenantId=${streets[1]!.tenant.id}`, undefined, district.token);
    expect(own.body.rows[0].reported).toBe(2);
    expect(drill.body.rows[0].reported).toBe(2);
    expect(
      (await p.call('GET', `/api/stats/kpis?tenantId=${streets[2]!.tenant.id}`, undefined, district.token)).status,
    ).toBe(404);
    expect(
      (await p.call('GET', `/api/stats/kpis?tenantId=${district.tenant.id}`, undefined, streets[0]!.token)).status,
    ).toBe(404);
    expect((await p.call('GET', '/api/stats/kpis?from=2026-13-01', undefined, district.token)).status).toBe(400);
  });
});
