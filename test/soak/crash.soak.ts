import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { http, startRuntimeProcess } from '../support/runtime-process';

const ADMIN = { CIVICGRID_ADMIN_EMAIL: 'ops@soak.test', CIVICGRID_ADMIN_PASSWORD: 'ops-password-123' };

async function login(url: string, email: string, password: string): Promise<string> {
  const res = await http(url, 'POST', '/api/auth/login', { email, password });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.token;
}

describe('open cases survive SIGKILL', () => {
  it('continues every open case at its step with its deadline after the whole runtime is killed', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'civicgrid-soak-kill-'));
    const rt = await startRuntimeProcess({ CIVICGRID_DATA_DIR: dataDir, ...ADMIN });
    await http(rt.url, 'POST', '/api/signup', {
      tenant: { name: '街道', slug: 'soak-kill', level: 'street' },
      admin: { name: 'A', email: 'kill@soak.test', password: 'admin-password-1' },
    });
    const token = await login(rt.url, 'kill@soak.test', 'admin-password-1');
    const dept = (await http(rt.url, 'POST', '/api/departments', { name: '城管' }, token)).body;
    await http(
      rt.url,
      'POST',
      '/api/categories',
      { code: 'garbage', name: '垃圾', departmentId: dept.id, timeLimit: { value: 2, unit: 'workingDays' } },
      token,
    );
    const act = (url: string, t: string, id: string, action: string, body: unknown) =>
      http(url, 'POST', `/api/cases/${id}/actions/${action}`, body, t);
    // cases left at every open step before the kill
    const before: Record<string, { step: string; deadline?: string; version: number }> = {};
    for (let i = 0; i < 12; i++) {
      const id = (await http(rt.url, 'POST', '/api/cases', { description: `soak ${i}` }, token)).body.id as string;
      let last = (await http(rt.url, 'GET', `/api/cases/${id}`, undefined, token)).body;
      if (i % 4 >= 1) last = (await act(rt.url, token, id, 'register', { categoryCode: 'garbage' })).body;
      if (i % 4 >= 2) last = (await act(rt.url, token, id, 'dispatch', { departmentId: dept.id })).body;
      if (i % 4 >= 3) last = (await act(rt.url, token, id, 'handle', { note: '已处置' })).body;
      before[id] = { step: last.step, deadline: last.deadline, version: last.version };
    }
    process.kill(-(rt.child.pid as number), 'SIGKILL');
    await new Promise((r) => setTimeout(r, 500));

    const back = await startRuntimeProcess({ CIVICGRID_DATA_DIR: dataDir, ...ADMIN });
    expect(back.output()).toMatch(/resumed 12 open case/);
    const token2 = await login(back.url, 'kill@soak.test', 'admin-password-1');
    const next: Record<string, [string, unknown, string]> = {
      reported: ['register', { categoryCode: 'garbage' }, 'registered'],
      registered: ['dispatch', { departmentId: dept.id }, 'dispatched'],
      dispatched: ['handle', { note: '重启后处置' }, 'handled'],
      handled: ['verify', { note: '已核实' }, 'verified'],
    };
    for (const [id, was] of Object.entries(before)) {
      const view = await http(back.url, 'GET', `/api/cases/${id}`, undefined, token2);
      expect(view.body).toMatchObject({ step: was.step, version: was.version });
      expect(view.body.deadline).toBe(was.deadline);
      const [action, body, step] = next[was.step] ?? ['', {}, ''];
      const moved = await act(back.url, token2, id, action, body);
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body.step).toBe(step);
    }
    expect(await back.stop()).toBe(0);
  });
});
