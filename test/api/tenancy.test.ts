import { describe, expect, it } from 'vitest';
import { ADMIN, createTestPlatform } from '../support/platform';

const p = await createTestPlatform();

describe('sign-up and login', () => {
  it('signs up a standalone street as active and logs its admin in', async () => {
    const street = await p.signup('tenancy-free', 'street');
    expect(street.tenant).toMatchObject({ slug: 'tenancy-free', level: 'street', status: 'active' });
    expect(street.tenant.path).toMatch(/^s\d{3,}\/$/);
    const me = await p.call('GET', '/api/me', undefined, street.token);
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: street.email, roles: ['tenant_admin'] });
    expect(me.body.user.passwordHash).toBeUndefined();
    expect(me.body.tenant.id).toBe(street.tenant.id);
  });

  it('keeps a street that names a district pending until the district approves it', async () => {
    const district = await p.signup('tenancy-dist', 'district');
    const street = await p.signup('tenancy-child', 'street', 'tenancy-dist');
    expect(street.tenant.status).toBe('pending');
    expect(street.tenant.path.startsWith(district.tenant.path)).toBe(true);

    // the district sees it in its subtree, but not its data until approval
    const list = await p.call('GET', '/api/tenants', undefined, district.token);
    expect(list.body.items.map((t: { slug: string }) => t.slug)).toEqual(['tenancy-dist', 'tenancy-child']);
    const before = await p.call('GET', `/api/users?tenantId=${street.tenant.id}`, undefined, district.token);
    expect(before.status).toBe(404);

    // a sibling street cannot approve it, and learns nothing
    const other = await p.signup('tenancy-other', 'street');
    expect((await p.call('POST', `/api/tenants/${street.tenant.id}/approve`, {}, other.token)).status).toBe(404);

    const approved = await p.call('POST', `/api/tenants/${street.tenant.id}/approve`, {}, district.token);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('active');
    const after = await p.call('GET', `/api/users?tenantId=${street.tenant.id}`, undefined, district.token);
    expect(after.status).toBe(200);
    expect(after.body.items.map((u: { email: string }) => u.email)).toEqual([street.email]);
    // approving twice is a conflict, not a silent success
    expect((await p.call('POST', `/api/tenants/${street.tenant.id}/approve`, {}, district.token)).status).toBe(409);
    // and the street never sees up
    expect((await p.call('GET', `/api/users?tenantId=${district.tenant.id}`, undefined, street.token)).status).toBe(
      404,
    );
  });

  it('answers bad sign-ups with 4xx naming the field', async () => {
    const bad = await p.call('POST', '/api/signup', {
      tenant: { name: 'X', slug: 'Bad Slug', level: 'street' },
      admin: { name: 'A', email: 'not-an-email', password: 'short' },
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['tenant.slug', 'admin.email', 'admin.password']));

    await p.signup('tenancy-dup', 'street');
    const dup = await p.call('POST', '/api/signup', {
      tenant: { name: 'X', slug: 'tenancy-dup', level: 'street' },
      admin: { name: 'A', email: 'fresh@tenancy.test', password: 'long-enough-password' },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('slug_taken');

    const noParent = await p.call('POST', '/api/signup', {
      tenant: { name: 'X', slug: 'tenancy-orphan', level: 'street', parentSlug: 'no-such-district' },
      admin: { name: 'A', email: 'orphan@tenancy.test', password: 'long-enough-password' },
    });
    expect(noParent.status).toBe(400);
    expect(noParent.body.error.details[0].path).toBe('tenant.parentSlug');
    expect((await p.call('POST', '/api/signup', '{not json')).status).toBe(400);
  });

  it('rejects wrong passwords with 401, then slows that client down without locking the owner out', async () => {
    const s = await p.signup('tenancy-lock', 'street');
    const from = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
    const login = (password: string, ip: string) =>
      p.app.request(
        '/api/auth/login',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: s.email, password }),
        },
        from(ip),
      );
    for (let i = 0; i < 3; i++) expect((await login('wrong-password!', '10.1.0.1')).status).toBe(401);
    const throttled = await login(s.password, '10.1.0.1');
    expect(throttled.status).toBe(429);
    expect(((await throttled.json()) as { error: { code: string } }).error.code).toBe('login_throttled');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // the owner, elsewhere, is not affected
    expect((await login(s.password, '10.1.0.2')).status).toBe(200);
  });
});

describe('tokens', () => {
  it('401s missing, malformed, tampered and foreign tokens', async () => {
    const s = await p.signup('tenancy-tok', 'street');
    expect((await p.call('GET', '/api/me')).status).toBe(401);
    expect((await p.call('GET', '/api/me', undefined, 'garbage')).status).toBe(401);
    const [h, body, sig] = s.token.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, tenantPath: 'd0001/' })).toString('base64url');
    expect((await p.call('GET', '/api/me', undefined, `${h}.${forged}.${sig}`)).status).toBe(401);
    const { SignJWT, generateKeyPair } = await import('jose');
    const { privateKey } = await generateKeyPair('ES256');
    const foreign = await new SignJWT({
      tenantId: claims.tenantId,
      tenantPath: claims.tenantPath,
      roles: ['tenant_admin'],
    })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject(claims.sub)
      .setIssuer('someone-else')
      .setAudience('civicgrid')
      .setExpirationTime('1h')
      .sign(privateKey);
    expect((await p.call('GET', '/api/me', undefined, foreign)).status).toBe(401);
    // same key, same issuer, but already expired
    const { createLocalIssuer } = await import('@civicgrid/api');
    const stale = await createLocalIssuer({
      keyDir: p.keyDir,
      issuer: 'civicgrid-local',
      audience: 'civicgrid',
      ttlSeconds: -60,
    });
    const expired = await stale.issue({
      userId: claims.sub,
      tenantId: claims.tenantId,
      tenantPath: claims.tenantPath,
      roles: ['tenant_admin'],
    });
    expect((await p.call('GET', '/api/me', undefined, expired.token)).status).toBe(401);
    const fresh = await stale.verifier.verify(s.token);
    expect(fresh.tenantId).toBe(s.tenant.id);
  });
});

describe('users and roles', () => {
  it('lets a tenant admin create users; other roles get 403', async () => {
    const s = await p.signup('tenancy-users', 'street');
    const dept = await p.call('POST', '/api/departments', { name: '城管' }, s.token);
    expect(dept.status).toBe(201);
    const created = await p.call(
      'POST',
      '/api/users',
      { name: 'Dispatcher', email: 'disp@tenancy-users.test', password: 'dispatcher-pass', roles: ['dispatcher'] },
      s.token,
    );
    expect(created.status).toBe(201);
    expect(created.body.passwordHash).toBeUndefined();
    const disp = await p.login('disp@tenancy-users.test', 'dispatcher-pass');
    const denied = await p.call(
      'POST',
      '/api/users',
      { name: 'X', email: 'x@tenancy-users.test', password: 'xxxxxxxxxxxx', roles: ['leader'] },
      disp,
    );
    expect(denied.status).toBe(403);
    const noDept = await p.call(
      'POST',
      '/api/users',
      { name: 'D', email: 'd@tenancy-users.test', password: 'xxxxxxxxxxxx', roles: ['department'] },
      s.token,
    );
    expect(noDept.status).toBe(400);
    expect(noDept.body.error.details[0].path).toBe('departmentId');

    // deactivation bites at once: the old token stops working, login is refused
    const deactivated = await p.call('PATCH', `/api/users/${created.body.id}`, { status: 'inactive' }, s.token);
    expect(deactivated.status).toBe(200);
    expect(
      (await p.call('POST', '/api/auth/login', { email: 'disp@tenancy-users.test', password: 'dispatcher-pass' }))
        .status,
    ).toBe(401);
  });

  it('lets a user change its own password', async () => {
    const s = await p.signup('tenancy-pw', 'street');
    expect(
      (await p.call('POST', '/api/me/password', { currentPassword: 'wrong', newPassword: 'new-password-123' }, s.token))
        .status,
    ).toBe(400);
    expect(
      (
        await p.call(
          'POST',
          '/api/me/password',
          { currentPassword: s.password, newPassword: 'new-password-123' },
          s.token,
        )
      ).status,
    ).toBe(204);
    expect(await p.login(s.email, 'new-password-123')).toBeTruthy();
  });
});

describe('platform admin', () => {
  it('lists and suspends tenants; a suspended tenant cannot log in; tenant roles get 403', async () => {
    const admin = await p.login(ADMIN.email, ADMIN.password);
    const s = await p.signup('tenancy-susp', 'street');
    expect((await p.call('GET', '/api/admin/tenants', undefined, s.token)).status).toBe(403);
    const all = await p.call('GET', '/api/admin/tenants', undefined, admin);
    expect(all.status).toBe(200);
    expect(all.body.items.map((t: { slug: string }) => t.slug)).toContain('tenancy-susp');
    expect((await p.call('POST', `/api/admin/tenants/${s.tenant.id}/suspend`, {}, admin)).status).toBe(200);
    const login = await p.call('POST', '/api/auth/login', { email: s.email, password: s.password });
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe('tenant_suspended');
    expect((await p.call('POST', `/api/admin/tenants/${s.tenant.id}/reactivate`, {}, admin)).status).toBe(200);
    expect(await p.login(s.email, s.password)).toBeTruthy();
  });
});
