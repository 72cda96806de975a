import { awsTargetPolicy, manualScheduler } from '@civicgrid/api';
import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

// The AWS adapter's target policy with a DNS table of the test's own (no outside network): one public name, one
// that resolves into the VPC, and one that is public at registration and private later (DNS rebinding).
const dns = new Map<string, string[]>([
  ['hooks.example.com', ['93.184.216.34']],
  ['intranet.example.com', ['10.0.0.7']],
  ['dual.example.com', ['93.184.216.34', '192.168.0.5']],
  ['rebind.example.com', ['93.184.216.34']],
]);
const resolve = async (host: string) => {
  const found = dns.get(host);
  if (!found) throw new Error(`ENOTFOUND ${host}`);
  return found;
};
const offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);
const scheduler = manualScheduler(clock);
const p = await createTestPlatform({ clock, webhookScheduler: scheduler, webhookPolicy: awsTargetPolicy(resolve) });

describe('webhook targets on the AWS adapter (SSRF)', () => {
  it('refuses private, loopback and link-local targets and names that resolve to them, at registration', async () => {
    const s = await setUpStreet(p, 'ssrf-reg');
    const register = (url: string) =>
      p.call('POST', '/api/webhooks', { url, events: ['case.reported'] }, s.tokens.admin);
    for (const url of [
      'https://10.1.2.3/hook',
      'https://172.16.5.4/hook',
      'https://192.168.1.10/hook',
      'https://127.0.0.1/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::1]/hook',
      'https://[fc00::1]/hook',
      'https://[::ffff:10.0.0.1]/hook',
      'https://intranet.example.com/hook',
      'https://dual.example.com/hook',
      'https://nowhere.example.com/hook',
      'http://hooks.example.com/hook', // https only on AWS
      'http://127.0.0.1:8080/hook', // no loopback http either
    ]) {
      const res = await register(url);
      expect(res.status, url).toBe(400);
      expect(res.body.error.code, url).toBe('url_refused');
      expect(res.body.error.details[0].path).toBe('url');
    }
    expect((await register('https://hooks.example.com/hook')).status).toBe(201);
  }, 60_000);

  it('checks again when delivering: a name rebound to a private address is refused, never connected to', async () => {
    const s = await setUpStreet(p, 'ssrf-rebind');
    const hook = await p.call(
      'POST',
      '/api/webhooks',
      { url: 'https://rebind.example.com/hook', events: ['case.reported'] },
      s.tokens.admin,
    );
    expect(hook.status).toBe(201);
    dns.set('rebind.example.com', ['10.0.0.9']);
    expect((await p.call('POST', '/api/cases', { description: '路灯不亮' }, s.tokens.grid)).status).toBe(201);
    await scheduler.runDue();
    const log = await p.call('GET', `/api/webhooks/${hook.body.id}/deliveries`, undefined, s.tokens.admin);
    expect(log.body.items[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: 'target_refused' });
    expect(log.body.items[0].lastStatus).toBeUndefined();
  }, 60_000);

  it('the connection’s own lookup refuses a private address (the check and the connect see the same DNS)', async () => {
    const { sendDelivery } = await import('../../packages/api/src/webhooks/sender');
    const flipping = new Map([['flip.example.com', ['93.184.216.34']]]);
    const policy = awsTargetPolicy(async (h) => {
      const first = flipping.get(h) ?? [];
      flipping.set(h, ['127.0.0.1']); // public for the check, loopback by the time the socket looks it up
      return first;
    });
    const url = new URL('https://flip.example.com/hook');
    expect(await policy.check(url)).toBeUndefined();
    expect(await sendDelivery(url, {}, '{}', policy, 2_000)).toEqual({ error: 'target_refused' });
  });
});
