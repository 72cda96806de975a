import { describe, expect, it } from 'vitest';
import { idNumberOf, withBadCheckDigit } from '../support/people';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

const p = await createTestPlatform();
const s = await setUpStreet(p, 'people-a');
const other = await setUpStreet(p, 'people-b');
const grid2 = '120116001001002';

const zhang = {
  name: '张伟',
  idNumber: idNumberOf('120116', '19800512', 123),
  phone: '13912345678',
  registration: 'resident',
  gridCode: s.gridCode,
  tags: ['党员'],
};

describe('people: validation and masking', () => {
  it('refuses a bad check digit with a 400 naming idNumber', async () => {
    const res = await p.call(
      'POST',
      '/api/people',
      { ...zhang, idNumber: withBadCheckDigit(zhang.idNumber) },
      s.tokens.admin,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: 'idNumber', message: expect.stringMatching(/check digit/) }),
    ]);
  });

  it('refuses a gender or birth date that contradicts the ID number', async () => {
    const res = await p.call(
      'POST',
      '/api/people',
      { ...zhang, gender: 'female', birthDate: '1980-05-13' },
      s.tokens.admin,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['birthDate', 'gender']);
  });

  it('stores a good one (201) and shows it masked everywhere', async () => {
    const res = await p.call('POST', '/api/people', zhang, s.tokens.admin);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ name: '张伟', gender: 'male', birthDate: '1980-05-12', status: 'present' });
    expect(res.body.idNumber).toBe(`120***********${zhang.idNumber.slice(14)}`);
    expect(res.body.phone).toBe('139****5678');
    const list = await p.call('GET', '/api/people', undefined, s.tokens.dispatcher);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].idNumber).toMatch(/^120\*{11}\d{3}[\dX]$/);
    expect(JSON.stringify(list.body)).not.toContain(zhang.idNumber);
    expect(JSON.stringify(list.body)).not.toContain(zhang.phone);
    const one = await p.call('GET', `/api/people/${res.body.id}`, undefined, s.tokens.dispatcher);
    expect(one.body.idNumber).toBe(res.body.idNumber);
    expect(one.body.history).toEqual([expect.objectContaining({ type: 'registered' })]);
  });

  it('refuses the same ID number twice in a tenant (409 on idNumber), but another street may hold it', async () => {
    const again = await p.call('POST', '/api/people', { ...zhang, name: '张伟2' }, s.tokens.admin);
    expect(again.status).toBe(409);
    expect(again.body.error.details[0].path).toBe('idNumber');
    const elsewhere = await p.call('POST', '/api/people', zhang, other.tokens.admin);
    expect(elsewhere.status).toBe(201);
  });

  it('searches by ID number, phone, name prefix, grid, registration and tag', async () => {
    const li = {
      name: '李娜',
      idNumber: idNumberOf('410102', '19950220', 246),
      registration: 'floating',
      gridCode: grid2,
      arrivedAt: '2026-03-01',
    };
    expect((await p.call('POST', '/api/people', li, s.tokens.admin)).status).toBe(201);
    const names = async (query: string) =>
      (await p.call('GET', `/api/people?${query}`, undefined, s.tokens.admin)).body.items.map(
        (x: { name: string }) => x.name,
      );
    expect(await names(`q=${zhang.idNumber}`)).toEqual(['张伟']);
    expect(await names(`q=${zhang.phone}`)).toEqual(['张伟']);
    expect(await names(`q=${encodeURIComponent('李')}`)).toEqual(['李娜']);
    expect(await names(`gridCode=${grid2}`)).toEqual(['李娜']);
    expect(await names('registration=floating')).toEqual(['李娜']);
    expect(await names(`tag=${encodeURIComponent('党员')}`)).toEqual(['张伟']);
    const bad = await p.call('GET', '/api/people?registration=alien', undefined, s.tokens.admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('registration');
  });
});

describe('people: reveal and the access log (PIPL)', () => {
  it('needs a reason (400); with one returns the clear values and writes one entry naming who, what, when, why', async () => {
    const id = (await p.call('GET', `/api/people?q=${zhang.idNumber}`, undefined, s.tokens.admin)).body.items[0].id;
    const none = await p.call('POST', `/api/people/${id}/reveal`, {}, s.tokens.leader);
    expect(none.status).toBe(400);
    expect(none.body.error.details[0].path).toBe('reason');
    const blank = await p.call('POST', `/api/people/${id}/reveal`, { reason: '   ' }, s.tokens.leader);
    expect(blank.status).toBe(400);
    expect((await p.call('GET', `/api/access-log?subject=${id}`, undefined, s.tokens.admin)).body.items).toEqual([]);

    const res = await p.call('POST', `/api/people/${id}/reveal`, { reason: '入户走访核实身份' }, s.tokens.leader);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ idNumber: zhang.idNumber, phone: zhang.phone });
    const log = await p.call('GET', `/api/access-log?subject=${id}`, undefined, s.tokens.admin);
    expect(log.status).toBe(200);
    expect(log.body.items).toHaveLength(1);
    const me = await p.call('GET', '/api/me', undefined, s.tokens.leader);
    expect(log.body.items[0]).toMatchObject({
      actorId: me.body.user.id,
      actorName: 'leader',
      subjectKind: 'person',
      subjectId: id,
      subjectLabel: '张伟',
      fields: ['idNumber', 'phone'],
      reason: '入户走访核实身份',
      action: 'reveal',
    });
    expect(Date.parse(log.body.items[0].at)).toBeGreaterThan(Date.now() - 60_000);
    // the tenant's whole log has it too, and a role without accessLog.read may not read the log
    expect((await p.call('GET', '/api/access-log', undefined, s.tokens.admin)).body.items).toHaveLength(1);
    expect((await p.call('GET', '/api/access-log', undefined, s.tokens.dispatcher)).status).toBe(403);
  });

  it('refuses a dispatcher without people.reveal (403) and writes nothing', async () => {
    const id = (await p.call('GET', `/api/people?q=${zhang.idNumber}`, undefined, s.tokens.admin)).body.items[0].id;
    const res = await p.call('POST', `/api/people/${id}/reveal`, { reason: '想看看' }, s.tokens.dispatcher);
    expect(res.status).toBe(403);
    expect((await p.call('GET', `/api/access-log?subject=${id}`, undefined, s.tokens.admin)).body.items).toHaveLength(
      1,
    );
  });

  it('hides a person from another street’s admin: 404 on read, reveal and move', async () => {
    const id = (await p.call('GET', `/api/people?q=${zhang.idNumber}`, undefined, s.tokens.admin)).body.items[0].id;
    expect((await p.call('GET', `/api/people/${id}`, undefined, other.tokens.admin)).status).toBe(404);
    expect((await p.call('POST', `/api/people/${id}/reveal`, { reason: 'x' }, other.tokens.admin)).status).toBe(404);
    expect((await p.call('POST', `/api/people/${id}/move-out`, { at: '2026-01-01' }, other.tokens.admin)).status).toBe(
      404,
    );
  });
});

describe('people: grid workers see their grids only', () => {
  it('lists and reads only people of the worker’s grids, and may not place people elsewhere', async () => {
    const worker = await p.call(
      'POST',
      '/api/users',
      {
        name: '王网格',
        email: 'wang@people-a.test',
        password: 'worker-password',
        roles: ['grid_worker'],
        gridCodes: [grid2],
      },
      s.tokens.admin,
    );
    expect(worker.status).toBe(201);
    const token = await p.login('wang@people-a.test', 'worker-password');
    const list = await p.call('GET', '/api/people', undefined, token);
    expect(list.body.items.map((x: { name: string }) => x.name)).toEqual(['李娜']);
    const zhangId = (await p.call('GET', `/api/people?q=${zhang.idNumber}`, undefined, s.tokens.admin)).body.items[0]
      .id;
    expect((await p.call('GET', `/api/people/${zhangId}`, undefined, token)).status).toBe(404);
    expect((await p.call('GET', `/api/people?q=${zhang.idNumber}`, undefined, token)).body.items).toEqual([]);
    const outside = await p.call(
      'POST',
      '/api/people',
      { name: '赵六', idNumber: idNumberOf('120116', '19700101', 11), registration: 'resident', gridCode: s.gridCode },
      token,
    );
    expect(outside.status).toBe(400);
    expect(outside.body.error.details[0].path).toBe('gridCode');
  });
});

describe('buildings, rooms, households and moves', () => {
  it('derives the grid from a residence, counts rooms, keeps move history', async () => {
    const bad = await p.call('POST', '/api/buildings', { name: '无网格楼', address: '某路1号' }, s.tokens.admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('gridCode');
    const building = await p.call(
      'POST',
      '/api/buildings',
      {
        name: '幸福里3号楼',
        address: '天津市滨海新区幸福路3号',
        gridCode: grid2,
        floors: 6,
        rooms: [{ code: '101' }, { code: '102' }, { code: '201', use: 'rented' }],
      },
      s.tokens.admin,
    );
    expect(building.status, JSON.stringify(building.body)).toBe(201);
    const bid = building.body.id;
    const wrongRoom = await p.call(
      'POST',
      '/api/people',
      {
        name: '孙七',
        idNumber: idNumberOf('130102', '19880808', 31),
        registration: 'floating',
        residence: { buildingId: bid, roomCode: '999' },
      },
      s.tokens.admin,
    );
    expect(wrongRoom.status).toBe(400);
    expect(wrongRoom.body.error.details[0].path).toBe('residence.roomCode');
    const sun = await p.call(
      'POST',
      '/api/people',
      {
        name: '孙七',
        idNumber: idNumberOf('130102', '19880808', 31),
        registration: 'floating',
        residence: { buildingId: bid, roomCode: '201' },
        arrivedAt: '2026-02-10',
      },
      s.tokens.admin,
    );
    expect(sun.status).toBe(201);
    expect(sun.body.gridCode).toBe(grid2);
    const household = await p.call(
      'POST',
      '/api/households',
      { buildingId: bid, roomCode: '201', headPersonId: sun.body.id },
      s.tokens.admin,
    );
    expect(household.status).toBe(201);
    expect(household.body.members).toEqual([{ personId: sun.body.id, relation: 'head' }]);
    const households = await p.call('GET', `/api/households?buildingId=${bid}`, undefined, s.tokens.admin);
    expect(households.body.items).toHaveLength(1);

    let view = await p.call('GET', `/api/buildings/${bid}`, undefined, s.tokens.dispatcher);
    expect(view.body.rooms.find((r: { code: string }) => r.code === '201')).toMatchObject({
      residents: 1,
      registration: { floating: 1 },
    });
    const out = await p.call(
      'POST',
      `/api/people/${sun.body.id}/move-out`,
      { at: '2026-06-30', version: 1 },
      s.tokens.admin,
    );
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    expect(out.body).toMatchObject({ status: 'left', leftAt: '2026-06-30', version: 2 });
    const stale = await p.call(
      'POST',
      `/api/people/${sun.body.id}/move-in`,
      { at: '2026-07-01', version: 1, residence: { buildingId: bid, roomCode: '101' } },
      s.tokens.admin,
    );
    expect(stale.status).toBe(409);
    view = await p.call('GET', `/api/buildings/${bid}`, undefined, s.tokens.dispatcher);
    expect(view.body.rooms.find((r: { code: string }) => r.code === '201').residents).toBe(0);
    const back = await p.call(
      'POST',
      `/api/people/${sun.body.id}/move-in`,
      { at: '2026-08-01', residence: { buildingId: bid, roomCode: '101' } },
      s.tokens.admin,
    );
    expect(back.status).toBe(200);
    const card = await p.call('GET', `/api/people/${sun.body.id}`, undefined, s.tokens.admin);
    expect(card.body.history.map((e: { type: string }) => e.type)).toEqual(['registered', 'moved_out', 'moved_in']);
    expect(card.body).toMatchObject({ status: 'present', residence: { roomCode: '101' } });
    const list = await p.call('GET', `/api/buildings?gridCode=${grid2}`, undefined, s.tokens.admin);
    expect(list.body.items.map((b: { name: string }) => b.name)).toEqual(['幸福里3号楼']);
    expect((await p.call('GET', `/api/buildings/${bid}`, undefined, other.tokens.admin)).status).toBe(404);
  });
});
