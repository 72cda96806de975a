import { createApp } from '@civicgrid/api';
import { describe, expect, it } from 'vitest';
import { appClient } from '../support/app-client';
import { createTestPlatform } from '../support/platform';

const p = await createTestPlatform();

/**
 * A second instance of the API on the same table (another Lambda instance, another process): its own caches, and
 * a clock the test moves, to show how long a change made elsewhere takes to bite.
 */
function otherInstance() {
  let offsetMs = 0;
  const app = createApp({
    ...p.deps,
    store: { doc: p.deps.store.doc, tableName: p.deps.store.tableName },
    clock: () => new Date(Date.now() + offsetMs),
  });
  return { ...appClient(app), advance: (ms: number) => (offsetMs += ms) };
}

async function staff(slug: string, roles: string[]) {
  const admin = await p.signup(slug, 'street');
  const email = `staff@${slug}.test`;
  const created = await p.call(
    'POST',
    '/api/users',
    { name: '王五', email, password: 'staff-password-1', roles },
    admin.token,
  );
  expect(created.status).toBe(201);
  return { admin, email, userId: created.body.id as string, token: await p.login(email, 'staff-password-1') };
}

describe('authorization follows the stored user, not the token', () => {
  it('a demoted admin loses the admin rights at once here and within 10 s on another instance', async () => {
    const { admin, userId, token } = await staff('authz-demote', ['tenant_admin']);
    const other = otherInstance();
    expect((await p.call('GET', '/api/users', undefined, token)).status).toBe(200);
    expect((await other.call('GET', '/api/users', undefined, token)).status).toBe(200); // cached there now

    const demoted = await p.call('PATCH', `/api/users/${userId}`, { roles: ['grid_worker'] }, admin.token);
    expect(demoted.status).toBe(200);
    // the same token, the same instance: the removed right is gone with the next request
    expect((await p.call('GET', '/api/users', undefined, token)).status).toBe(403);
    expect((await p.call('POST', '/api/departments', { name: '偷建部门' }, token)).status).toBe(403);
    // what the token still may do as a grid worker works
    expect((await p.call('POST', '/api/cases', { description: '巡查发现' }, token)).status).toBe(201);
    // another instance may answer from its cache for at most 10 s
    other.advance(10_001);
    expect((await other.call('GET', '/api/users', undefined, token)).status).toBe(403);
  });

  it('a password change ends every session of the account; the new password logs in', async () => {
    const { email, token } = await staff('authz-password', ['dispatcher']);
    const second = await p.login(email, 'staff-password-1');
    const changed = await p.call(
      'POST',
      '/api/me/password',
      { currentPassword: 'staff-password-1', newPassword: 'new-staff-password-2' },
      token,
    );
    expect(changed.status).toBe(204);
    for (const old of [token, second]) {
      const res = await p.call('GET', '/api/me', undefined, old);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('session_revoked');
    }
    expect((await p.call('POST', '/api/auth/login', { email, password: 'staff-password-1' })).status).toBe(401);
    const fresh = await p.login(email, 'new-staff-password-2');
    expect((await p.call('GET', '/api/me', undefined, fresh)).status).toBe(200);
  });

  it('a deactivated account is refused at once, and its old tokens stay dead after reactivation', async () => {
    const { admin, email, userId, token } = await staff('authz-deactivate', ['leader']);
    const other = otherInstance();
    expect((await other.call('GET', '/api/me', undefined, token)).status).toBe(200);
    const off = await p.call('PATCH', `/api/users/${userId}`, { status: 'inactive' }, admin.token);
    expect(off.status).toBe(200);
    const refused = await p.call('GET', '/api/stats/kpis?groupBy=tenant', undefined, token);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('account_inactive');
    other.advance(10_001);
    expect((await other.call('GET', '/api/me', undefined, token)).status).toBe(401);
    expect((await p.call('POST', '/api/auth/login', { email, password: 'staff-password-1' })).status).toBe(401);

    const version = (await p.call('GET', `/api/users/${userId}`, undefined, admin.token)).body.version;
    expect((await p.call('PATCH', `/api/users/${userId}`, { status: 'active', version }, admin.token)).status).toBe(
      200,
    );
    const revived = await p.call('GET', '/api/me', undefined, token);
    expect(revived.status).toBe(401);
    expect(revived.body.error.code).toBe('session_revoked');
    expect((await p.call('GET', '/api/me', undefined, await p.login(email, 'staff-password-1'))).status).toBe(200);
  });
});
