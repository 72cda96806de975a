import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

const p = await createTestPlatform({
  config: {
    tileSources: ['https://{s}.tiles.example.gov.cn/{z}/{x}/{y}.png'],
    rateLimits: {
      signupsPerHour: 10_000,
      loginsPerMinute: 10_000,
      reportsPerMinute: 10_000,
      reportsPerTenantPerMinute: 10_000,
      uploadsPerMinute: 10_000,
      lookupsPerMinute: 10_000,
    },
  },
});
const KEY = '0123456789abcdef0123456789abcdef';
const fieldsOf = (res: { body: { error: { details: { path: string }[] } } }) =>
  res.body.error.details.map((d) => d.path);
const square = (lng: number, lat: number, size = 0.001) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lng, lat],
      [lng + size, lat],
      [lng + size, lat + size],
      [lng, lat + size],
      [lng, lat],
    ],
  ],
});

describe('the base map as a tenant setting', () => {
  it('is none by default, 天地图 with a key, or a template on an allowed host; bad input names the field', async () => {
    const s = await setUpStreet(p, 'map-set');
    const initial = await p.call('GET', '/api/settings/map', undefined, s.tokens.dispatcher);
    expect(initial.body).toMatchObject({ provider: 'none', version: 0, source: { tiles: [], geocoder: null } });
    expect((await p.call('GET', '/public/map-set')).body.map).toEqual({
      tiles: [],
      coordinateSystem: 'wgs84',
      geocoder: null,
    });

    const put = (body: unknown, token = s.tokens.admin) => p.call('PUT', '/api/settings/map', body, token);
    expect(fieldsOf(await put({ provider: 'tianditu' }))).toEqual(['tiandituKey']);
    expect(fieldsOf(await put({ provider: 'tianditu', tiandituKey: 'short' }))).toEqual(['tiandituKey']);
    expect(fieldsOf(await put({ provider: 'custom', urlTemplate: 'http://x.example/{z}/{x}/{y}.png' }))).toEqual([
      'urlTemplate',
    ]);
    expect(fieldsOf(await put({ provider: 'custom', urlTemplate: 'https://x.example/{z}/{x}.png' }))).toEqual([
      'urlTemplate',
    ]);
    expect(fieldsOf(await put({ provider: 'osm' }))).toEqual(['provider']);
    const foreign = await put({ provider: 'custom', urlTemplate: 'https://evil.example/{z}/{x}/{y}.png' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('tile_host_not_allowed');
    // only the tenant admin sets it
    expect((await put({ provider: 'none' }, s.tokens.dispatcher)).status).toBe(403);

    const tianditu = await put({ provider: 'tianditu', tiandituKey: KEY, version: 0 });
    expect(tianditu.status).toBe(200);
    expect(tianditu.body).toMatchObject({ provider: 'tianditu', coordinateSystem: 'cgcs2000', version: 1 });
    const source = (await p.call('GET', '/public/map-set')).body.map;
    expect(source.geocoder).toEqual({ provider: 'tianditu', key: KEY });
    expect(source.tiles).toHaveLength(2);
    expect(source.tiles[0].url).toMatch(/^https:\/\/t\{s\}\.tianditu\.gov\.cn\/vec_w\/wmts\?.*TILEMATRIX=\{z\}/);
    expect(source.tiles[0].url).toContain(`tk=${KEY}`);

    // a second admin who read version 0 is told to reload
    expect((await put({ provider: 'none', version: 0 })).status).toBe(409);
    const custom = await put({
      provider: 'custom',
      urlTemplate: 'https://{s}.tiles.example.gov.cn/{z}/{x}/{y}.png',
      subdomains: 'abc',
      coordinateSystem: 'gcj02',
      version: 1,
    });
    expect(custom.status).toBe(200);
    expect((await p.call('GET', '/public/map-set')).body.map).toEqual({
      tiles: [{ url: 'https://{s}.tiles.example.gov.cn/{z}/{x}/{y}.png', subdomains: 'abc' }],
      coordinateSystem: 'gcj02',
      geocoder: null,
    });
  });
});

describe('the public vector layers', () => {
  it('serve grid outlines and building points as GeoJSON, a page at a time, with nothing private', async () => {
    const s = await setUpStreet(p, 'map-layers');
    for (let i = 0; i < 52; i++) {
      const code = `120116001001${100 + i}`;
      const res = await p.call(
        'POST',
        '/api/grids',
        { code, name: `第${i}网格`, polygon: square(117.7 + i * 0.001, 39.0) },
        s.tokens.admin,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const first = await p.call('GET', '/public/map-layers/map/grids');
    expect(first.status).toBe(200);
    expect(first.body.type).toBe('FeatureCollection');
    expect(first.body.features.length).toBeLessThanOrEqual(50);
    expect(first.body.cursor).toEqual(expect.any(String));
    expect(first.body.features[0]).toMatchObject({
      type: 'Feature',
      geometry: { type: 'Polygon' },
      properties: { code: expect.any(String), name: expect.any(String) },
    });
    const second = await p.call('GET', `/public/map-layers/map/grids?cursor=${encodeURIComponent(first.body.cursor)}`);
    const all = [...first.body.features, ...second.body.features];
    // the two grids of setUpStreet have no outline: 52 drawn ones
    expect(all).toHaveLength(52);
    expect(new Set(all.map((f: { properties: { code: string } }) => f.properties.code)).size).toBe(52);

    // another office's cursor (or a forged one) is a 400 naming the cursor
    const other = await setUpStreet(p, 'map-other');
    const foreign = await p.call('GET', `/public/map-other/map/grids?cursor=${encodeURIComponent(first.body.cursor)}`);
    expect(foreign.status).toBe(400);
    expect(fieldsOf(foreign)).toEqual(['cursor']);
    expect(other.path).not.toBe(s.path);

    const building = await p.call(
      'POST',
      '/api/buildings',
      {
        name: '幸福里3号楼',
        address: '幸福里3号',
        location: { lat: 39.0005, lng: 117.7005 },
        rooms: [{ code: '301', use: 'rented' }],
      },
      s.tokens.admin,
    );
    expect(building.status).toBe(201);
    const buildings = await p.call('GET', '/public/map-layers/map/buildings');
    expect(buildings.body.features).toEqual([
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [117.7005, 39.0005] },
        properties: { name: '幸福里3号楼' },
      },
    ]);
    expect(JSON.stringify(buildings.body)).not.toMatch(/301|rented|address|幸福里3号"/);
    expect((await p.call('GET', '/public/no-such-office/map/buildings')).status).toBe(404);
  });
});

describe('what the citizen learns', () => {
  it('sees the rejection reason, and the expected closing time while the case is open', async () => {
    const s = await setUpStreet(p, 'map-track');
    const file = async (description: string) => {
      const res = await p.call('POST', '/public/map-track/reports', { description, categoryCode: 'garbage' });
      expect(res.status).toBe(201);
      const list = await p.call('GET', '/api/cases?limit=100', undefined, s.tokens.dispatcher);
      const found = list.body.items.find((c: { description: string }) => c.description === description);
      return { code: res.body.trackingCode as string, id: found.id as string };
    };
    const act = (id: string, action: string, body: unknown) =>
      p.call('POST', `/api/cases/${id}/actions/${action}`, body, s.tokens.dispatcher);

    const rejected = await file('楼上装修噪音太大了，请处理');
    expect((await act(rejected.id, 'reject', { reason: '属于物业管理范围，请联系物业' })).status).toBe(200);
    const seen = (await p.call('GET', `/public/map-track/reports/${rejected.code}`)).body;
    expect(seen.step).toBe('rejected');
    expect(seen.rejection).toEqual({ reason: '属于物业管理范围，请联系物业', at: expect.any(String) });
    expect(seen.reply).toBeUndefined();
    expect(seen.expectedBy).toBeUndefined();

    const open = await file('路灯不亮已经一周');
    expect((await act(open.id, 'register', { categoryCode: 'garbage', gridCode: s.gridCode })).status).toBe(200);
    expect((await act(open.id, 'dispatch', { departmentId: s.dept.id })).status).toBe(200);
    const detail = (await p.call('GET', `/api/cases/${open.id}`, undefined, s.tokens.dispatcher)).body;
    const tracked = (await p.call('GET', `/public/map-track/reports/${open.code}`)).body;
    expect(tracked.expectedBy).toBe(detail.closeDeadline ?? detail.deadline);
    expect(tracked.rejection).toBeUndefined();
    expect(tracked.reply).toBeUndefined();
  });
});
