import { manualScheduler, verifyDelivery } from '@civicgrid/api';
import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { startReceiver } from '../support/receiver';
import { setUpStreet } from '../support/street';

// The app's clock and the webhook scheduler's: the test moves it to make retries due (no sleeps).
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);
const scheduler = manualScheduler(clock);
const p = await createTestPlatform({ clock, webhookScheduler: scheduler });
const receiver = await startReceiver();

const PHONE = '13812345678';

async function register(token: string, path: string, events: string[]) {
  const res = await p.call('POST', '/api/webhooks', { url: receiver.url(path), events }, token);
  expect(res.status).toBe(201);
  return res.body as { id: string; secret: string };
}

function verified(secret: string, r: { headers: Record<string, unknown>; body: string }) {
  return verifyDelivery(
    secret,
    {
      timestamp: r.headers['x-civicgrid-timestamp'] as string,
      signature: r.headers['x-civicgrid-signature'] as string,
    },
    r.body,
    Math.floor(clock().getTime() / 1000),
  );
}

describe('webhooks', () => {
  it('delivers a filed and dispatched report as two signed deliveries, in order, each once, without personal data', async () => {
    const s = await setUpStreet(p, 'hook-loop');
    const hook = await register(s.tokens.admin, '/loop', ['case.reported', 'case.dispatched']);
    expect(hook.secret).toMatch(/^whsec_/);
    // the secret is shown once: never in the list
    const listed = await p.call('GET', '/api/webhooks', undefined, s.tokens.admin);
    expect(listed.body.items).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(hook.secret);

    const filed = await p.call('POST', '/public/hook-loop/reports', {
      description: '小区东门垃圾堆积三天无人清理',
      categoryCode: 'garbage',
      address: '幸福小区东门',
      contact: { name: '李秀英', phone: PHONE },
    });
    expect(filed.status).toBe(201);
    const id = (await p.call('GET', '/api/cases?limit=10', undefined, s.tokens.dispatcher)).body.items[0].id;
    const t = s.tokens.dispatcher;
    expect((await p.call('POST', `/api/cases/${id}/actions/register`, { categoryCode: 'garbage' }, t)).status).toBe(
      200,
    );
    // nothing was sent while the actions ran: delivery is off the request path
    expect(receiver.received('/loop')).toHaveLength(0);
    expect((await p.call('POST', `/api/cases/${id}/actions/dispatch`, { departmentId: s.dept.id }, t)).status).toBe(
      200,
    );

    await scheduler.runDue();
    await scheduler.runDue(); // a second pass sends nothing more
    const got = receiver.received('/loop');
    expect(got.map((r) => JSON.parse(r.body).type)).toEqual(['case.reported', 'case.dispatched']);
    for (const r of got) {
      expect(verified(hook.secret, r)).toBe(true);
      expect(verified('another-secret-of-24-characters', r)).toBe(false);
      const body = JSON.parse(r.body);
      expect(r.headers['x-civicgrid-event-id']).toBe(body.id);
      expect(body).toMatchObject({ tenantId: s.tenantId, data: { caseId: id } });
      // no phone, no name, no address, no description
      for (const secret of [PHONE, '李秀英', '幸福小区', '垃圾堆积']) expect(r.body).not.toContain(secret);
    }
    expect(new Set(got.map((r) => JSON.parse(r.body).id)).size).toBe(2);
    expect(JSON.parse(got[1]?.body ?? '{}').data).toMatchObject({ step: 'dispatched', departmentId: s.dept.id });

    const log = await p.call('GET', `/api/webhooks/${hook.id}/deliveries`, undefined, s.tokens.admin);
    expect(log.status).toBe(200);
    expect(log.body.items.map((d: { eventType: string; status: string; attempts: number }) => d)).toEqual([
      expect.objectContaining({ eventType: 'case.dispatched', status: 'delivered', attempts: 1, lastStatus: 200 }),
      expect.objectContaining({ eventType: 'case.reported', status: 'delivered', attempts: 1, lastStatus: 200 }),
    ]);
  }, 60_000);

  it('retries a receiver that answers 500 twice and delivers on the third try, with the same event id', async () => {
    const s = await setUpStreet(p, 'hook-retry');
    receiver.answer('/flaky', [500, 500]);
    const hook = await register(s.tokens.admin, '/flaky', ['case.reported']);
    expect((await p.call('POST', '/api/cases', { description: '路灯不亮' }, s.tokens.grid)).status).toBe(201);
    const log = async () =>
      (await p.call('GET', `/api/webhooks/${hook.id}/deliveries`, undefined, s.tokens.admin)).body.items[0];

    await scheduler.runDue();
    expect(receiver.received('/flaky')).toHaveLength(1);
    const first = await log();
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500 });
    const wait1 = Date.parse(first.nextAttemptAt) - clock().getTime();
    expect(wait1).toBeGreaterThan(25_000);
    expect(wait1).toBeLessThanOrEqual(30_000);

    await scheduler.runDue(); // not due yet: nothing is sent
    expect(receiver.received('/flaky')).toHaveLength(1);
    offsetMs += 30_000;
    await scheduler.runDue();
    expect(receiver.received('/flaky')).toHaveLength(2);
    const second = await log();
    expect(second).toMatchObject({ status: 'pending', attempts: 2, lastStatus: 500 });
    expect(Date.parse(second.nextAttemptAt) - clock().getTime()).toBeGreaterThan(55_000); // the wait doubles

    offsetMs += 60_000;
    await scheduler.runDue();
    const tries = receiver.received('/flaky');
    expect(tries).toHaveLength(3);
    expect(await log()).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200 });
    expect(new Set(tries.map((r) => JSON.parse(r.body).id)).size).toBe(1);
    expect(tries.every((r) => verified(hook.secret, r))).toBe(true);
    offsetMs += 24 * 3600_000;
    await scheduler.runDue();
    expect(receiver.received('/flaky')).toHaveLength(3);
  }, 60_000);

  it('delivers the process engine kinds’ steps the same way (a dispute accepted)', async () => {
    const s = await setUpStreet(p, 'hook-dispute');
    const hook = await register(s.tokens.admin, '/dispute', ['dispute.accepted']);
    const events = await p.call('GET', '/api/webhooks/events', undefined, s.tokens.admin);
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['case.overdue', 'case.escalated', 'petition.overdue', 'dispute.accepted']),
    );
    expect(events.body.items).toContainEqual({ type: 'dispute.accepted', label: '矛盾纠纷 · 调查中' });
    const filed = await p.call(
      'POST',
      '/api/disputes',
      {
        kind: 'neighbourhood',
        summary: '楼上漏水',
        source: 'patrol',
        parties: [
          { name: '张三', role: 'applicant', phone: '13900001111' },
          { name: '李四', role: 'respondent' },
        ],
      },
      s.tokens.dispatcher,
    );
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const accepted = await p.call('POST', `/api/disputes/${filed.body.id}/actions/accept`, {}, s.tokens.dispatcher);
    expect(accepted.status).toBe(200);
    await scheduler.runDue();
    const got = receiver.received('/dispute');
    expect(got.map((r) => JSON.parse(r.body).type)).toEqual(['dispute.accepted']);
    expect(got[0]?.body).not.toContain('张三');
    expect(got[0]?.body).not.toContain('13900001111');
    expect(JSON.parse(got[0]?.body ?? '{}').data).toMatchObject({
      id: filed.body.id,
      kind: 'dispute',
      step: 'accepted',
    });
    expect(verified(hook.secret, got[0] as never)).toBe(true);
  }, 60_000);

  it('refuses bad registrations with a 400 naming the field, and stops delivering after DELETE', async () => {
    const s = await setUpStreet(p, 'hook-bad');
    const t = s.tokens.admin;
    const bad = async (body: unknown, field: string) => {
      const res = await p.call('POST', '/api/webhooks', body, t);
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    };
    await bad({ url: 'not a url', events: ['case.reported'] }, 'url');
    await bad({ url: 'http://example.com/hook', events: ['case.reported'] }, 'url'); // http only to loopback here
    await bad({ url: receiver.url('/x'), events: ['case.nothing'] }, 'events.0');
    await bad({ url: receiver.url('/x'), events: [] }, 'events');
    await bad({ url: receiver.url('/x'), events: ['case.reported'], secret: 'short' }, 'secret');
    expect(
      (
        await p.call(
          'POST',
          '/api/webhooks',
          { url: receiver.url('/x'), events: ['case.reported'] },
          s.tokens.dispatcher,
        )
      ).status,
    ).toBe(403);

    const hook = await register(t, '/gone', ['case.reported']);
    expect((await p.call('DELETE', `/api/webhooks/${hook.id}`, undefined, t)).status).toBe(204);
    expect((await p.call('GET', `/api/webhooks/${hook.id}`, undefined, t)).status).toBe(404);
    expect((await p.call('POST', '/api/cases', { description: '井盖缺失' }, s.tokens.grid)).status).toBe(201);
    await scheduler.runDue();
    expect(receiver.received('/gone')).toHaveLength(0);
  }, 60_000);
});

describe('webhook outbox durability', () => {
  it('delivers an event queued before a crash once the runtime resumes from the outbox', async () => {
    const s = await setUpStreet(p, 'hook-crash');
    const hook = await register(s.tokens.admin, '/crash', ['case.reported']);
    expect((await p.call('POST', '/api/cases', { description: '消防通道堵塞' }, s.tokens.grid)).status).toBe(201);
    // the process dies before its runner tried: the in-memory queue is gone, the outbox item is not
    scheduler.stop();
    expect(await scheduler.runDue()).toBe(0);
    expect(receiver.received('/crash')).toHaveLength(0);
    expect(await p.webhooks.resume()).toBeGreaterThanOrEqual(1);
    await scheduler.runDue();
    const got = receiver.received('/crash');
    expect(got).toHaveLength(1);
    expect(verified(hook.secret, got[0] as never)).toBe(true);
    // settled: the outbox is empty again, a second resume queues nothing for this tenant
    await p.webhooks.resume();
    await scheduler.runDue();
    expect(receiver.received('/crash')).toHaveLength(1);
  }, 60_000);
});

describe('integration API keys', () => {
  it('authenticate for their scopes only, in their own tenant, and die when revoked', async () => {
    const s = await setUpStreet(p, 'key-scopes');
    const other = await setUpStreet(p, 'key-other');
    const t = s.tokens.admin;
    const make = async (scopes: string[]) => {
      const res = await p.call('POST', '/api/api-keys', { name: `集成 ${scopes.join(' ')}`, scopes }, t);
      expect(res.status).toBe(201);
      return res.body as { id: string; key: string };
    };
    const reader = await make(['cases:read']);
    const reporter = await make(['reports:create']);
    const receiverKey = await make(['webhooks:receive']);
    const listed = await p.call('GET', '/api/api-keys', undefined, t);
    expect(listed.body.items.map((k: { scopes: string[] }) => k.scopes)).toEqual(
      expect.arrayContaining([['cases:read'], ['reports:create'], ['webhooks:receive']]),
    );
    expect(JSON.stringify(listed.body)).not.toContain(reader.key);
    expect(JSON.stringify(listed.body)).not.toContain('hash');
    const withKey = (method: string, path: string, key: string, body?: unknown, header = 'x-api-key') =>
      p.call(
        method,
        path,
        body,
        undefined,
        header === 'x-api-key' ? { 'x-api-key': key } : { authorization: `ApiKey ${key}` },
      );

    // reports:create files a report (Authorization: ApiKey …), nothing else
    const created = await withKey(
      'POST',
      '/api/cases',
      reporter.key,
      { description: '12345 热线转来：路面塌陷' },
      'auth',
    );
    expect(created.status).toBe(201);
    expect((await withKey('GET', '/api/cases', reporter.key)).status).toBe(403);
    // cases:read reads the key's tenant's cases, never writes
    const list = await withKey('GET', '/api/cases', reader.key);
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(created.body.id);
    expect((await withKey('GET', `/api/cases/${created.body.id}`, reader.key)).status).toBe(200);
    const denied = await withKey('POST', '/api/cases', reader.key, { description: 'x' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('missing_scope');
    // a route that names no scope refuses every key
    const users = await withKey('GET', '/api/users', reader.key);
    expect(users.status).toBe(401);
    expect(users.body.error.code).toBe('api_key_not_accepted');
    // the tenant is the key's: another tenant's case is a 404
    const foreign = (await p.call('POST', '/api/cases', { description: '别家的案件' }, other.tokens.grid)).body.id;
    expect((await withKey('GET', `/api/cases/${foreign}`, reader.key)).status).toBe(404);
    expect((await withKey('GET', '/api/cases', reader.key)).body.items.map((c: { id: string }) => c.id)).not.toContain(
      foreign,
    );
    // webhooks:receive reads the webhooks and their logs
    expect((await withKey('GET', '/api/webhooks', receiverKey.key)).status).toBe(200);
    expect((await withKey('GET', '/api/webhooks', reader.key)).status).toBe(403);
    expect(
      (await withKey('POST', '/api/webhooks', receiverKey.key, { url: receiver.url('/k'), events: ['case.reported'] }))
        .status,
    ).toBe(401);

    // revoked: refused from the next request on; another tenant cannot revoke it
    expect((await p.call('DELETE', `/api/api-keys/${reader.id}`, undefined, other.tokens.admin)).status).toBe(404);
    expect((await p.call('DELETE', `/api/api-keys/${reader.id}`, undefined, t)).status).toBe(204);
    const revoked = await withKey('GET', '/api/cases', reader.key);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('invalid_api_key');
    expect((await withKey('GET', '/api/cases', 'cg_not-a-key-at-all')).status).toBe(401);
  }, 60_000);

  it('shows an integration a masked reporter only', async () => {
    const s = await setUpStreet(p, 'key-mask');
    const key = (await p.call('POST', '/api/api-keys', { name: 'reader', scopes: ['cases:read'] }, s.tokens.admin)).body
      .key;
    await p.call('POST', '/public/key-mask/reports', {
      description: '噪音扰民',
      contact: { name: '王芳', phone: PHONE },
    });
    const id = (await p.call('GET', '/api/cases', undefined, undefined, { 'x-api-key': key })).body.items[0].id;
    const detail = await p.call('GET', `/api/cases/${id}`, undefined, undefined, { 'x-api-key': key });
    expect(detail.status).toBe(200);
    expect(detail.body.reporter).toEqual({ phone: '138****5678' });
    expect(JSON.stringify(detail.body)).not.toContain(PHONE);
    expect(JSON.stringify(detail.body)).not.toContain('王芳');
  }, 60_000);
});
