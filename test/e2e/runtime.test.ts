import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { http, runToExit, startRuntimeProcess } from '../support/runtime-process';

const ADMIN = { CIVICGRID_ADMIN_EMAIL: 'ops@e2e.test', CIVICGRID_ADMIN_PASSWORD: 'ops-password-123' };

async function login(url: string, email: string, password: string): Promise<string> {
  const res = await http(url, 'POST', '/api/auth/login', { email, password });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.token;
}

// each test starts real processes (JVM, s3rver, node): give them time on a busy CI machine
describe('the embedded runtime as `npm start` runs it', { timeout: 240_000 }, () => {
  it('serves health, keeps data and open cases across a restart, and runs beside a second instance', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'civicgrid-e2e-'));
    const first = await startRuntimeProcess({ CIVICGRID_DATA_DIR: dataDir, ...ADMIN });
    const health = await http(first.url, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', checks: { store: 'ok', files: 'ok', workflow: 'ok' } });

    const signup = await http(first.url, 'POST', '/api/signup', {
      tenant: { name: '测试街道', slug: 'e2e-street', level: 'street' },
      admin: { name: '管理员', email: 'admin@e2e.test', password: 'admin-password-1' },
    });
    expect(signup.status).toBe(201);
    const token = await login(first.url, 'admin@e2e.test', 'admin-password-1');
    const dept = (await http(first.url, 'POST', '/api/departments', { name: '城管' }, token)).body;
    await http(
      first.url,
      'POST',
      '/api/categories',
      { code: 'garbage', name: '垃圾', departmentId: dept.id, timeLimit: { value: 2, unit: 'workingDays' } },
      token,
    );
    const caseId = (await http(first.url, 'POST', '/api/cases', { description: '重启前上报' }, token)).body.id;
    expect(
      (await http(first.url, 'POST', `/api/cases/${caseId}/actions/register`, { categoryCode: 'garbage' }, token))
        .status,
    ).toBe(200);
    const dispatched = await http(
      first.url,
      'POST',
      `/api/cases/${caseId}/actions/dispatch`,
      { departmentId: dept.id },
      token,
    );
    expect(dispatched.status).toBe(200);

    // a second instance on another port and data dir runs beside the first
    const otherDir = await mkdtemp(join(tmpdir(), 'civicgrid-e2e-other-'));
    const second = await startRuntimeProcess({ CIVICGRID_DATA_DIR: otherDir, ...ADMIN });
    expect(second.url).not.toBe(first.url);
    expect((await http(second.url, 'GET', '/health')).status).toBe(200);
    expect(
      (await http(second.url, 'POST', '/api/auth/login', { email: 'admin@e2e.test', password: 'admin-password-1' }))
        .status,
    ).toBe(401);
    // and a third start on the first one's data dir is refused in one line
    const refused = await runToExit({ CIVICGRID_DATA_DIR: dataDir, ...ADMIN });
    expect(refused.code).toBe(1);
    expect(
      refused.output
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('civicgrid:')),
    ).toHaveLength(1);
    expect(refused.output).toMatch(/already used by a running CivicGrid/);
    expect(refused.output).not.toMatch(/\n\s+at /); // no stack trace
    expect(await second.stop()).toBe(0);

    expect(await first.stop('SIGTERM')).toBe(0);
    const again = await startRuntimeProcess({ CIVICGRID_DATA_DIR: dataDir, ...ADMIN });
    // the banner follows the URL line on stdout (possibly in a later chunk)
    for (let i = 0; i < 50 && !/resumed 1 open case/.test(again.output()); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(again.output()).toMatch(/resumed 1 open case/);
    const token2 = await login(again.url, 'admin@e2e.test', 'admin-password-1');
    const me = await http(again.url, 'GET', '/api/me', undefined, token2);
    expect(me.body.tenant.slug).toBe('e2e-street');
    // the loop continues where it stopped, with the deadline it had
    const view = await http(again.url, 'GET', `/api/cases/${caseId}`, undefined, token2);
    expect(view.body).toMatchObject({ step: 'dispatched', deadline: dispatched.body.deadline });
    const handled = await http(
      again.url,
      'POST',
      `/api/cases/${caseId}/actions/handle`,
      { note: '重启后处置' },
      token2,
    );
    expect(handled.status).toBe(200);
    expect(handled.body.step).toBe('handled');
    expect(await again.stop('SIGINT')).toBe(0);
  });

  it('loses no acknowledged report when killed with SIGKILL in the middle of writes', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'civicgrid-e2e-kill-'));
    const rt = await startRuntimeProcess({ CIVICGRID_DATA_DIR: dataDir, ...ADMIN });
    await http(rt.url, 'POST', '/api/signup', {
      tenant: { name: '街道', slug: 'e2e-kill', level: 'street' },
      admin: { name: 'A', email: 'kill@e2e.test', password: 'admin-password-1' },
    });
    const token = await login(rt.url, 'kill@e2e.test', 'admin-password-1');
    const acknowledged: string[] = [];
    let stop = false;
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await http(rt.url, 'POST', '/api/cases', { description: `writer ${w} report ${i}` }, token);
          if (res.status === 201) acknowledged.push(res.body.id);
        } catch {
          return; // the connection died with the process
        }
      }
    });
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 20));
    // kill the whole runtime (wrapper, node and the tethered stores) at once, as a power cut would
    process.kill(-rt.child.pid!, 'SIGKILL');
    stop = true;
    await Promise.all(writers);
    await new Promise((r) => setTimeout(r, 500));

    const back = await startRuntimeProcess({ CIVICGRID_DATA_DIR: dataDir, ...ADMIN });
    const token2 = await login(back.url, 'kill@e2e.test', 'admin-password-1');
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await http(
        back.url,
        'GET',
        `/api/cases?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        undefined,
        token2,
      );
      for (const c of page.body.items) seen.add(c.id);
      cursor = page.body.cursor;
    } while (cursor);
    const lost = acknowledged.filter((id) => !seen.has(id));
    expect(lost).toEqual([]);
    expect(await back.stop()).toBe(0);
  });

  it('refuses bad configuration with one line', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const dir = await mkdtemp(join(tmpdir(), 'civicgrid-e2e-bad-'));
    const busy = await runToExit({ CIVICGRID_DATA_DIR: dir, PORT: String(port) });
    blocker.close();
    expect(busy.code).toBe(1);
    expect(busy.output).toMatch(new RegExp(`civicgrid: PORT ${port} is already in use`));

    const file = join(dir, 'not-a-dir');
    await writeFile(file, 'x');
    const unwritable = await runToExit({ CIVICGRID_DATA_DIR: join(file, 'data') });
    expect(unwritable.code).toBe(1);
    expect(unwritable.output).toMatch(/civicgrid: data directory .* is not writable/);

    const noJava = await runToExit({ CIVICGRID_DATA_DIR: join(dir, 'nojava'), PATH: '/nonexistent' });
    expect(noJava.code).toBe(1);
    expect(noJava.output).toMatch(/civicgrid: Java 17\+ is required/);
    for (const r of [busy, unwritable, noJava]) expect(r.output).not.toMatch(/\n\s+at /);
  });
});
