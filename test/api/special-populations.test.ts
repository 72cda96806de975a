import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { seedStreetSpecial } from '@civicgrid/api';
import { ProcessRepository } from '@civicgrid/db';
import { specialVisitKind, tenantPath } from '@civicgrid/domain';
import { describe, expect, it } from 'vitest';
import { idNumberOf } from '../support/people';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

// A clock the last test moves forward: the workflow and the domain both read it.
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);
const p = await createTestPlatform({ clock, workflowPolicy: { recheckSeconds: 1 } });
const DAY = 86_400_000;

type Street = Awaited<ReturnType<typeof setUpStreet>>;

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function userId(token: string): Promise<string> {
  return (await p.call('GET', '/api/me', undefined, token)).body.user.id;
}

let seq = 100;
async function person(s: { tokens: { admin: string } }, name: string, gridCode = '120116001001001') {
  const res = await p.call(
    'POST',
    '/api/people',
    { name, idNumber: idNumberOf('120116', '19800101', seq++), registration: 'resident', gridCode },
    s.tokens.admin,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function profile(s: Street, body: Record<string, unknown>, token = s.tokens.dispatcher) {
  const res = await p.call('POST', '/api/special-populations', body, token);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

function waitingAt(s: Street, id: string) {
  const repo = new ProcessRepository(p.deps.store, specialVisitKind, p.deps.config);
  return until(async () => {
    const task = await repo.task(tenantPath(s.path), id);
    return task?.step === 'due' ? task.token : undefined;
  }, `visit ${id} waiting`);
}

const visitBody = (at = clock().toISOString()) => ({
  at,
  place: '泰达街道某小区3号楼家中',
  findings: '情绪稳定，按时服药，家属监护到位',
});

describe('special populations (特殊人群) on the process engine', () => {
  it('a profile with risk grade 3 opens a weekly visit for the responsible worker; bad input names the field', {
    timeout: 90_000,
  }, async () => {
    const s = await setUpStreet(p, 'sp-weekly');
    const worker = await userId(s.tokens.grid);
    const pid = await person(s, '王某');
    const made = await profile(s, {
      personId: pid,
      group: 'mental',
      riskGrade: 3,
      responsibleUserId: worker,
      team: ['社区民警 李某', '村医 赵某', '监护人 王某某'],
    });
    expect(made).toMatchObject({
      group: 'mental',
      groupLabel: '严重精神障碍患者',
      riskGrade: 3,
      visitEveryDays: 7,
      status: 'listed',
      statusLabel: '列管',
      personName: '王某',
      gridCode: s.gridCode,
    });
    expect(made.visitId).toBeTruthy();
    await waitingAt(s, made.visitId);
    // the worker's caseload: the due visit, its deadline the end of the 7th natural day (China time)
    const load = await p.call('GET', '/api/special-caseload', undefined, s.tokens.grid);
    expect(load.status).toBe(200);
    expect(load.body).toMatchObject({ userId: worker, due: 1, overdue: 0 });
    const [due] = load.body.items;
    expect(due).toMatchObject({ id: made.visitId, step: 'due', stepLabel: '待走访', everyDays: 7, profileId: made.id });
    const left = Date.parse(due.deadline) - clock().getTime();
    expect(left).toBeGreaterThan(7 * DAY);
    expect(left).toBeLessThanOrEqual(8 * DAY);

    // the group's own scale: a mental-disorder grade is 0–5, the other groups 1–3
    const off = await p.call(
      'POST',
      '/api/special-populations',
      { personId: pid, group: 'correction', riskGrade: 4, responsibleUserId: worker },
      s.tokens.dispatcher,
    );
    expect(off.status).toBe(400);
    expect(off.body.error.details[0].path).toBe('riskGrade');
    const noRelease = await p.call(
      'POST',
      '/api/special-populations',
      { personId: pid, group: 'released', riskGrade: 1, responsibleUserId: worker },
      s.tokens.dispatcher,
    );
    expect(noRelease.status).toBe(400);
    expect(JSON.stringify(noRelease.body.error.details)).toContain('releasedOn');
    const twice = await p.call(
      'POST',
      '/api/special-populations',
      { personId: pid, group: 'mental', riskGrade: 2, responsibleUserId: worker },
      s.tokens.dispatcher,
    );
    expect(twice.status).toBe(409);
    const stranger = await p.call(
      'POST',
      '/api/special-populations',
      { personId: pid, group: 'drug', riskGrade: 2, responsibleUserId: await userId(s.tokens.department) },
      s.tokens.dispatcher,
    );
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.details[0].path).toBe('responsibleUserId');
    // 安置帮教 ends five years after the release
    const released = await profile(s, {
      personId: await person(s, '刘某'),
      group: 'released',
      riskGrade: 1,
      responsibleUserId: worker,
      releasedOn: '2024-02-29',
    });
    expect(released).toMatchObject({ endDate: '2029-03-01', visitEveryDays: 90 });
  });

  it('a visit record closes the task, opens the next and feeds 按期走访率 by group, grid and worker', {
    timeout: 90_000,
  }, async () => {
    const s = await setUpStreet(p, 'sp-visit');
    const worker = await userId(s.tokens.grid);
    const made = await profile(s, {
      personId: await person(s, '陈某'),
      group: 'mental',
      riskGrade: 3,
      responsibleUserId: worker,
    });
    await waitingAt(s, made.visitId);
    const ahead = await p.call(
      'POST',
      `/api/special-populations/${made.id}/visits`,
      visitBody(new Date(clock().getTime() + 2 * DAY).toISOString()),
      s.tokens.grid,
    );
    expect(ahead.status).toBe(422);
    expect(ahead.body.error.details[0].path).toBe('at');
    const bad = await p.call('POST', `/api/special-populations/${made.id}/visits`, { at: 'x' }, s.tokens.grid);
    expect(bad.status).toBe(400);

    const first = await p.call('POST', `/api/special-populations/${made.id}/visits`, visitBody(), s.tokens.grid);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.visit).toMatchObject({ id: made.visitId, step: 'visited', finishedOnTime: true });
    expect(first.body.profile).toMatchObject({ visits: 1 });
    const nextId = first.body.profile.visitId;
    expect(nextId).toBeTruthy();
    expect(nextId).not.toBe(made.visitId);
    await waitingAt(s, nextId);

    // the engine's own action route does the same: the profile counts it and the next visit opens
    const second = await p.call('POST', `/api/special-visits/${nextId}/actions/visit`, visitBody(), s.tokens.grid);
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    const file = await p.call('GET', `/api/special-populations/${made.id}`, undefined, s.tokens.dispatcher);
    expect(file.body).toMatchObject({ visits: 2 });
    expect(file.body.visitId).not.toBe(nextId);
    expect(file.body.openVisit).toMatchObject({ step: 'due' });
    expect(file.body.history.map((e: { type: string }) => e.type)).toEqual(['listed', 'visited', 'visited']);
    const visits = await p.call('GET', `/api/special-populations/${made.id}/visits`, undefined, s.tokens.grid);
    expect(visits.body.items.map((v: { step: string }) => v.step)).toEqual(['due', 'visited', 'visited']);

    const stats = await p.call('GET', '/api/stats/special-populations', undefined, s.tokens.leader);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ listed: 1, visited: 2, visitedOnTime: 2, missed: 0, onTimeRate: 1 });
    expect(stats.body.rows.group).toEqual([
      expect.objectContaining({ key: 'mental', label: '严重精神障碍患者', listed: 1, onTimeRate: 1 }),
    ]);
    expect(stats.body.rows.worker).toEqual([expect.objectContaining({ key: worker, listed: 1, visited: 2 })]);
    expect(stats.body.rows.grid).toEqual([expect.objectContaining({ key: s.gridCode, listed: 1, onTimeRate: 1 })]);

    // an assistance record is history with its amount
    const aid = await p.call(
      'POST',
      `/api/special-populations/${made.id}/assistance`,
      { kind: 'judicial', at: '2026-11-20', note: '申请司法救助金', amount: 3000 },
      s.tokens.dispatcher,
    );
    expect(aid.status).toBe(201);
    expect(aid.body.assistance).toEqual({ count: 1, amount: 3000 });
    // 解除列管: the open visit is withdrawn, 列管数 drops
    const out = await p.call(
      'POST',
      `/api/special-populations/${made.id}/release`,
      { on: '2026-12-01', reason: '经评估病情稳定' },
      s.tokens.dispatcher,
    );
    expect(out.body).toMatchObject({ status: 'released', statusLabel: '解除' });
    const after = await p.call('GET', '/api/stats/special-populations', undefined, s.tokens.leader);
    expect(after.body).toMatchObject({ listed: 0, visited: 2, missed: 0 });
    expect((await p.call('GET', '/api/special-caseload', undefined, s.tokens.grid)).body.items).toEqual([]);
  });

  it('a raised risk grade is an alert and brings the due visit forward', { timeout: 60_000 }, async () => {
    const s = await setUpStreet(p, 'sp-raise');
    const made = await profile(s, {
      personId: await person(s, '孙某'),
      group: 'youth',
      riskGrade: 1,
      responsibleUserId: await userId(s.tokens.grid),
    });
    expect(made.visitEveryDays).toBe(30);
    const raised = await p.call(
      'PATCH',
      `/api/special-populations/${made.id}`,
      { version: made.version, riskGrade: 3 },
      s.tokens.dispatcher,
    );
    expect(raised.status, JSON.stringify(raised.body)).toBe(200);
    expect(raised.body).toMatchObject({ riskGrade: 3, visitEveryDays: 7 });
    expect(raised.body.alerts).toEqual([expect.objectContaining({ type: 'riskRaised' })]);
    const file = await p.call('GET', `/api/special-populations/${made.id}`, undefined, s.tokens.dispatcher);
    const left = Date.parse(file.body.openVisit.deadline) - clock().getTime();
    expect(left).toBeLessThanOrEqual(8 * DAY);
    expect(
      (
        await p.call(
          'PATCH',
          `/api/special-populations/${made.id}`,
          { version: raised.body.version, riskGrade: 9 },
          s.tokens.dispatcher,
        )
      ).body.error.details[0].path,
    ).toBe('riskGrade');
    // a stale version → 409
    expect(
      (
        await p.call(
          'PATCH',
          `/api/special-populations/${made.id}`,
          { version: made.version, riskGrade: 2 },
          s.tokens.dispatcher,
        )
      ).status,
    ).toBe(409);
  });

  it('the tenant sets its visit frequency table', { timeout: 60_000 }, async () => {
    const s = await setUpStreet(p, 'sp-table');
    const get = await p.call('GET', '/api/special-visit-frequencies', undefined, s.tokens.dispatcher);
    expect(get.body.table.mental).toMatchObject({ '0': 90, '3': 7, '5': 7 });
    expect(
      (await p.call('PUT', '/api/special-visit-frequencies', { table: { mental: { '3': 3 } } }, s.tokens.dispatcher))
        .status,
    ).toBe(403);
    const bad = await p.call('PUT', '/api/special-visit-frequencies', { table: { youth: { '5': 3 } } }, s.tokens.admin);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('youth');
    const put = await p.call(
      'PUT',
      '/api/special-visit-frequencies',
      { table: { mental: { '3': 3 } } },
      s.tokens.admin,
    );
    expect(put.body.table.mental['3']).toBe(3);
    const made = await profile(s, {
      personId: await person(s, '周某'),
      group: 'mental',
      riskGrade: 3,
      responsibleUserId: await userId(s.tokens.grid),
    });
    expect(made.visitEveryDays).toBe(3);
  });

  it('a user without special.read gets 404 on every route and sees no special flag on the person', {
    timeout: 90_000,
  }, async () => {
    const s = await setUpStreet(p, 'sp-hidden');
    const pid = await person(s, '吴某');
    const made = await profile(s, {
      personId: pid,
      group: 'drug',
      riskGrade: 2,
      responsibleUserId: await userId(s.tokens.grid),
    });
    // the leader reads people but not special populations: 404 on the profile, no flag in the search
    expect((await p.call('GET', `/api/special-populations/${made.id}`, undefined, s.tokens.leader)).status).toBe(404);
    const seen = await p.call('GET', `/api/people?q=${encodeURIComponent('吴某')}`, undefined, s.tokens.leader);
    expect(seen.body.items).toHaveLength(1);
    expect(seen.body.items[0].special).toBeUndefined();
    expect(JSON.stringify(seen.body)).not.toContain('drug');
    const one = await p.call('GET', `/api/people/${pid}`, undefined, s.tokens.leader);
    expect(one.body.special).toBeUndefined();
    // the centre, which may, sees the flag
    const centre = await p.call('GET', `/api/people?q=${encodeURIComponent('吴某')}`, undefined, s.tokens.dispatcher);
    expect(centre.body.items[0].special).toEqual(['drug']);
    expect((await p.call('GET', `/api/people/${pid}`, undefined, s.tokens.dispatcher)).body.special).toEqual(['drug']);
    // the leader's people export flags nobody
    const csv = await p.app.request('/api/exports/people?format=csv', {
      headers: { authorization: `Bearer ${s.tokens.leader}` },
    });
    const text = await csv.text();
    expect(text).toContain('吴某');
    expect(text).not.toMatch(/drug|戒毒|特殊人群/);
    // a department holds no special permission at all: every route is a 404, never a 403
    const dept = s.tokens.department;
    const probes: [string, string, unknown?][] = [
      ['GET', '/api/special-populations'],
      ['POST', '/api/special-populations', { personId: pid, group: 'drug', riskGrade: 1, responsibleUserId: 'x' }],
      ['GET', `/api/special-populations/${made.id}`],
      ['PATCH', `/api/special-populations/${made.id}`, { version: 1 }],
      ['POST', `/api/special-populations/${made.id}/visits`, visitBody()],
      ['GET', `/api/special-populations/${made.id}/visits`],
      ['POST', `/api/special-populations/${made.id}/assistance`, {}],
      ['POST', `/api/special-populations/${made.id}/release`, {}],
      ['POST', `/api/special-populations/${made.id}/transfer`, {}],
      ['POST', `/api/special-populations/${made.id}/transfer/complete`, {}],
      ['GET', '/api/special-caseload'],
      ['GET', '/api/special-visit-frequencies'],
      ['PUT', '/api/special-visit-frequencies', { table: {} }],
      ['GET', '/api/stats/special-populations'],
      ['GET', '/api/stats/special-populations/density'],
      ['GET', '/api/special-visits'],
      ['GET', `/api/special-visits/${made.visitId}`],
      ['POST', `/api/special-visits/${made.visitId}/actions/visit`, visitBody()],
      [
        'POST',
        `/api/special-visits/${made.visitId}/evidence`,
        { fileName: 'a.jpg', contentType: 'image/jpeg', size: 3 },
      ],
      ['GET', `/api/special-visits/${made.visitId}/evidence?key=x`],
    ];
    for (const [method, url, body] of probes) {
      const res = await p.call(method, url, body, dept);
      expect(res.status, `${method} ${url}`).toBe(404);
    }
    expect((await p.call('GET', '/api/process-settings/specialvisit', undefined, dept)).status).toBe(404);
    // a grid worker of another grid sees neither the profile nor its visit
    const other = await p.call(
      'POST',
      '/api/users',
      {
        name: '网格员乙',
        email: 'grid2@sp-hidden.test',
        password: 'role-password-1',
        roles: ['grid_worker'],
        gridCodes: ['120116001001002'],
      },
      s.tokens.admin,
    );
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    const stranger = await p.login('grid2@sp-hidden.test', 'role-password-1');
    expect((await p.call('GET', `/api/special-populations/${made.id}`, undefined, stranger)).status).toBe(404);
    expect((await p.call('GET', `/api/special-visits/${made.visitId}`, undefined, stranger)).status).toBe(404);
    expect(
      (await p.call('POST', `/api/special-visits/${made.visitId}/actions/visit`, visitBody(), stranger)).status,
    ).toBe(404);
    expect(JSON.stringify((await p.call('GET', '/api/special-visits', undefined, stranger)).body)).not.toContain(
      made.visitId,
    );
    expect((await p.call('GET', '/api/special-populations', undefined, stranger)).body.items).toEqual([]);
    // the responsible worker does see them
    expect((await p.call('GET', `/api/special-visits/${made.visitId}`, undefined, s.tokens.grid)).status).toBe(200);
    // there is no create route for visits: they are opened from the profile
    expect((await p.call('POST', '/api/special-visits', {}, s.tokens.admin)).status).toBe(404);
    // the leader sees the aggregates only
    expect((await p.call('GET', '/api/stats/special-populations', undefined, s.tokens.leader)).status).toBe(200);
    expect((await p.call('GET', '/api/special-populations', undefined, s.tokens.leader)).status).toBe(404);
  });

  it('every read of a profile adds an entry to the access log', { timeout: 60_000 }, async () => {
    const s = await setUpStreet(p, 'sp-log');
    const made = await profile(s, {
      personId: await person(s, '郑某'),
      group: 'correction',
      riskGrade: 2,
      responsibleUserId: await userId(s.tokens.grid),
    });
    const log = async () =>
      (await p.call('GET', `/api/access-log?subject=${made.id}`, undefined, s.tokens.admin)).body.items as {
        action: string;
        actorId: string;
        subjectKind: string;
      }[];
    expect(await log()).toEqual([]);
    const first = await p.call('GET', `/api/special-populations/${made.id}`, undefined, s.tokens.dispatcher);
    expect(first.status).toBe(200);
    expect(first.body.person).toMatchObject({ name: '郑某', masked: true });
    expect(first.body.person.idNumber).toContain('*');
    await p.call('GET', `/api/special-populations/${made.id}`, undefined, s.tokens.grid);
    const entries = await log();
    expect(entries).toHaveLength(2);
    expect(entries.map((e) => e.action)).toEqual(['read', 'read']);
    expect(new Set(entries.map((e) => e.actorId))).toEqual(
      new Set([await userId(s.tokens.grid), await userId(s.tokens.dispatcher)]),
    );
    expect(entries[0]?.subjectKind).toBe('specialProfile');
    // the person moves away: the profile's alerts say so
    const moved = await p.call('POST', `/api/people/${made.personId}/move-out`, { at: '2026-11-20' }, s.tokens.admin);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const again = await p.call('GET', `/api/special-populations/${made.id}`, undefined, s.tokens.dispatcher);
    expect(again.body.alerts).toEqual([expect.objectContaining({ type: 'movedAway' })]);
    expect(await log()).toHaveLength(3);
    // a list page is a read of the profiles on it: one entry naming them
    await p.call('GET', '/api/special-populations', undefined, s.tokens.dispatcher);
    const all = (await p.call('GET', '/api/access-log?subject=special-populations', undefined, s.tokens.admin)).body;
    expect(all.items[0]).toMatchObject({ action: 'read', subjectKind: 'specialProfileList', fields: [made.id] });
  });

  it('a transfer (衔接) to a sibling street through the district moves the profile and its history', {
    timeout: 120_000,
  }, async () => {
    const district = await p.signup('sp-district', 'district');
    const a = await p.signup('sp-street-a', 'street', 'sp-district');
    const b = await p.signup('sp-street-b', 'street', 'sp-district');
    const lone = await p.signup('sp-street-lone', 'street');
    for (const t of [a, b]) {
      expect((await p.call('POST', `/api/tenants/${t.tenant.id}/approve`, {}, district.token)).status).toBe(200);
    }
    const aWorker = await p.call(
      'POST',
      '/api/users',
      { name: '网格员甲', email: 'grid@sp-street-a.test', password: 'role-password-1', roles: ['grid_worker'] },
      a.token,
    );
    expect(aWorker.status, JSON.stringify(aWorker.body)).toBe(201);
    const pa = await p.call(
      'POST',
      '/api/people',
      { name: '冯某', idNumber: idNumberOf('120116', '19750505', 31), registration: 'resident' },
      a.token,
    );
    expect(pa.status, JSON.stringify(pa.body)).toBe(201);
    const made = (
      await p.call(
        'POST',
        '/api/special-populations',
        { personId: pa.body.id, group: 'correction', riskGrade: 3, responsibleUserId: aWorker.body.id },
        a.token,
      )
    ).body;
    expect(made.status).toBe('listed');
    await p.call('POST', `/api/special-populations/${made.id}/visits`, visitBody(), a.token);
    await p.call(
      'POST',
      `/api/special-populations/${made.id}/assistance`,
      { kind: 'employment', at: '2026-11-10', note: '推荐至物业公司就业' },
      a.token,
    );

    // only a sibling street of the same district
    const wrong = await p.call(
      'POST',
      `/api/special-populations/${made.id}/transfer`,
      { toTenantId: lone.tenant.id, reason: '迁居' },
      a.token,
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.details[0].path).toBe('toTenantId');
    const asked = await p.call(
      'POST',
      `/api/special-populations/${made.id}/transfer`,
      { toTenantId: b.tenant.id, reason: '本人迁居至新港街道' },
      a.token,
    );
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect(asked.body.transfer).toMatchObject({ toTenantId: b.tenant.id });
    // neither street completes it: the district does
    expect((await p.call('POST', `/api/special-populations/${made.id}/transfer/complete`, {}, a.token)).status).toBe(
      404,
    );
    expect((await p.call('POST', `/api/special-populations/${made.id}/transfer/complete`, {}, b.token)).status).toBe(
      404,
    );
    const done = await p.call('POST', `/api/special-populations/${made.id}/transfer/complete`, {}, district.token);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.from).toMatchObject({ id: made.id, status: 'transferred' });
    const toId = done.body.to.id as string;
    expect(toId.startsWith(`${b.tenant.id}-`)).toBe(true);

    // the receiving street has the profile with its whole history and a due visit of its own
    const there = await p.call('GET', `/api/special-populations/${toId}`, undefined, b.token);
    expect(there.status, JSON.stringify(there.body)).toBe(200);
    expect(there.body).toMatchObject({ status: 'listed', group: 'correction', riskGrade: 3, visits: 1 });
    expect(there.body.transferredFrom).toMatchObject({ tenantId: a.tenant.id, profileId: made.id });
    expect(there.body.history.map((e: { type: string }) => e.type)).toEqual([
      'listed',
      'visited',
      'assistance',
      'transferRequested',
      'transferredIn',
    ]);
    expect(there.body.openVisit).toMatchObject({ step: 'due' });
    expect(there.body.person).toMatchObject({ name: '冯某' });
    expect(there.body.alerts).toEqual([expect.objectContaining({ type: 'transferredIn' })]);
    // the sending street keeps its profile as transferred; its due visit is withdrawn
    const here = await p.call('GET', `/api/special-populations/${made.id}`, undefined, a.token);
    expect(here.body).toMatchObject({ status: 'transferred', transferredTo: { profileId: toId } });
    expect(here.body.openVisit).toBeUndefined();
    expect(here.body.history.at(-1)).toMatchObject({ type: 'transferredOut', toProfileId: toId });
    // both sides logged
    const logA = (await p.call('GET', `/api/access-log?subject=${made.id}`, undefined, a.token)).body.items;
    const logB = (await p.call('GET', `/api/access-log?subject=${toId}`, undefined, b.token)).body.items;
    expect(logA.some((e: { reason: string }) => e.reason.includes(toId))).toBe(true);
    expect(logB.some((e: { reason: string }) => e.reason.includes(made.id))).toBe(true);
    // the sibling never reads the sending street's profile
    expect((await p.call('GET', `/api/special-populations/${made.id}`, undefined, b.token)).status).toBe(404);
    const statsA = await p.call('GET', '/api/stats/special-populations', undefined, a.token);
    const statsB = await p.call('GET', '/api/stats/special-populations', undefined, b.token);
    expect(statsA.body.listed).toBe(0);
    expect(statsB.body.listed).toBe(1);
  });

  it('the grid density returns no count below the threshold', { timeout: 120_000 }, async () => {
    const s = await setUpStreet(p, 'sp-density');
    const worker = await userId(s.tokens.grid);
    const grid2 = '120116001001002';
    for (let i = 0; i < 5; i++) {
      await profile(s, {
        personId: await person(s, `甲${i}`),
        group: 'youth',
        riskGrade: 1,
        responsibleUserId: worker,
      });
    }
    for (let i = 0; i < 2; i++) {
      await profile(s, {
        personId: await person(s, `乙${i}`, grid2),
        group: 'youth',
        riskGrade: 1,
        responsibleUserId: worker,
      });
    }
    const density = await p.call('GET', '/api/stats/special-populations/density', undefined, s.tokens.leader);
    expect(density.status).toBe(200);
    expect(density.body.threshold).toBe(5);
    const byGrid = Object.fromEntries(
      density.body.grids.map((g: { gridCode: string; count: number | null; suppressed: boolean }) => [g.gridCode, g]),
    );
    expect(byGrid[s.gridCode]).toMatchObject({ count: 5, suppressed: false });
    expect(byGrid[grid2]).toMatchObject({ count: null, suppressed: true });
    // per group: the mental-disorder layer is empty, so every grid is suppressed
    const mental = await p.call(
      'GET',
      '/api/stats/special-populations/density?group=mental',
      undefined,
      s.tokens.leader,
    );
    expect(mental.body.grids.every((g: { count: number | null }) => g.count === null)).toBe(true);
    expect(JSON.stringify(density.body)).not.toMatch(/甲|乙/);
    expect(
      (await p.call('GET', '/api/stats/special-populations/density?group=x', undefined, s.tokens.leader)).status,
    ).toBe(400);
  });

  it('seeds Chinese demo profiles of every group, kept by the street’s grid worker', { timeout: 90_000 }, async () => {
    const s = await setUpStreet(p, 'sp-demo');
    for (let i = 0; i < 12; i++) await person(s, `居民${String(i).padStart(2, '0')}`);
    const made = await seedStreetSpecial(p.deps, {
      path: tenantPath(s.path),
      tenantId: s.tenantId,
      workerEmail: 'grid@sp-demo.test',
    });
    expect(made).toBe(6);
    const list = await p.call('GET', '/api/special-populations', undefined, s.tokens.dispatcher);
    expect(new Set(list.body.items.map((i: { group: string }) => i.group))).toEqual(
      new Set(['mental', 'correction', 'released', 'drug', 'youth']),
    );
    expect(list.body.items.map((i: { groupLabel: string }) => i.groupLabel)).toContain('刑满释放人员');
    const stats = await p.call('GET', '/api/stats/special-populations', undefined, s.tokens.leader);
    expect(stats.body).toMatchObject({ listed: 6, visited: 2, visitedOnTime: 2 });
    const load = await p.call('GET', '/api/special-caseload', undefined, s.tokens.grid);
    expect(load.body.items).toHaveLength(6);
  });

  // moves the shared clock forward: keep it last
  it('a missed visit escalates to the centre (clock offset), counts as 失控漏管 and a late visit is not 按期', {
    timeout: 120_000,
  }, async () => {
    const s = await setUpStreet(p, 'sp-missed');
    const worker = await userId(s.tokens.grid);
    const made = await profile(s, {
      personId: await person(s, '钱某'),
      group: 'mental',
      riskGrade: 4,
      responsibleUserId: worker,
    });
    await waitingAt(s, made.visitId);
    // eight days pass without a visit; the engine restarts and finds the clock passed
    offsetMs = 8 * DAY;
    await p.restartWorkflow();
    const late = await until(async () => {
      const v = (await p.call('GET', `/api/special-visits/${made.visitId}`, undefined, s.tokens.dispatcher)).body;
      return v.escalations >= 1 ? v : undefined;
    }, 'the visit escalated');
    expect(late).toMatchObject({ overdue: true, step: 'due' });
    expect(late.events.at(-1)).toMatchObject({ type: 'escalate', actor: 'system' });
    const outbox = await p.deps.store.doc.send(
      new QueryCommand({
        TableName: p.deps.store.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `${s.path}OUTBOX` },
      }),
    );
    const notices = (outbox.Items ?? []).filter((m) => String(m.kind) === 'specialvisit.overdue.supervisor');
    expect(notices.length).toBeGreaterThanOrEqual(1);
    expect(String(notices[0]?.text)).toContain('特殊人群走访');
    // the centre's overdue list, the worker's caseload, the profile's alert and 失控漏管数
    const overdue = await p.call('GET', '/api/special-visits?due=overdue', undefined, s.tokens.dispatcher);
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toContain(made.visitId);
    expect((await p.call('GET', '/api/special-caseload', undefined, s.tokens.grid)).body).toMatchObject({
      overdue: 1,
      due: 0,
    });
    const file = await p.call('GET', `/api/special-populations/${made.id}`, undefined, s.tokens.dispatcher);
    expect(file.body.alerts).toEqual([expect.objectContaining({ type: 'missedVisit' })]);
    const stats = await p.call('GET', '/api/stats/special-populations', undefined, s.tokens.leader);
    expect(stats.body).toMatchObject({ listed: 1, missed: 1, visited: 0, onTimeRate: 0 });
    expect(stats.body.rows.worker).toEqual([expect.objectContaining({ key: worker, missed: 1 })]);
    // the visit made late closes the task, not on time
    const made2 = await p.call('POST', `/api/special-populations/${made.id}/visits`, visitBody(), s.tokens.grid);
    expect(made2.body.visit).toMatchObject({ step: 'visited', finishedOnTime: false });
    const after = await p.call('GET', '/api/stats/special-populations', undefined, s.tokens.leader);
    expect(after.body).toMatchObject({ missed: 0, visited: 1, visitedOnTime: 0, onTimeRate: 0 });
  });
});
