import { resetAccountPassword } from '@civicgrid/api';
import { describe, expect, it } from 'vitest';
import { ADMIN, createTestPlatform } from '../support/platform';

const p = await createTestPlatform();

describe('sign-up: the parent district is picked from a list', () => {
  it('lists active districts a page at a time (name and slug only), without streets, pending or suspended ones', async () => {
    await p.signup('ob-dist-a', 'district');
    await p.signup('ob-dist-b', 'district');
    const suspended = await p.signup('ob-dist-c', 'district');
    await p.signup('ob-street', 'street', 'ob-dist-a');
    const platform = await p.login(ADMIN.email, ADMIN.password);
    expect((await p.call('POST', `/api/admin/tenants/${suspended.tenant.id}/suspend`, {}, platform)).status).toBe(200);

    const all: { slug: string; name: string }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await p.call('GET', `/api/signup/districts?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(1);
      all.push(...res.body.items);
      cursor = res.body.cursor;
      pages++;
    } while (cursor && pages < 20);
    const slugs = all.map((d) => d.slug);
    expect(slugs).toEqual(expect.arrayContaining(['ob-dist-a', 'ob-dist-b']));
    expect(slugs).not.toContain('ob-dist-c');
    expect(slugs).not.toContain('ob-street');
    expect(Object.keys(all[0] ?? {}).sort()).toEqual(['name', 'slug']);

    const bad = await p.call('GET', '/api/signup/districts?limit=1000');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ path: 'limit', code: 'too_big', params: { maximum: 100 } });
    expect((await p.call('GET', '/api/signup/districts?cursor=forged.cursor')).status).toBe(400);
  });

  it('names a wrong parent with a stable code the form translates', async () => {
    const res = await p.call('POST', '/api/signup', {
      tenant: { name: '某街道', slug: 'ob-orphan', level: 'street', parentSlug: 'no-such-district' },
      admin: { name: '管理员', email: 'admin@ob-orphan.test', password: 'long-enough-password' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual([
      { path: 'tenant.parentSlug', message: expect.any(String), code: 'no_such_district' },
    ]);
    // a duplicate e-mail keeps its code and names the field with one too
    await p.signup('ob-first', 'street');
    const dup = await p.call('POST', '/api/signup', {
      tenant: { name: '某街道', slug: 'ob-second', level: 'street' },
      admin: { name: '管理员', email: 'admin@ob-first.test', password: 'long-enough-password' },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({
      code: 'email_taken',
      details: [{ path: 'admin.email', code: 'email_taken' }],
    });
    // zod rules carry their code and figures
    const short = await p.call('POST', '/api/signup', {
      tenant: { name: '某街道', slug: 'ob-short', level: 'street' },
      admin: { name: '管理员', email: 'admin@ob-short.test', password: 'short' },
    });
    expect(short.body.error.details).toContainEqual(
      expect.objectContaining({ path: 'admin.password', code: 'too_small', params: { minimum: 10, origin: 'string' } }),
    );
  });
});

describe('the set-up checklist', () => {
  it('follows the office’s real data step by step, for its admin only', async () => {
    const s = await p.signup('ob-check', 'street');
    const steps = async () => {
      const res = await p.call('GET', '/api/onboarding', undefined, s.token);
      expect(res.status).toBe(200);
      return res.body as { done: number; total: number; complete: boolean; steps: { key: string; done: boolean }[] };
    };
    const first = await steps();
    expect(first.steps.map((x) => x.key)).toEqual(['departments', 'categories', 'grids', 'users', 'share']);
    expect(first).toMatchObject({ done: 0, total: 5, complete: false });

    const dept = (await p.call('POST', '/api/departments', { name: '城市管理局' }, s.token)).body;
    expect((await steps()).done).toBe(1);
    const adopted = await p.call(
      'POST',
      '/api/category-library/adopt',
      { departmentId: dept.id, codes: ['E0101'] },
      s.token,
    );
    expect(adopted.status, JSON.stringify(adopted.body)).toBe(201);
    await p.call('POST', '/api/grids', { code: '120116009001001', name: '一号网格' }, s.token);
    const worker = await p.call(
      'POST',
      '/api/users',
      { name: '网格员', email: 'grid@ob-check.test', password: 'long-enough-password', roles: ['grid_worker'] },
      s.token,
    );
    expect(worker.status).toBe(201);
    const before = await steps();
    expect(before.steps.filter((x) => !x.done).map((x) => x.key)).toEqual(['share']);

    const report = await p.call('POST', '/public/ob-check/reports', { description: '路边有垃圾堆放，无人清理' });
    expect(report.status).toBe(201);
    expect(await steps()).toMatchObject({ done: 5, complete: true });

    // a grid worker may not read it
    const token = await p.login('grid@ob-check.test', 'long-enough-password');
    expect((await p.call('GET', '/api/onboarding', undefined, token)).status).toBe(403);
  });
});

describe('user administration', () => {
  it('edits the phone, resets a password to a one-time temporary one and ends the old sessions', async () => {
    const s = await p.signup('ob-users', 'street');
    const created = await p.call(
      'POST',
      '/api/users',
      {
        name: '值班员',
        email: 'duty@ob-users.test',
        password: 'first-password-1',
        roles: ['dispatcher'],
        phone: '13912345678',
      },
      s.token,
    );
    expect(created.status).toBe(201);
    expect(created.body.phone).toBe('13912345678');
    const id = created.body.id as string;
    const badPhone = await p.call('PATCH', `/api/users/${id}`, { phone: '12345' }, s.token);
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.details[0]).toMatchObject({ path: 'phone', code: 'invalid_format' });
    const edited = await p.call('PATCH', `/api/users/${id}`, { name: '值班长', phone: '13800001111' }, s.token);
    expect(edited.body).toMatchObject({ name: '值班长', phone: '13800001111' });

    const old = await p.login('duty@ob-users.test', 'first-password-1');
    const reset = await p.call('POST', `/api/users/${id}/password`, {}, s.token);
    expect(reset.status).toBe(200);
    const temporary = reset.body.temporaryPassword as string;
    expect(temporary).toMatch(/^[a-zA-Z2-9]{12}$/);
    expect(reset.body.user.passwordHash).toBeUndefined();
    // the old token is dead, the old password too; the temporary one works
    expect((await p.call('GET', '/api/me', undefined, old)).status).toBe(401);
    expect(
      (await p.call('POST', '/api/auth/login', { email: 'duty@ob-users.test', password: 'first-password-1' })).status,
    ).toBe(401);
    await p.login('duty@ob-users.test', temporary);

    // set to a chosen one: no temporary password is shown
    const chosen = await p.call('POST', `/api/users/${id}/password`, { password: 'chosen-password-1' }, s.token);
    expect(chosen.status).toBe(200);
    expect(chosen.body.temporaryPassword).toBeUndefined();
    await p.login('duty@ob-users.test', 'chosen-password-1');
    const short = await p.call('POST', `/api/users/${id}/password`, { password: 'short' }, s.token);
    expect(short.status).toBe(400);
    expect(short.body.error.details[0]).toMatchObject({ path: 'password', code: 'too_small' });

    // another office's admin cannot reach the user
    const other = await p.signup('ob-users-other', 'street');
    expect((await p.call('POST', `/api/users/${id}/password`, {}, other.token)).status).toBe(404);
    // nor a non-admin of the same office
    const duty = await p.login('duty@ob-users.test', 'chosen-password-1');
    expect((await p.call('POST', `/api/users/${id}/password`, {}, duty)).status).toBe(403);
  });

  it('tells a throttled login how long to wait, in the header and the body', async () => {
    const s = await p.signup('ob-lock', 'street');
    const attempts = [];
    for (let i = 0; i < 5; i++) {
      attempts.push(await p.call('POST', '/api/auth/login', { email: s.email, password: 'wrong-password-x' }));
    }
    const throttled = attempts.find((a) => a.status === 429);
    expect(throttled?.body.error.code).toBe('login_throttled');
    expect(throttled?.body.error.retryAfterSeconds).toBeGreaterThan(0);
    expect(throttled?.headers.get('retry-after')).toBe(String(throttled?.body.error.retryAfterSeconds));
  });

  it('lets the operator reset an account’s password from the command line (the function behind `npm run admin`)', async () => {
    const s = await p.signup('ob-cli', 'street');
    const result = await resetAccountPassword(p.deps.store, s.email);
    expect(result.generated).toBe(true);
    expect((await p.call('GET', '/api/me', undefined, s.token)).status).toBe(401);
    await p.login(s.email, result.password);
    const chosen = await resetAccountPassword(p.deps.store, s.email.toUpperCase(), 'operator-chosen-1');
    expect(chosen).toMatchObject({ generated: false, password: 'operator-chosen-1' });
    await p.login(s.email, 'operator-chosen-1');
    await expect(resetAccountPassword(p.deps.store, 'nobody@ob-cli.test')).rejects.toMatchObject({ status: 404 });
  });
});
