import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';

// the throttle's clock stands still in this file, so waits never run out between two attempts however slow the run
const frozen = new Date();
const p = await createTestPlatform({ clock: () => frozen });

/** A login from a given client address (the socket peer the embedded runtime sees). */
async function login(email: string, password: string, ip: string) {
  const res = await p.app.request(
    '/api/auth/login',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) },
    { incoming: { socket: { remoteAddress: ip } } },
  );
  const body = (await res.json()) as { error?: { code: string; message: string; requestId?: string } };
  if (body.error) delete body.error.requestId;
  return { status: res.status, body };
}

describe('brute-force defence without a lock-out', () => {
  it('50 wrong logins from one client do not stop the owner logging in from another', async () => {
    const s = await p.signup('login-owner', 'street');
    const answers: number[] = [];
    for (let i = 0; i < 50; i++) answers.push((await login(s.email, `guess-${i}-password`, '203.0.113.9')).status);
    // three honest failures, then the attacker's client waits (429) instead of guessing
    expect(answers.slice(0, 3)).toEqual([401, 401, 401]);
    expect(answers.slice(3).every((status) => status === 429)).toBe(true);
    // even the right password from the attacker's client waits its turn
    expect((await login(s.email, s.password, '203.0.113.9')).status).toBe(429);
    // the owner, from the office
    const owner = await login(s.email, s.password, '198.51.100.20');
    expect(owner.status).toBe(200);
  });

  it('answers unknown and known e-mails the same way, attempt by attempt', async () => {
    const s = await p.signup('login-enum', 'street');
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      known.push((await login(s.email, 'not-the-password', '192.0.2.1')).body);
      unknown.push((await login('nobody@login-enum.test', 'not-the-password', '192.0.2.1')).body);
    }
    expect(unknown).toEqual(known);
    expect((known[0] as { error: { code: string } }).error.code).toBe('invalid_credentials');
    expect((known[4] as { error: { code: string } }).error.code).toBe('login_throttled');
  });

  it('an administrator unlocks a throttled account', async () => {
    const s = await p.signup('login-unlock', 'street');
    const created = await p.call(
      'POST',
      '/api/users',
      { name: '李四', email: 'li@login-unlock.test', password: 'staff-password-1', roles: ['dispatcher'] },
      s.token,
    );
    for (let i = 0; i < 4; i++) await login('li@login-unlock.test', 'wrong-password-x', '192.0.2.50');
    expect((await login('li@login-unlock.test', 'staff-password-1', '192.0.2.50')).status).toBe(429);
    const unlocked = await p.call('POST', `/api/users/${created.body.id}/unlock`, undefined, s.token);
    expect(unlocked.status).toBe(200);
    expect((await login('li@login-unlock.test', 'staff-password-1', '192.0.2.50')).status).toBe(200);
    // unlocking is the admin's: the dispatcher may not, and another tenant's admin finds no such user
    const other = await p.signup('login-unlock-other', 'street');
    expect((await p.call('POST', `/api/users/${created.body.id}/unlock`, undefined, other.token)).status).toBe(404);
  });
});
