import { describe, expect, it } from 'vitest';
import { idNumberOf } from '../support/people';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

const p = await createTestPlatform();
const s = await setUpStreet(p, 'pop-stats');
const grids = [s.gridCode, '120116001001002'];

interface Written {
  id: string;
  grid: string;
  registration: string;
  gender: 'male' | 'female';
  birthYear: number;
  province: string;
  arrivedMonth?: string;
  leftMonth?: string;
  present: boolean;
}

const regions = ['120116', '130102', '410102', '510104', '650102'];
const registrations = ['resident', 'floating', 'overseas'];

/** Independent expectation: count what was written, the way a clerk would with a tally sheet. */
function expected(written: Written[], grid: string) {
  const year = new Date().getUTCFullYear();
  const band = (age: number) =>
    age >= 80 ? '80+' : age >= 60 ? '60-79' : age >= 35 ? '35-59' : age >= 18 ? '18-34' : age >= 7 ? '7-17' : '0-6';
  const present = written.filter((w) => w.grid === grid && w.present);
  const countBy = (list: Written[], key: (w: Written) => string | undefined) => {
    const out: Record<string, number> = {};
    for (const w of list) {
      const k = key(w);
      if (k !== undefined) out[k] = (out[k] ?? 0) + 1;
    }
    return out;
  };
  const ageBands: Record<string, number> = { '0-6': 0, '7-17': 0, '18-34': 0, '35-59': 0, '60-79': 0, '80+': 0 };
  for (const w of present) ageBands[band(year - w.birthYear)] = (ageBands[band(year - w.birthYear)] ?? 0) + 1;
  const floating = written.filter((w) => w.grid === grid && w.registration === 'floating');
  return {
    key: grid,
    total: present.length,
    registration: countBy(present, (w) => w.registration),
    gender: countBy(present, (w) => w.gender),
    ageBands,
    originProvince: countBy(present, (w) => w.province),
    floatingArrivals: countBy(floating, (w) => w.arrivedMonth),
    floatingDepartures: countBy(floating, (w) => w.leftMonth),
  };
}

async function stats() {
  const res = await p.call('GET', '/api/stats/population?groupBy=grid', undefined, s.tokens.leader);
  expect(res.status).toBe(200);
  return res.body;
}

describe('population statistics by grid (golden)', () => {
  const written: Written[] = [];

  it('equal the counts of what was written', async () => {
    for (let i = 0; i < 36; i++) {
      const region = regions[i % regions.length] as string;
      const birthYear = 1940 + ((i * 7) % 85);
      const sequence = 100 + i * 2 + (i % 3 === 0 ? 1 : 0); // odd = male
      const registration = registrations[i % 3 === 1 ? 1 : i % 7 === 0 ? 2 : 0] as string;
      const grid = grids[i % 2] as string;
      const arrivedAt = registration === 'floating' ? `2026-0${1 + (i % 4)}-15` : undefined;
      const leftAt = registration === 'floating' && i % 5 === 0 ? '2026-06-01' : undefined;
      const res = await p.call(
        'POST',
        '/api/people',
        {
          name: `居民${i}`,
          idNumber: idNumberOf(region, `${birthYear}0${1 + (i % 9)}1${i % 10}`, sequence),
          registration,
          gridCode: grid,
          ...(arrivedAt ? { arrivedAt } : {}),
          ...(leftAt ? { leftAt } : {}),
        },
        s.tokens.admin,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      written.push({
        id: res.body.id,
        grid,
        registration,
        gender: sequence % 2 === 1 ? 'male' : 'female',
        birthYear,
        province: region.slice(0, 2),
        arrivedMonth: arrivedAt?.slice(0, 7),
        leftMonth: leftAt?.slice(0, 7),
        present: !leftAt,
      });
    }
    const body = await stats();
    for (const grid of grids)
      expect(body.items.find((r: { key: string }) => r.key === grid)).toEqual(expected(written, grid));
    expect(body.total.total).toBe(written.filter((w) => w.present).length);
  });

  it('still equal them after people move out (and one moves to the other grid)', async () => {
    const leaving = written.filter((w) => w.present).slice(0, 3);
    for (const w of leaving) {
      const res = await p.call('POST', `/api/people/${w.id}/move-out`, { at: '2026-09-20' }, s.tokens.admin);
      expect(res.status).toBe(200);
      w.present = false;
      if (w.registration === 'floating') w.leftMonth = '2026-09';
    }
    const building = await p.call(
      'POST',
      '/api/buildings',
      { name: '新楼', address: '新路1号', gridCode: grids[1], rooms: [{ code: '101' }] },
      s.tokens.admin,
    );
    const mover = written.find((w) => w.present && w.grid === grids[0]) as Written;
    const moved = await p.call(
      'POST',
      `/api/people/${mover.id}/move-in`,
      { at: '2026-10-01', residence: { buildingId: building.body.id, roomCode: '101' } },
      s.tokens.admin,
    );
    expect(moved.status).toBe(200);
    mover.grid = grids[1] as string;
    if (mover.registration === 'floating') mover.arrivedMonth = '2026-10';
    const body = await stats();
    for (const grid of grids)
      expect(body.items.find((r: { key: string }) => r.key === grid)).toEqual(expected(written, grid));
    const tenant = await p.call('GET', '/api/stats/population?groupBy=tenant', undefined, s.tokens.leader);
    expect(tenant.body.items[0].total).toBe(written.filter((w) => w.present).length);
  });

  it('is not for grid workers, and another street sees none of it', async () => {
    expect((await p.call('GET', '/api/stats/population', undefined, s.tokens.grid)).status).toBe(403);
    const other = await p.signup('pop-other', 'street');
    const res = await p.call('GET', '/api/stats/population?groupBy=grid', undefined, other.token);
    expect(res.body.items).toEqual([]);
    expect((await p.call('GET', `/api/stats/population?tenantId=${s.tenantId}`, undefined, other.token)).status).toBe(
      404,
    );
  });
});
