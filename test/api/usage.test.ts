import { routeSpecs } from '@civicgrid/api';
import { PLAN_LIMITS, shanghaiDate, shanghaiMonth } from '@civicgrid/domain';
import { describe, expect, it } from 'vitest';
import { ADMIN, createTestPlatform } from '../support/platform';

// Tiny trial limits so a quota is reached in a few calls; no timed flush, so the test decides when counts land.
const p = await createTestPlatform({
  config: {
    planLimits: { trial: { reportsPerMonth: 3, users: 2, storageBytes: 1000 } },
    usageFlushSeconds: 3600,
  },
});
const meter = p.deps.meter;
if (!meter) throw new Error('the local runtime meters usage');

// the citizen form may not be part of every build of this branch; when it is, its reports are metered too
const hasPublicForm = routeSpecs(p.app).some((r) => r.method === 'POST' && r.path === '/public/:slug/reports');

const day = (offsetDays: number) => shanghaiDate(new Date(Date.now() + offsetDays * 86_400_000));
const period = `from=${day(-1)}&to=${day(1)}`;

/** A tenant whose authenticated calls the test counts itself, by route group. */
async function meteredTenant(slug: string, level: 'street' | 'district' = 'street', parentSlug?: string) {
  const t = await p.signup(slug, level, parentSlug);
  const counted = { api: 0, admin: 0 };
  const users = new Set<string>([t.user.id]);
  const call = (method: string, path: string, body?: unknown, token = t.token) => {
    counted[path.startsWith('/api/admin/') ? 'admin' : 'api']++;
    return p.call(method, path, body, token);
  };
  return { ...t, counted, users, call };
}

/** Report, register, dispatch, handle, verify and close one case as the tenant admin (who may stand in for all). */
async function closeOneCase(t: Awaited<ReturnType<typeof meteredTenant>>) {
  const dept = await t.call('POST', '/api/departments', { name: '城市管理局' });
  const category = await t.call('POST', '/api/categories', {
    code: 'garbage',
    name: '暴露垃圾',
    departmentId: dept.body.id,
    timeLimit: { value: 5, unit: 'workingDays' },
  });
  expect(category.status).toBe(201);
  const created = await t.call('POST', '/api/cases', { description: '垃圾堆积' });
  expect(created.status).toBe(201);
  const id = created.body.id;
  const steps: [string, unknown, string][] = [
    ['register', { categoryCode: 'garbage' }, 'registered'],
    ['dispatch', { departmentId: dept.body.id }, 'dispatched'],
    ['handle', { note: '已清理' }, 'handled'],
    ['verify', { note: '已核实' }, 'verified'],
    ['close', { note: '结案' }, 'closed'],
  ];
  for (const [action, body, step] of steps) {
    const res = await t.call('POST', `/api/cases/${id}/actions/${action}`, body);
    expect(res.body.step, `${action}: ${JSON.stringify(res.body)}`).toBe(step);
  }
  return id as string;
}

describe('usage metering', () => {
  it('shows each tenant its own requests, reports, cases, storage and users after a flush', async () => {
    const admin = await p.login(ADMIN.email, ADMIN.password);
    const a = await meteredTenant('usage-alpha');
    const b = await meteredTenant('usage-beta');
    for (const t of [a, b]) {
      const moved = await p.call('POST', `/api/admin/tenants/${t.tenant.id}/plan`, { plan: 'standard' }, admin);
      expect(moved.status).toBe(200);
      expect(moved.body.plan).toBe('standard');
    }

    // alpha: a dispatcher, 7 reads, 4 staff reports + 1 closed case, one evidence upload, one refused admin call
    const dispatcher = await a.call('POST', '/api/users', {
      name: '调度员',
      email: 'dispatcher@usage-alpha.test',
      password: 'role-password-1',
      roles: ['dispatcher'],
    });
    expect(dispatcher.status).toBe(201);
    const dispatcherToken = await p.login('dispatcher@usage-alpha.test', 'role-password-1');
    a.users.add(dispatcher.body.id);
    for (let i = 0; i < 7; i++) expect((await a.call('GET', '/api/tenants')).status).toBe(200);
    for (let i = 0; i < 4; i++) {
      expect((await a.call('POST', '/api/cases', { description: `巡查发现 ${i}` }, dispatcherToken)).status).toBe(201);
    }
    const closedId = await closeOneCase(a);
    const upload = await a.call('POST', `/api/cases/${closedId}/evidence`, {
      fileName: 'after.jpg',
      contentType: 'image/jpeg',
      size: 1234,
    });
    expect(upload.status).toBe(201);
    expect((await a.call('GET', '/api/admin/usage')).status).toBe(403);
    // beta: 3 reads and 2 reports by its admin
    for (let i = 0; i < 3; i++) await b.call('GET', '/api/me');
    for (let i = 0; i < 2; i++)
      expect((await b.call('POST', '/api/cases', { description: `报告 ${i}` })).status).toBe(201);

    // citizens: public reports count as requests of the public group and as reports (no token, the slug names beta)
    const citizenReports = hasPublicForm ? 2 : 0;
    for (let i = 0; i < citizenReports; i++) {
      const res = await p.call('POST', '/public/usage-beta/reports', { description: `市民反映路灯不亮 ${i}` });
      expect(res.status).toBe(201);
    }

    const flushed = await meter.flush();
    expect(flushed.failed).toBe(0);

    const usageA = await p.call('GET', `/api/usage?${period}`, undefined, a.token);
    expect(usageA.status).toBe(200);
    expect(usageA.body).toMatchObject({
      tenantId: a.tenant.id,
      plan: 'standard',
      limits: PLAN_LIMITS.standard,
      month: { month: shanghaiMonth(new Date()), reports: 5, storageBytes: 1234, users: 2 },
    });
    expect(usageA.body.rows).toEqual([
      expect.objectContaining({
        tenantId: a.tenant.id,
        slug: 'usage-alpha',
        plan: 'standard',
        requests: a.counted.api + a.counted.admin,
        apiRequests: a.counted.api,
        adminRequests: 1,
        publicRequests: 0,
        open311Requests: 0,
        reports: 0,
        cases: 5,
        casesClosed: 1,
        storageBytes: 1234,
        storageBytesAdded: 1234,
        users: 2,
        activeUsers: a.users.size,
      }),
    ]);

    const usageB = await p.call('GET', `/api/usage?${period}`, undefined, b.token);
    expect(usageB.body.month).toMatchObject({ reports: 2 + citizenReports, storageBytes: 0, users: 1 });
    expect(usageB.body.rows).toEqual([
      expect.objectContaining({
        tenantId: b.tenant.id,
        requests: b.counted.api + citizenReports,
        publicRequests: citizenReports,
        reports: citizenReports,
        cases: 2 + citizenReports,
        casesClosed: 0,
        storageBytes: 0,
        users: 1,
        activeUsers: 1,
      }),
    ]);
    // another tenant's usage is not reachable by id
    expect((await p.call('GET', `/api/usage?tenantId=${a.tenant.id}`, undefined, b.token)).status).toBe(404);

    // the operator sees the same figures for every tenant, as JSON and as CSV for Excel
    const all = await p.call('GET', `/api/admin/usage?${period}`, undefined, admin);
    expect(all.status).toBe(200);
    const rowOf = (slug: string) => all.body.rows.find((r: { slug: string }) => r.slug === slug);
    // the operator's report flushes first, so it also counts the tenants' own usage reads made since
    // (alpha read its usage once; beta twice, the second one refused)
    const plus = (row: { requests: number; apiRequests: number }, n: number) => ({
      ...row,
      requests: row.requests + n,
      apiRequests: row.apiRequests + n,
    });
    expect(rowOf('usage-alpha')).toEqual(plus(usageA.body.rows[0], 1));
    expect(rowOf('usage-beta')).toEqual(plus(usageB.body.rows[0], 2));
    const csv = await p.app.request(`/api/admin/usage?${period}&format=csv`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="civicgrid-usage-.+\.csv"$/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: Excel reads the Chinese names as UTF-8
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    expect(lines[0]).toMatch(/^tenantId,slug,name,level,status,plan,requests,/);
    expect(lines.find((l) => l.includes(',usage-alpha,'))).toContain(`,standard,${rowOf('usage-alpha').requests},`);

    // non-admins get 403 on the operator's routes; a dispatcher may not read usage at all
    expect((await p.call('GET', '/api/admin/usage', undefined, b.token)).status).toBe(403);
    expect((await p.call('POST', `/api/admin/tenants/${b.tenant.id}/plan`, { plan: 'district' }, b.token)).status).toBe(
      403,
    );
    expect((await p.call('GET', '/api/usage', undefined, dispatcherToken)).status).toBe(403);
    expect((await p.call('POST', `/api/admin/tenants/${b.tenant.id}/plan`, { plan: 'gold' }, admin)).status).toBe(400);
  });

  it('gives a district the report of its active subtree only', async () => {
    const district = await meteredTenant('usage-district', 'district');
    const street = await meteredTenant('usage-street', 'street', 'usage-district');
    const pending = await meteredTenant('usage-pending', 'street', 'usage-district');
    expect((await district.call('POST', `/api/tenants/${street.tenant.id}/approve`, {})).status).toBe(200);
    for (let i = 0; i < 4; i++) await street.call('GET', '/api/me');
    await pending.call('GET', '/api/me');
    await meter.flush();

    const report = await p.call('GET', `/api/usage/report?${period}`, undefined, district.token);
    expect(report.status).toBe(200);
    expect(report.body.rows.map((r: { slug: string }) => r.slug).sort()).toEqual(['usage-district', 'usage-street']);
    const streetRow = report.body.rows.find((r: { slug: string }) => r.slug === 'usage-street');
    expect(streetRow).toMatchObject({ plan: 'trial', requests: street.counted.api, activeUsers: 1 });
    const csv = await p.app.request(`/api/usage/report?${period}&format=csv`, {
      headers: { authorization: `Bearer ${district.token}` },
    });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // the street sees only itself
    const own = await p.call('GET', `/api/usage/report?${period}`, undefined, street.token);
    expect(own.body.rows.map((r: { slug: string }) => r.slug)).toEqual(['usage-street']);
  });
});

describe('plan quotas', () => {
  it('refuses reports, users and storage beyond the plan, naming the limit, until the plan changes', async () => {
    const q = await meteredTenant('usage-quota');
    for (let i = 0; i < 3; i++)
      expect((await q.call('POST', '/api/cases', { description: `报告 ${i}` })).status).toBe(201);
    const over = await q.call('POST', '/api/cases', { description: '第四个' });
    expect(over.status).toBe(429);
    expect(over.body.error).toMatchObject({
      code: 'quota_exceeded',
      message: 'Monthly report quota of the trial plan (3) reached',
      details: [{ path: 'plan.reportsPerMonth', message: '3' }],
    });
    const retry = Number(over.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(31 * 86_400);

    // users: the admin is one of two
    const user = (n: number) => ({
      name: `U${n}`,
      email: `u${n}@usage-quota.test`,
      password: 'role-password-1',
      roles: ['leader'],
    });
    expect((await q.call('POST', '/api/users', user(1))).status).toBe(201);
    const tooMany = await q.call('POST', '/api/users', user(2));
    expect(tooMany.status).toBe(403);
    expect(tooMany.body.error).toMatchObject({
      code: 'quota_exceeded',
      message: 'User quota of the trial plan (2) reached',
      details: [{ path: 'plan.users', message: '2' }],
    });

    // storage: 1000 bytes, counted at presign (unflushed counts included)
    const caseId = (await p.call('GET', '/api/cases', undefined, q.token)).body.items[0].id;
    const presign = (size: number) =>
      q.call('POST', `/api/cases/${caseId}/evidence`, { fileName: 'a.png', contentType: 'image/png', size });
    expect((await presign(600)).status).toBe(201);
    const full = await presign(600);
    expect(full.status).toBe(403);
    expect(full.body.error).toMatchObject({
      code: 'quota_exceeded',
      details: [{ path: 'plan.storageBytes', message: '1000' }],
    });

    // the operator moves the tenant up: the limits lift at once in this process
    const admin = await p.login(ADMIN.email, ADMIN.password);
    expect((await p.call('POST', `/api/admin/tenants/${q.tenant.id}/plan`, { plan: 'standard' }, admin)).status).toBe(
      200,
    );
    expect((await q.call('POST', '/api/cases', { description: '第四个' })).status).toBe(201);
    expect((await q.call('POST', '/api/users', user(2))).status).toBe(201);
    expect((await presign(600)).status).toBe(201);
  });
});
