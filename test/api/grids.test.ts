import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';

const p = await createTestPlatform();

const square = (lng: number, lat: number, d = 0.004) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lng, lat],
      [lng + d, lat],
      [lng + d, lat + d],
      [lng, lat + d],
      [lng, lat],
    ],
  ],
});

describe('grids', () => {
  it('validates the 15-digit code, the polygon and the assigned workers, and keeps history when redrawn', async () => {
    const s = await p.signup('grids-street', 'street');
    const worker = await p.call(
      'POST',
      '/api/users',
      { name: '网格员', email: 'w@grids.test', password: 'worker-password', roles: ['grid_worker'] },
      s.token,
    );
    const leader = await p.call(
      'POST',
      '/api/users',
      { name: '领导', email: 'l@grids.test', password: 'leader-password', roles: ['leader'] },
      s.token,
    );
    const bad = await p.call('POST', '/api/grids', { code: '12011600100100', name: 'short' }, s.token);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('code');
    const open = await p.call(
      'POST',
      '/api/grids',
      {
        code: '120116001001001',
        name: 'open ring',
        polygon: {
          type: 'Polygon',
          coordinates: [
            [
              [117, 39],
              [117.1, 39],
              [117.1, 39.1],
              [117, 39.2],
            ],
          ],
        },
      },
      s.token,
    );
    expect(open.status).toBe(400);
    expect(open.body.error.details[0].path).toMatch(/^polygon/);
    const notWorker = await p.call(
      'POST',
      '/api/grids',
      { code: '120116001001001', name: 'g', workerIds: [leader.body.id] },
      s.token,
    );
    expect(notWorker.status).toBe(400);
    expect(notWorker.body.error.details[0].path).toBe('workerIds.0');

    const created = await p.call(
      'POST',
      '/api/grids',
      { code: '120116001001001', name: '一号网格', polygon: square(117.7, 39.02), workerIds: [worker.body.id] },
      s.token,
    );
    expect(created.status).toBe(201);
    const redrawn = await p.call(
      'PUT',
      '/api/grids/120116001001001',
      {
        code: '120116001001001',
        name: '一号网格（调整）',
        polygon: square(117.7, 39.02, 0.006),
        workerIds: [worker.body.id],
      },
      s.token,
    );
    expect(redrawn.status).toBe(200);
    expect(redrawn.body.history).toHaveLength(1);
    expect(redrawn.body.history[0]).toMatchObject({
      name: '一号网格',
      polygon: square(117.7, 39.02),
      from: created.body.validFrom,
    });
    expect(redrawn.body.history[0].to).toBe(redrawn.body.validFrom);
    // a stale version is refused
    const stale = await p.call(
      'PUT',
      '/api/grids/120116001001001',
      { code: '120116001001001', name: 'x', version: 1 },
      s.token,
    );
    expect(stale.status).toBe(409);
  });
});

describe('division codes', () => {
  it('once set, a street’s grid codes start with its code and name one of its communities', async () => {
    const s = await p.signup('division-street', 'street');
    const put = (id: string, divisionCode: unknown, token = s.token) =>
      p.call('PUT', `/api/tenants/${id}/division-code`, { divisionCode }, token);
    const grid = (code: string) => p.call('POST', '/api/grids', { code, name: `网格${code.slice(-3)}` }, s.token);
    // before a code is set: the shape check alone
    expect((await grid('110101001001001')).status).toBe(201);

    const short = await put(s.tenant.id, '12011600');
    expect(short.status).toBe(400);
    expect(short.body.error.details[0]).toMatchObject({
      path: 'divisionCode',
      message: expect.stringMatching(/9 digits/),
    });
    expect((await put(s.tenant.id, '990116001')).status).toBe(400); // no such province
    const set = await put(s.tenant.id, '120116001');
    expect(set.status).toBe(200);
    expect(set.body.divisionCode).toBe('120116001');

    // no community has a code yet: a grid cannot name one
    const orphan = await grid('120116001001001');
    expect(orphan.status).toBe(400);
    expect(orphan.body.error.details[0]).toMatchObject({ path: 'code', message: expect.stringMatching(/community/) });
    const community = await p.call(
      'POST',
      '/api/tenants',
      { name: '滨海社区', slug: 'division-community', level: 'community' },
      s.token,
    );
    expect(community.status).toBe(201);
    // a community's code continues its street's
    expect((await put(community.body.id, '120116002003')).status).toBe(400);
    expect((await put(community.body.id, '120116001003')).status).toBe(200);

    const elsewhere = await grid('120116002003001');
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.details[0].message).toMatch(/120116001/);
    const unknownCommunity = await grid('120116001004001');
    expect(unknownCommunity.status).toBe(400);
    expect(unknownCommunity.body.error.details[0].message).toMatch(/003/);
    expect((await grid('120116001003001')).status).toBe(201);

    // one code names one tenant on the platform
    const other = await p.signup('division-other', 'street');
    const taken = await put(other.tenant.id, '120116001', other.token);
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('division_code_taken');
    // a dispatcher may not set it
    const dispatcher = await p.call(
      'POST',
      '/api/users',
      { name: '调度', email: 'd@division.test', password: 'dispatcher-password', roles: ['dispatcher'] },
      s.token,
    );
    expect(dispatcher.status).toBe(201);
    const login = await p.call('POST', '/api/auth/login', {
      email: 'd@division.test',
      password: 'dispatcher-password',
    });
    expect((await put(s.tenant.id, '120116001', login.body.token)).status).toBe(403);
  });
});
