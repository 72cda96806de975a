import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

const p = await createTestPlatform();
const s = await setUpStreet(p, 'dsp-street');

const parties = [
  { name: '张三', role: 'applicant', phone: '13900001111' },
  { name: '李四', role: 'respondent' },
];

async function newDispute(summary: string, token = s.tokens.grid) {
  const res = await p.call(
    'POST',
    '/api/disputes',
    { kind: 'neighbourhood', summary, source: 'patrol', parties, gridCode: s.gridCode, amount: 2000, risk: 'medium' },
    token,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const session = (n: number, mediator = '王调解') => ({
  at: `2026-11-0${n}T10:00:00+08:00`,
  mediator,
  committee: '泰达街人民调解委员会',
  committeeType: 'people',
  attendees: ['张三', '李四'],
  record: `第${n}次调解：双方陈述噪音问题`,
});

describe('disputes on the process engine', () => {
  it('walks accept → two sessions → agree → followUp, with a trail, deadlines and the agreement PDF', {
    timeout: 60_000,
  }, async () => {
    const d = await newDispute('楼上装修噪音扰民');
    expect(d).toMatchObject({ step: 'received', stepLabel: '待受理', kind: 'neighbourhood', parties, escalations: 0 });
    expect(Date.parse(d.deadline)).toBeGreaterThan(Date.now());

    const act = (action: string, body: unknown, token = s.tokens.dispatcher) =>
      p.call('POST', `/api/disputes/${d.id}/actions/${action}`, body, token);
    // a grid worker may mediate but not accept (the centre does)
    expect((await act('accept', {}, s.tokens.grid)).status).toBe(403);
    // agree before accept: wrong step
    expect((await act('agree', { terms: 'x', confirmedBy: ['张三'] })).status).toBe(409);
    const accepted = await act('accept', { note: '受理，转调查' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ step: 'accepted', clockLabel: '调解时限' });

    expect((await act('mediate', session(1), s.tokens.grid)).body.step).toBe('mediating');
    const second = await act('mediate', session(2), s.tokens.grid);
    expect(second.body.sessions).toHaveLength(2);
    // a party that is not one → 422 naming the field
    const stranger = await act('agree', { terms: '赔偿', confirmedBy: ['王五'] }, s.tokens.grid);
    expect(stranger.status).toBe(422);
    expect(stranger.body.error.details[0].path).toBe('confirmedBy');
    // a bad body → 400 naming the field
    const bad = await act('mediate', { ...session(3), at: 'yesterday' }, s.tokens.grid);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('at');

    const agreed = await act(
      'agree',
      { terms: '李四于装修期间每日12时至14时停止施工，并赔偿张三500元。', confirmedBy: ['张三', '李四'] },
      s.tokens.grid,
    );
    expect(agreed.body).toMatchObject({ step: 'agreed', clockLabel: '回访时限' });
    // the follow-up is due 30 natural days after the agreement (end of the 30th day, China time)
    expect(Date.parse(agreed.body.deadline) - Date.now()).toBeGreaterThan(30 * 86_400_000 - 86_400_000);

    const done = await act(
      'followUp',
      { channel: 'phone', performed: true, satisfaction: 'satisfied', note: '已履行' },
      s.tokens.grid,
    );
    expect(done.body).toMatchObject({ step: 'closed', finishedOnTime: true });
    expect(done.body.deadline).toBeUndefined();

    const file = await p.call('GET', `/api/disputes/${d.id}`, undefined, s.tokens.leader);
    expect(file.status).toBe(200);
    expect(file.body.events.map((e: { type: string }) => e.type)).toEqual([
      'create',
      'accept',
      'mediate',
      'mediate',
      'agree',
      'followUp',
    ]);
    expect(file.body.events[2]).toMatchObject({ from: 'accepted', to: 'mediating', detail: { mediator: '王调解' } });

    const pdf = await p.app.request(`/api/disputes/${d.id}/agreement.pdf`, {
      headers: { authorization: `Bearer ${s.tokens.leader}` },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    const text = await pdfText(bytes);
    expect(text).toContain('人民调解协议书');
    expect(text).toContain('张三');
    expect(text).toContain('赔偿张三500元');
  });

  it('counts the success rate 1 of 2 when a second dispute fails, by committee and mediator', {
    timeout: 60_000,
  }, async () => {
    const d = await newDispute('宅基地界址争议');
    const act = (action: string, body: unknown, token = s.tokens.dispatcher) =>
      p.call('POST', `/api/disputes/${d.id}/actions/${action}`, body, token);
    await act('accept', {});
    await act('mediate', session(1, '赵调解'), s.tokens.grid);
    expect((await act('fail', { reason: '双方分歧较大' }, s.tokens.grid)).body.step).toBe('failed');
    const out = await act('transfer', { to: 'litigation', guidance: '告知当事人可向人民法院起诉' });
    expect(out.body).toMatchObject({ step: 'transferred', transfer: { to: 'litigation' } });

    const stats = await p.call('GET', '/api/stats/disputes', undefined, s.tokens.leader);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ found: 2, mediated: 2, agreed: 1, failed: 1, successRate: 0.5, followedUp: 1 });
    expect(stats.body.followUpRate).toBe(1);
    const byMediator = Object.fromEntries(
      stats.body.rows.mediator.map((r: { key: string; successRate: number | null }) => [r.key, r.successRate]),
    );
    expect(byMediator).toEqual({ 王调解: 1, 赵调解: 0 });
    expect(stats.body.rows.committee).toEqual([
      expect.objectContaining({ key: '泰达街人民调解委员会', mediated: 2, agreed: 1, successRate: 0.5 }),
    ]);
    expect(stats.body.rows.kind).toEqual([expect.objectContaining({ key: 'neighbourhood', found: 2 })]);
  });

  it('converts an incident of a dispute category into a dispute file that keeps its trail', {
    timeout: 60_000,
  }, async () => {
    const cat = await p.call(
      'POST',
      '/api/categories',
      {
        code: 'neighbour-dispute',
        name: '邻里纠纷',
        departmentId: s.dept.id,
        timeLimit: { value: 5, unit: 'workingDays' },
      },
      s.tokens.admin,
    );
    expect(cat.status).toBe(201);
    const incident = (await p.call('POST', '/api/cases', { description: '邻居占用楼道' }, s.tokens.grid)).body;
    const registered = await p.call(
      'POST',
      `/api/cases/${incident.id}/actions/register`,
      { categoryCode: 'neighbour-dispute' },
      s.tokens.dispatcher,
    );
    expect(registered.status).toBe(200);

    const garbage = (await p.call('POST', '/api/cases', { description: '垃圾' }, s.tokens.grid)).body;
    await p.call('POST', `/api/cases/${garbage.id}/actions/register`, { categoryCode: 'garbage' }, s.tokens.dispatcher);
    const refused = await p.call(
      'POST',
      '/api/disputes',
      { kind: 'neighbourhood', summary: 'x', source: 'incident', parties, fromCaseId: garbage.id },
      s.tokens.dispatcher,
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.details[0].path).toBe('fromCaseId');

    const converted = await p.call(
      'POST',
      '/api/disputes',
      { kind: 'neighbourhood', summary: '邻居占用楼道', source: 'incident', parties, fromCaseId: incident.id },
      s.tokens.dispatcher,
    );
    expect(converted.status).toBe(201);
    expect(converted.body.fromCaseId).toBe(incident.id);
    const file = (await p.call('GET', `/api/disputes/${converted.body.id}`, undefined, s.tokens.dispatcher)).body;
    const types = file.events.map((e: { type: string }) => e.type);
    expect(types.slice(0, 2)).toEqual(['incident.reported', 'incident.registered']);
    expect(types.at(-1)).toBe('create');
    expect(file.events[1]).toMatchObject({ from: 'incident:reported', to: 'incident:registered' });
  });

  it('lists the worklist by deadline and by kind; another tenant gets 404', { timeout: 60_000 }, async () => {
    const d = await newDispute('物业费纠纷');
    const open = await p.call('GET', '/api/disputes?due=open', undefined, s.tokens.dispatcher);
    expect(open.status).toBe(200);
    const deadlines = open.body.items.map((i: { deadline?: string }) => i.deadline ?? '~');
    expect([...deadlines].sort()).toEqual(deadlines);
    expect(open.body.items.map((i: { id: string }) => i.id)).toContain(d.id);
    const byKind = await p.call('GET', '/api/disputes?kind=neighbourhood&limit=2', undefined, s.tokens.dispatcher);
    expect(byKind.body.items).toHaveLength(2);
    expect(byKind.body.cursor).toBeTypeOf('string');
    expect((await p.call('GET', '/api/disputes?due=late', undefined, s.tokens.dispatcher)).status).toBe(400);

    const other = await p.signup('dsp-other', 'street');
    expect((await p.call('GET', `/api/disputes/${d.id}`, undefined, other.token)).status).toBe(404);
    expect((await p.call('POST', `/api/disputes/${d.id}/actions/accept`, {}, other.token)).status).toBe(404);
  });
});

describe('mediation committees as configuration', () => {
  it('once configured, a session names a configured committee and one of its mediators', {
    timeout: 60_000,
  }, async () => {
    const t = await setUpStreet(p, 'dsp-committees');
    const committees = [
      { name: '社区人民调解委员会', type: 'people', mediators: ['钱调解'] },
      { name: '区法院驻街调解室', type: 'judicial', mediators: [] },
    ];
    expect((await p.call('PUT', '/api/dispute-committees', { committees }, t.tokens.dispatcher)).status).toBe(403);
    expect((await p.call('PUT', '/api/dispute-committees', { committees }, t.tokens.admin)).status).toBe(200);
    expect((await p.call('GET', '/api/dispute-committees', undefined, t.tokens.grid)).body.committees).toEqual(
      committees,
    );
    const bad = await p.call(
      'PUT',
      '/api/dispute-committees',
      { committees: [{ name: 'x', type: 'club', mediators: [] }] },
      t.tokens.admin,
    );
    expect(bad.status).toBe(400);

    const d = (
      await p.call(
        'POST',
        '/api/disputes',
        { kind: 'other', summary: '停车纠纷', source: 'patrol', parties, gridCode: t.gridCode },
        t.tokens.grid,
      )
    ).body;
    await p.call('POST', `/api/disputes/${d.id}/actions/accept`, {}, t.tokens.dispatcher);
    const mediate = (body: object) =>
      p.call('POST', `/api/disputes/${d.id}/actions/mediate`, { ...session(1), ...body }, t.tokens.grid);
    const unknown = await mediate({ committee: '别处调委会' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details[0].path).toBe('committee');
    const stranger = await mediate({ committee: '社区人民调解委员会', mediator: '孙某' });
    expect(stranger.body.error.details[0].path).toBe('mediator');
    expect((await mediate({ committee: '社区人民调解委员会', mediator: '钱调解' })).status).toBe(200);
    expect((await mediate({ committee: '区法院驻街调解室', mediator: '任一法官' })).status).toBe(200);
  });
});

/** Every text run of a PDF as pdf.js extracts it. */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  let out = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    out += content.items.map((item) => ('str' in item ? item.str : '')).join('');
  }
  return out;
}
