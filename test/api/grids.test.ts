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
