import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { queueCountKey, recomputeQueueCounts } from '@civicgrid/db';
import type { TenantPath } from '@civicgrid/domain';
import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

const p = await createTestPlatform();

type Street = Awaited<ReturnType<typeof setUpStreet>>;

/** A staff-reported case, filed under the street's category (it waits in 待派遣). */
async function registeredCase(s: Street, description: string): Promise<string> {
  const made = await p.call('POST', '/api/cases', { description, gridCode: s.gridCode }, s.tokens.dispatcher);
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const reg = await p.call(
    'POST',
    `/api/cases/${made.body.id}/actions/register`,
    { categoryCode: 'garbage' },
    s.tokens.dispatcher,
  );
  expect(reg.status, JSON.stringify(reg.body)).toBe(200);
  return made.body.id;
}

const counts = async (token: string) => (await p.call('GET', '/api/worklists/counts', undefined, token)).body;

/** The 案件ID column of an .xlsx answer. */
async function sheetIds(res: Response): Promise<string[]> {
  const { default: Excel } = await import('exceljs');
  const book = new Excel.Workbook();
  await book.xlsx.load((await res.arrayBuffer()) as never);
  const sheet = book.worksheets[0];
  const col = ((sheet?.getRow(1).values ?? []) as unknown[]).indexOf('案件ID');
  const ids: string[] = [];
  sheet?.eachRow((row, n) => {
    if (n > 1) ids.push(String((row.values as unknown[])[col]));
  });
  return ids;
}

describe('worklist counts', () => {
  it('follow every transition from the maintained counters: by step for the centre, by department for a department', async () => {
    const s = await setUpStreet(p, 'wl-counts');
    expect(await counts(s.tokens.dispatcher)).toMatchObject({ reported: 0, registered: 0, dispatched: 0 });
    const a = await registeredCase(s, '路灯不亮');
    await registeredCase(s, '井盖缺失');
    await p.call('POST', '/api/cases', { description: '占道经营' }, s.tokens.dispatcher);
    expect(await counts(s.tokens.dispatcher)).toMatchObject({ reported: 1, registered: 2, dispatched: 0 });
    await p.call('POST', `/api/cases/${a}/actions/dispatch`, { departmentId: s.dept.id }, s.tokens.dispatcher);
    expect(await counts(s.tokens.dispatcher)).toMatchObject({ registered: 1, dispatched: 1 });
    // the department sees its own department's numbers; another department none
    expect(await counts(s.tokens.department)).toMatchObject({ dispatched: 1, registered: 0 });
    expect(await counts(s.tokens.otherDepartment)).toMatchObject({ dispatched: 0 });
    const sup = await p.call(
      'POST',
      `/api/cases/${a}/actions/supervise`,
      { instruction: '三日内办结' },
      s.tokens.leader,
    );
    expect(sup.status, JSON.stringify(sup.body)).toBe(200);
    expect(await counts(s.tokens.department)).toMatchObject({ dispatched: 1, supervised: 1 });
    await p.call('POST', `/api/cases/${a}/actions/handle`, { note: '已修复' }, s.tokens.department);
    expect(await counts(s.tokens.department)).toMatchObject({ dispatched: 0, handled: 1, supervised: 1 });
    await p.call('POST', `/api/cases/${a}/actions/verify`, { note: '已核实' }, s.tokens.grid);
    await p.call('POST', `/api/cases/${a}/actions/close`, { note: '结案' }, s.tokens.dispatcher);
    // closed: it left every worklist and every flag count
    const final = await counts(s.tokens.dispatcher);
    expect(final).toMatchObject({ reported: 1, registered: 1, dispatched: 0, handled: 0, verified: 0, supervised: 0 });
    // the deploy-time recompute (counters lost or wrong) sets the same numbers from the open cases, twice alike
    await p.deps.store.doc.send(
      new PutCommand({ TableName: p.deps.store.tableName, Item: { ...queueCountKey(s.path, 'ALL'), registered: 7 } }),
    );
    for (const run of [1, 2]) {
      const report = await recomputeQueueCounts(p.deps.store, [s.path as TenantPath]);
      expect([run, report.cases]).toEqual([run, 2]);
      expect(await counts(s.tokens.dispatcher)).toEqual(final);
    }
  }, 60_000);
});

describe('the duplicate flag', () => {
  it('marks a citizen report near an open case of the same category; the list carries it', async () => {
    const s = await setUpStreet(p, 'wl-dupe');
    const report = (description: string) =>
      p.call('POST', '/public/wl-dupe/reports', {
        categoryCode: 'garbage',
        description,
        location: { lat: 39.0301, lng: 117.7201 },
      });
    const first = await report('路口垃圾成堆');
    const second = await report('路口垃圾没人清');
    expect(second.body.duplicates).toHaveLength(1);
    const listed = (await p.call('GET', '/api/cases?step=reported', undefined, s.tokens.dispatcher)).body.items;
    const flag = (code: string) =>
      listed.find((c: { trackingCode: string }) => c.trackingCode === code)?.possibleDuplicate;
    expect([flag(first.body.trackingCode), flag(second.body.trackingCode)]).toEqual([false, true]);
  }, 60_000);
});

describe('the bell', () => {
  it('tells a department of a dispatch, newest first with the unread count; read marks are the user’s own', async () => {
    const s = await setUpStreet(p, 'wl-bell');
    const [a, b] = [await registeredCase(s, '垃圾满溢'), await registeredCase(s, '路面破损')];
    const empty = await p.call('GET', '/api/notifications', undefined, s.tokens.department);
    expect(empty.body).toMatchObject({ items: [], unread: 0 });
    for (const id of [a, b])
      await p.call('POST', `/api/cases/${id}/actions/dispatch`, { departmentId: s.dept.id }, s.tokens.dispatcher);
    const page = await p.call('GET', '/api/notifications', undefined, s.tokens.department);
    expect(page.status).toBe(200);
    expect(page.body.unread).toBe(2);
    expect(page.body.items.map((n: { caseId: string; kind: string }) => [n.caseId, n.kind])).toEqual([
      [b, 'dispatched'],
      [a, 'dispatched'],
    ]);
    expect(page.body.items[0].number).toMatch(/-\d{4}-\d{6}$/);
    // the dispatcher who acted and another department get nothing
    expect((await p.call('GET', '/api/notifications', undefined, s.tokens.otherDepartment)).body.unread).toBe(0);
    expect((await p.call('GET', '/api/notifications', undefined, s.tokens.dispatcher)).body.unread).toBe(0);
    // a page of one, then the next by cursor
    const one = await p.call('GET', '/api/notifications?limit=1', undefined, s.tokens.department);
    expect(one.body.items).toHaveLength(1);
    const next = await p.call(
      'GET',
      `/api/notifications?limit=1&cursor=${encodeURIComponent(one.body.cursor)}`,
      undefined,
      s.tokens.department,
    );
    expect(next.body.items[0].caseId).toBe(a);

    const id = page.body.items[0].id;
    // someone else's notification is a 404 for them, and changes nothing
    expect((await p.call('POST', `/api/notifications/${id}/read`, {}, s.tokens.otherDepartment)).status).toBe(404);
    expect((await p.call('POST', `/api/notifications/${id}/read`, {}, s.tokens.department)).status).toBe(200);
    expect((await p.call('POST', `/api/notifications/${id}/read`, {}, s.tokens.department)).status).toBe(200);
    const after = await p.call('GET', '/api/notifications', undefined, s.tokens.department);
    expect(after.body.unread).toBe(1);
    expect(after.body.items.map((n: { read: boolean }) => n.read)).toEqual([true, false]);
    expect((await p.call('POST', '/api/notifications/nope!/read', {}, s.tokens.department)).status).toBe(404);

    // a return tells the centre's dispatchers; read-all clears the count in one write
    const ret = await p.call('POST', `/api/cases/${a}/actions/return`, { reason: '不属本部门' }, s.tokens.department);
    expect(ret.status, JSON.stringify(ret.body)).toBe(200);
    const centre = await p.call('GET', '/api/notifications', undefined, s.tokens.dispatcher);
    expect(centre.body.unread).toBe(1);
    expect(centre.body.items[0]).toMatchObject({ caseId: a, kind: 'returned', read: false });
    expect((await p.call('POST', '/api/notifications/read-all', {}, s.tokens.dispatcher)).status).toBe(200);
    const cleared = await p.call('GET', '/api/notifications', undefined, s.tokens.dispatcher);
    expect(cleared.body.unread).toBe(0);
    expect(cleared.body.items[0].read).toBe(true);
    // marking one already counted by read-all does not go below zero
    await p.call('POST', `/api/notifications/${cleared.body.items[0].id}/read`, {}, s.tokens.dispatcher);
    expect((await p.call('GET', '/api/notifications', undefined, s.tokens.dispatcher)).body.unread).toBe(0);
  }, 60_000);
});

describe('bulk actions', () => {
  it('dispatch each case through its own action and report every outcome', async () => {
    const s = await setUpStreet(p, 'wl-bulk');
    const [a, b] = [await registeredCase(s, '绿化带垃圾'), await registeredCase(s, '广告乱贴')];
    const reported = (await p.call('POST', '/api/cases', { description: '噪音扰民' }, s.tokens.dispatcher)).body.id;
    const res = await p.call(
      'POST',
      '/api/cases-bulk/dispatch',
      { departmentId: s.dept.id, items: [{ id: a }, { id: b }, { id: reported }, { id: 'nobody-here' }] },
      s.tokens.dispatcher,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ done: 2, failed: 2 });
    expect(res.body.results.map((r: { id: string; status: number }) => [r.id, r.status])).toEqual([
      [a, 200],
      [b, 200],
      [reported, 409], // not filed yet: the state machine refuses, the others go on
      ['nobody-here', 404],
    ]);
    expect(res.body.results[2].error.code).toBe('invalid_step');
    expect((await p.call('GET', `/api/cases/${a}`, undefined, s.tokens.dispatcher)).body.step).toBe('dispatched');
    // a department may not close: each item says 403
    const close = await p.call('POST', '/api/cases-bulk/close', { items: [{ id: a }] }, s.tokens.department);
    expect(close.body.results[0].status).toBe(403);
    // a stale version is that item's 409
    const stale = await p.call(
      'POST',
      '/api/cases-bulk/close',
      { items: [{ id: a, version: 1 }] },
      s.tokens.dispatcher,
    );
    expect(stale.body.results[0]).toMatchObject({ status: 409, ok: false });
    // bad input names the field; an unknown bulk action is a 404
    const bad = await p.call('POST', '/api/cases-bulk/dispatch', { items: [] }, s.tokens.dispatcher);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('items');
    expect((await p.call('POST', '/api/cases-bulk/reject', { items: [{ id: a }] }, s.tokens.dispatcher)).status).toBe(
      404,
    );
  }, 60_000);
});

describe('export and print', () => {
  it('exports exactly the filtered list; refuses a combination no index serves; prints 交办单 and 结案单', async () => {
    const s = await setUpStreet(p, 'wl-export');
    const other = await p.call('POST', '/api/departments', { name: '环保所' }, s.tokens.admin);
    const [a, b, c] = [
      await registeredCase(s, '河道漂浮物'),
      await registeredCase(s, '违章停车'),
      await registeredCase(s, '油烟扰民'),
    ];
    for (const [id, dept] of [
      [a, s.dept.id],
      [b, s.dept.id],
      [c, other.body.id],
    ])
      await p.call('POST', `/api/cases/${id}/actions/dispatch`, { departmentId: dept }, s.tokens.dispatcher);
    // a citizen's report of the same category after them: not dispatched, so in neither list
    const citizen = await p.call('POST', '/public/wl-export/reports', {
      categoryCode: 'garbage',
      description: '垃圾桶满了',
    });
    expect(citizen.status, JSON.stringify(citizen.body)).toBe(201);
    const listed = await p.call(
      'GET',
      `/api/cases?scope=subtree&departmentId=${s.dept.id}`,
      undefined,
      s.tokens.dispatcher,
    );
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([b, a]);
    const file = await p.app.request(`/api/cases-export?scope=subtree&departmentId=${s.dept.id}`, {
      headers: { authorization: `Bearer ${s.tokens.dispatcher}` },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    expect(await sheetIds(file)).toEqual([b, a]);

    const refused = await p.call(
      'GET',
      `/api/cases-export?scope=subtree&departmentId=${s.dept.id}&supervised=true`,
      undefined,
      s.tokens.dispatcher,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('unsupported_filter_combination');
    expect(refused.body.error.message).toContain('departmentId + supervised');

    const slip = await p.app.request(`/api/cases/${a}/documents/dispatch`, {
      headers: { authorization: `Bearer ${s.tokens.dispatcher}` },
    });
    expect(slip.status).toBe(200);
    expect(slip.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await slip.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const early = await p.call('GET', `/api/cases/${a}/documents/close`, undefined, s.tokens.dispatcher);
    expect([early.status, early.body.error.code]).toEqual([409, 'invalid_step']);
    expect((await p.call('GET', `/api/cases/${a}/documents/other`, undefined, s.tokens.dispatcher)).status).toBe(404);
  }, 60_000);
});
