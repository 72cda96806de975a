import { describe, expect, it } from 'vitest';
import { ADMIN, createTestPlatform } from '../support/platform';

const p = await createTestPlatform();

describe('a tenant’s status reaches its whole subtree', () => {
  it('a suspended district closes its street’s login, staff API and public form; reactivation opens them', async () => {
    const district = await p.signup('cascade-district', 'district');
    const street = await p.signup('cascade-street', 'street', 'cascade-district');
    expect((await p.call('POST', `/api/tenants/${street.tenant.id}/approve`, undefined, district.token)).status).toBe(
      200,
    );
    const report = () => p.call('POST', '/public/cascade-street/reports', { description: '路面塌陷' });
    expect((await report()).status).toBe(201);
    expect((await p.call('GET', '/public/cascade-street')).status).toBe(200);

    const operator = await p.login(ADMIN.email, ADMIN.password);
    const suspend = await p.call('POST', `/api/admin/tenants/${district.tenant.id}/suspend`, undefined, operator);
    expect(suspend.status).toBe(200);

    const login = await p.call('POST', '/api/auth/login', { email: street.email, password: street.password });
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe('tenant_suspended');
    const staffApi = await p.call('GET', '/api/cases', undefined, street.token);
    expect(staffApi.status).toBe(403);
    expect(staffApi.body.error.code).toBe('tenant_suspended');
    expect((await report()).status).toBe(404);
    expect((await p.call('GET', '/public/cascade-street/categories')).status).toBe(404);

    const reactivate = await p.call('POST', `/api/admin/tenants/${district.tenant.id}/reactivate`, undefined, operator);
    expect(reactivate.status).toBe(200);
    expect((await p.call('POST', '/api/auth/login', { email: street.email, password: street.password })).status).toBe(
      200,
    );
    expect((await p.call('GET', '/api/cases', undefined, street.token)).status).toBe(200);
    expect((await report()).status).toBe(201);
  });

  it('a street awaiting approval sets itself up but creates no community (no public form below it)', async () => {
    await p.signup('cascade-d2', 'district');
    const pending = await p.signup('cascade-pending', 'street', 'cascade-d2');
    expect(pending.tenant.status).toBe('pending');
    const community = await p.call(
      'POST',
      '/api/tenants',
      { name: '幸福社区', slug: 'cascade-pending-c', level: 'community' },
      pending.token,
    );
    expect(community.status).toBe(403);
    expect(community.body.error.code).toBe('tenant_pending');
    expect((await p.call('GET', '/public/cascade-pending-c')).status).toBe(404);
    // its own setting-up still works (API contract)
    expect((await p.call('POST', '/api/departments', { name: '城管科' }, pending.token)).status).toBe(201);
    expect((await p.call('POST', '/public/cascade-pending/reports', { description: '待批准' })).status).toBe(404);

    // suspended while pending and reactivated, it is pending again: reactivation is no approval
    const operator = await p.login(ADMIN.email, ADMIN.password);
    const id = pending.tenant.id;
    expect((await p.call('POST', `/api/admin/tenants/${id}/suspend`, undefined, operator)).status).toBe(200);
    const back = await p.call('POST', `/api/admin/tenants/${id}/reactivate`, undefined, operator);
    expect(back.body.status).toBe('pending');
    expect((await p.call('POST', '/public/cascade-pending/reports', { description: '待批准' })).status).toBe(404);
  });
});
