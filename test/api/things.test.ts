import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

const p = await createTestPlatform();
const s = await setUpStreet(p, 'things-a');
const other = await setUpStreet(p, 'things-b');
const grid2 = '120116001001002';
const at = { lat: 39.0245, lng: 117.7115 };

/** A 上水井盖 (大类 01, 小类 01) of Binhai (120116) with sequence `n`. */
const manholeCode = (n: number) => `12011601 01${String(n).padStart(6, '0')}`.replace(' ', '');
/** A GB/T 28181 IP camera (centre 12011600, industry 08 城市管理, type 132, network 7) with sequence `n`. */
const cameraId = (n: number) => `1201160008132${'7'}${String(n).padStart(6, '0')}`;

async function thing(code: string, extra: Record<string, unknown> = {}) {
  const res = await p.call(
    'POST',
    '/api/things',
    { code, location: at, gridCode: s.gridCode, owner: '滨海新区水务局', ...extra },
    s.tokens.admin,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('things (部件): object codes', () => {
  it('refuses a code of the wrong length or an unknown class with a 400 naming code', async () => {
    for (const code of ['120116010100001', '1201169901000001', '0001160101000001']) {
      const res = await p.call(
        'POST',
        '/api/things',
        { code, location: at, gridCode: s.gridCode, owner: '水务局' },
        s.tokens.admin,
      );
      expect(res.status, code).toBe(400);
      expect(res.body.error.details[0].path).toBe('code');
    }
  });

  it('stores a good one with its class from the code, once per tenant', async () => {
    const t = await thing(manholeCode(1), { maintainerDepartmentId: s.dept.id, address: '第一大街与黄海路交口' });
    expect(t).toMatchObject({
      code: manholeCode(1),
      categoryCode: 'C0101',
      className: '上水井盖',
      majorName: '公用设施',
      name: '上水井盖',
      gridCode: s.gridCode,
      status: 'normal',
    });
    const again = await p.call(
      'POST',
      '/api/things',
      { code: manholeCode(1), location: at, gridCode: s.gridCode, owner: '水务局' },
      s.tokens.admin,
    );
    expect(again.status).toBe(409);
    expect(again.body.error.details[0].path).toBe('code');
    const noDept = await p.call(
      'POST',
      '/api/things',
      { code: manholeCode(2), location: at, gridCode: s.gridCode, owner: '水务局', maintainerDepartmentId: 'x-1' },
      s.tokens.admin,
    );
    expect(noDept.status).toBe(400);
    expect(noDept.body.error.details[0].path).toBe('maintainerDepartmentId');
  });

  it('lists by grid, class and code prefix', async () => {
    await thing('1201160110000007', { gridCode: grid2, owner: '滨海新区城市管理委员会' });
    const codes = async (query: string) =>
      (await p.call('GET', `/api/things?${query}`, undefined, s.tokens.dispatcher)).body.items.map(
        (t: { code: string }) => t.code,
      );
    expect(await codes(`gridCode=${grid2}`)).toEqual(['1201160110000007']);
    expect(await codes('categoryCode=C0101')).toEqual([manholeCode(1)]);
    expect(await codes('q=12011601010')).toEqual([manholeCode(1)]);
    expect((await p.call('GET', '/api/thing-classes', undefined, s.tokens.department)).body.items).toContainEqual(
      expect.objectContaining({ categoryCode: 'C0110', name: '路灯' }),
    );
  });
});

describe('cameras: GB/T 28181 device ids', () => {
  it('refuses a 19-digit id and bad centre / industry / type digits with a 400 naming deviceId', async () => {
    const bad = [
      cameraId(1).slice(0, 19),
      `00${cameraId(1).slice(2)}`, // no province
      `${cameraId(1).slice(0, 8)}30${cameraId(1).slice(10)}`, // reserved industry
      `${cameraId(1).slice(0, 10)}118${cameraId(1).slice(13)}`, // an NVR, not a camera
    ];
    for (const deviceId of bad) {
      const res = await p.call(
        'POST',
        '/api/cameras',
        { deviceId, name: '黄海路口', location: at, gridCode: s.gridCode, owner: '公安分局' },
        s.tokens.admin,
      );
      expect(res.status, deviceId).toBe(400);
      expect(res.body.error.details[0].path).toBe('deviceId');
    }
  });

  it('stores a good one once per tenant and lists it by grid and device id', async () => {
    const res = await p.call(
      'POST',
      '/api/cameras',
      {
        deviceId: cameraId(1),
        name: '黄海路与第一大街路口',
        location: at,
        gridCode: s.gridCode,
        owner: '滨海新区城管委',
      },
      s.tokens.admin,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ status: 'online', gridCode: s.gridCode });
    const again = await p.call(
      'POST',
      '/api/cameras',
      { deviceId: cameraId(1), name: '重复', location: at, gridCode: s.gridCode, owner: 'x' },
      s.tokens.admin,
    );
    expect(again.status).toBe(409);
    expect(again.body.error.details[0].path).toBe('deviceId');
    const byId = await p.call('GET', `/api/cameras?q=${cameraId(1)}`, undefined, s.tokens.dispatcher);
    expect(byId.body.items.map((c: { id: string }) => c.id)).toEqual([res.body.id]);
    const byGrid = await p.call('GET', `/api/cameras?gridCode=${grid2}`, undefined, s.tokens.dispatcher);
    expect(byGrid.body.items).toEqual([]);
  });
});

describe('video cases and case histories', () => {
  it('creates a video case carrying the camera and its snapshot; the camera lists it', {
    timeout: 60_000,
  }, async () => {
    const camera = (await p.call('GET', `/api/cameras?q=${cameraId(1)}`, undefined, s.tokens.admin)).body.items[0];
    const upload = await p.call(
      'POST',
      `/api/cameras/${camera.id}/snapshots`,
      { fileName: '抓拍.jpg', contentType: 'image/jpeg', size: 4 },
      s.tokens.dispatcher,
    );
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const put = await fetch(upload.body.uploadUrl, {
      method: 'PUT',
      headers: upload.body.headers,
      body: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
    });
    expect(put.status).toBe(200);

    const noCamera = await p.call(
      'POST',
      '/api/cases',
      { description: '占道经营', source: 'video' },
      s.tokens.dispatcher,
    );
    expect(noCamera.status).toBe(400);
    expect(noCamera.body.error.details[0].path).toBe('cameraId');
    const badSource = await p.call(
      'POST',
      '/api/cases',
      { description: '占道经营', source: 'citizen' },
      s.tokens.dispatcher,
    );
    expect(badSource.status).toBe(400);
    expect(badSource.body.error.details[0].path).toBe('source');
    const foreignSnapshot = await p.call(
      'POST',
      '/api/cases',
      { description: '占道经营', source: 'video', cameraId: camera.id, snapshot: `${s.path}cameras/x/y.jpg` },
      s.tokens.dispatcher,
    );
    expect(foreignSnapshot.status).toBe(400);
    expect(foreignSnapshot.body.error.details[0].path).toBe('snapshot');

    const created = await p.call(
      'POST',
      '/api/cases',
      { description: '黄海路口占道经营', source: 'video', cameraId: camera.id, snapshot: upload.body.key },
      s.tokens.dispatcher,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ source: 'video', cameraId: camera.id, gridCode: s.gridCode, location: at });
    const detail = await p.call('GET', `/api/cases/${created.body.id}`, undefined, s.tokens.dispatcher);
    expect(detail.body).toMatchObject({ source: 'video', cameraId: camera.id, photos: [upload.body.key] });
    const download = await p.call(
      'GET',
      `/api/cases/${created.body.id}/evidence?key=${encodeURIComponent(upload.body.key)}`,
      undefined,
      s.tokens.dispatcher,
    );
    expect(download.status, JSON.stringify(download.body)).toBe(200);
    expect(Buffer.from(await (await fetch(download.body.url)).arrayBuffer())).toEqual(
      Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
    );

    const listed = await p.call('GET', `/api/cameras/${camera.id}/cases`, undefined, s.tokens.dispatcher);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
    expect(listed.body.items[0]).toMatchObject({ source: 'video', description: '黄海路口占道经营' });
  });

  it('lists the cases that reference a thing, newest first, one page at a time (O(page))', {
    timeout: 60_000,
  }, async () => {
    const t = (await p.call('GET', `/api/things?q=${manholeCode(1)}`, undefined, s.tokens.admin)).body.items[0];
    const ids: string[] = [];
    for (const [token, description] of [
      [s.tokens.grid, '井盖松动'],
      [s.tokens.dispatcher, '井盖破损，市民来电'],
      [s.tokens.grid, '井盖丢失'],
    ] as const) {
      const res = await p.call('POST', '/api/cases', { description, thingId: t.id }, token);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ thingId: t.id, gridCode: s.gridCode, location: at });
      ids.push(res.body.id);
    }
    await p.call('POST', '/api/cases', { description: '与井盖无关' }, s.tokens.grid);
    const all = await p.call('GET', `/api/things/${t.id}/cases`, undefined, s.tokens.admin);
    expect(all.body.items.map((c: { id: string }) => c.id)).toEqual([...ids].reverse());

    const send = vi.spyOn(p.deps.store.doc, 'send');
    const first = await p.call('GET', `/api/things/${t.id}/cases?limit=2`, undefined, s.tokens.admin);
    const calls = send.mock.calls.map(([command]) => command);
    send.mockRestore();
    expect(first.body.items.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
    const linkQueries = calls.filter(
      (c) => c instanceof QueryCommand && String(c.input.ExpressionAttributeValues?.[':pk']).includes('CASELINK#'),
    );
    expect(linkQueries).toHaveLength(1);
    expect((linkQueries[0] as QueryCommand).input.Limit).toBe(2);
    const caseReads = calls.filter((c) => c instanceof GetCommand && String(c.input.Key?.PK).includes('CASE#'));
    expect(caseReads).toHaveLength(2);
    expect(calls.some((c) => c.constructor.name === 'ScanCommand')).toBe(false);
    const second = await p.call(
      'GET',
      `/api/things/${t.id}/cases?limit=2&cursor=${encodeURIComponent(first.body.cursor)}`,
      undefined,
      s.tokens.admin,
    );
    expect(second.body.items.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
  });

  it('routes a thing’s case to its maintaining department', { timeout: 60_000 }, async () => {
    const t = await thing(manholeCode(3), { maintainerDepartmentId: s.otherDept.id });
    const created = await p.call('POST', '/api/cases', { description: '井盖异响', thingId: t.id }, s.tokens.grid);
    const id = created.body.id;
    const registered = await p.call(
      'POST',
      `/api/cases/${id}/actions/register`,
      { categoryCode: 'garbage' },
      s.tokens.dispatcher,
    );
    expect(registered.status, JSON.stringify(registered.body)).toBe(200);
    const detail = await p.call('GET', `/api/cases/${id}`, undefined, s.tokens.dispatcher);
    // the category's own department is s.dept: the thing's maintainer wins
    expect(detail.body.suggestedDepartmentId).toBe(s.otherDept.id);
    const dispatched = await p.call('POST', `/api/cases/${id}/actions/dispatch`, {}, s.tokens.dispatcher);
    expect(dispatched.status, JSON.stringify(dispatched.body)).toBe(200);
    expect(dispatched.body.departmentId).toBe(s.otherDept.id);
    // the maintaining department sees the case in the thing's history; another department does not
    const own = await p.call('GET', `/api/things/${t.id}/cases`, undefined, s.tokens.otherDepartment);
    expect(own.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    const notOwn = await p.call('GET', `/api/things/${t.id}/cases`, undefined, s.tokens.department);
    expect(notOwn.body.items).toEqual([]);
  });

  it('refuses another tenant’s camera or thing on a case (400) and hides them from it (404)', async () => {
    const camera = (await p.call('GET', `/api/cameras?q=${cameraId(1)}`, undefined, s.tokens.admin)).body.items[0];
    const t = (await p.call('GET', `/api/things?q=${manholeCode(1)}`, undefined, s.tokens.admin)).body.items[0];
    const video = await p.call(
      'POST',
      '/api/cases',
      { description: '借用摄像头', source: 'video', cameraId: camera.id },
      other.tokens.dispatcher,
    );
    expect(video.status).toBe(400);
    expect(video.body.error.details[0].path).toBe('cameraId');
    const onThing = await p.call('POST', '/api/cases', { description: '借用部件', thingId: t.id }, other.tokens.grid);
    expect(onThing.status).toBe(400);
    expect(onThing.body.error.details[0].path).toBe('thingId');
    for (const url of [
      `/api/cameras/${camera.id}`,
      `/api/cameras/${camera.id}/cases`,
      `/api/things/${t.id}`,
      `/api/things/${t.id}/cases`,
    ]) {
      expect((await p.call('GET', url, undefined, other.tokens.admin)).status, url).toBe(404);
    }
    const snap = await p.call(
      'POST',
      `/api/cameras/${camera.id}/snapshots`,
      { fileName: 'a.jpg', contentType: 'image/jpeg', size: 4 },
      other.tokens.dispatcher,
    );
    expect(snap.status).toBe(404);
  });
});
