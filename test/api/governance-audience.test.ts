import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

// Who sees which governance files: a grid worker the disputes of their own grids, a department the petitions
// assigned (交办) to it — any other is a 404, exactly like a file that does not exist.
const p = await createTestPlatform();
const s = await setUpStreet(p, 'audience-street');
const grid2 = '120116001001002';
const email = 'grid2-only@audience-street.test';
const made = await p.call(
  'POST',
  '/api/users',
  { name: '二网格员', email, password: 'role-password-1', roles: ['grid_worker'], gridCodes: [grid2] },
  s.tokens.admin,
);
if (made.status !== 201) throw new Error(JSON.stringify(made.body));
const grid2Worker = await p.login(email, 'role-password-1');

const parties = [
  { name: '张三', role: 'applicant' },
  { name: '李四', role: 'respondent' },
];

describe('a grid worker sees the disputes of their own grids only', () => {
  it('404 on a dispute of another grid (file, actions, documents), lists hold only their grids', {
    timeout: 60_000,
  }, async () => {
    const dispute = await p.call(
      'POST',
      '/api/disputes',
      { kind: 'neighbourhood', summary: '楼上漏水纠纷', source: 'visit', parties, gridCode: s.gridCode },
      s.tokens.dispatcher,
    );
    expect(dispute.status, JSON.stringify(dispute.body)).toBe(201);
    const id = dispute.body.id;
    const mine = await p.call(
      'POST',
      '/api/disputes',
      { kind: 'neighbourhood', summary: '停车位纠纷', source: 'patrol', parties, gridCode: grid2 },
      grid2Worker,
    );
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);

    // the worker of both grids reads it; the worker of grid 2 gets what a missing file gets
    expect((await p.call('GET', `/api/disputes/${id}`, undefined, s.tokens.grid)).status).toBe(200);
    const hidden = await p.call('GET', `/api/disputes/${id}`, undefined, grid2Worker);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('not_found');
    const session = { at: '2026-11-04T10:00:00+08:00', mediator: '二网格员', record: '调解' };
    expect((await p.call('POST', `/api/disputes/${id}/actions/mediate`, session, grid2Worker)).status).toBe(404);
    const upload = { fileName: 'a.pdf', contentType: 'application/pdf', size: 1000 };
    expect((await p.call('POST', `/api/disputes/${id}/evidence`, upload, grid2Worker)).status).toBe(404);
    const pdf = await p.app.request(`/api/disputes/${id}/agreement.pdf`, {
      headers: { authorization: `Bearer ${grid2Worker}` },
    });
    expect(pdf.status).toBe(404);

    // lists: their only grid by default; another grid is refused by name
    const list = await p.call('GET', '/api/disputes', undefined, grid2Worker);
    expect(list.status).toBe(200);
    expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([mine.body.id]);
    const worklist = await p.call('GET', '/api/disputes?due=open', undefined, grid2Worker);
    expect(worklist.body.items.map((d: { id: string }) => d.id)).toEqual([mine.body.id]);
    const other = await p.call('GET', `/api/disputes?gridCode=${s.gridCode}`, undefined, grid2Worker);
    expect(other.status).toBe(400);
    expect(other.body.error.details[0].path).toBe('gridCode');
    // a worker of two grids names the one they want
    const both = await p.call('GET', '/api/disputes', undefined, s.tokens.grid);
    expect(both.status).toBe(400);
    expect(both.body.error.details[0]).toMatchObject({ path: 'gridCode' });
    const first = await p.call('GET', `/api/disputes?gridCode=${s.gridCode}`, undefined, s.tokens.grid);
    expect(first.body.items.map((d: { id: string }) => d.id)).toEqual([id]);
    // the centre sees both
    const centre = await p.call('GET', '/api/disputes', undefined, s.tokens.dispatcher);
    expect(centre.body.items.map((d: { id: string }) => d.id).sort()).toEqual([id, mine.body.id].sort());

    // and opens files in their own grids only
    const outside = await p.call(
      'POST',
      '/api/disputes',
      { kind: 'neighbourhood', summary: '噪音', source: 'patrol', parties, gridCode: s.gridCode },
      grid2Worker,
    );
    expect(outside.status).toBe(400);
    expect(outside.body.error.details[0].path).toBe('gridCode');
    const after = await p.call('GET', '/api/disputes', undefined, s.tokens.dispatcher);
    expect(after.body.items).toHaveLength(2);
  });
});

describe('a department sees the petitions assigned to it only', () => {
  it('交办 names a department of the tenant; the other department gets 404 and an empty list', {
    timeout: 60_000,
  }, async () => {
    const created = await p.call(
      'POST',
      '/api/petitions',
      {
        channel: 'letter',
        subject: '反映道路破损',
        petitioners: [{ name: '陈某' }],
        receivedAt: '2026-11-02T09:30:00+08:00',
      },
      s.tokens.dispatcher,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    const act = (action: string, body: unknown, token = s.tokens.dispatcher) =>
      p.call('POST', `/api/petitions/${id}/actions/${action}`, body, token);
    expect((await act('accept', {})).status).toBe(200);
    // before the 交办 no department sees it
    expect((await p.call('GET', `/api/petitions/${id}`, undefined, s.tokens.department)).status).toBe(404);

    const unknown = await act('assign', { departmentId: 'no-such-department' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('departmentId');
    expect((await p.call('GET', `/api/petitions/${id}`, undefined, s.tokens.dispatcher)).body.step).toBe('accepted');

    // the name is the department's own, whatever the caller typed
    const assigned = await act('assign', { departmentId: s.dept.id, departmentName: '随便写的' });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assignedTo).toEqual({ departmentId: s.dept.id, departmentName: '城市管理局' });

    expect((await p.call('GET', `/api/petitions/${id}`, undefined, s.tokens.department)).status).toBe(200);
    const theirs = await p.call('GET', '/api/petitions', undefined, s.tokens.department);
    expect(theirs.body.items.map((x: { id: string }) => x.id)).toEqual([id]);
    expect((await p.call('GET', `/api/petitions/${id}`, undefined, s.tokens.otherDepartment)).status).toBe(404);
    expect((await p.call('GET', '/api/petitions', undefined, s.tokens.otherDepartment)).body.items).toEqual([]);
    const foreignReply = await act('reply', { text: '不是我们的' }, s.tokens.otherDepartment);
    expect(foreignReply.status).toBe(404);
    const reply = await act('reply', { text: '道路已于11月10日修复。' }, s.tokens.department);
    expect(reply.body.step).toBe('replied');
  });
});

describe('short human numbers', () => {
  it('every file gets a number per tenant, kind and year, printed on its document', { timeout: 60_000 }, async () => {
    const t = await setUpStreet(p, 'number-street');
    const open = (summary: string) =>
      p.call(
        'POST',
        '/api/disputes',
        { kind: 'neighbourhood', summary, source: 'visit', parties, gridCode: t.gridCode },
        t.tokens.dispatcher,
      );
    const first = (await open('噪音纠纷')).body;
    const second = (await open('漏水纠纷')).body;
    const year = new Date(p.deps.clock().getTime() + 8 * 3_600_000).getUTCFullYear();
    expect(first.number).toBe(`NS-JF-${year}-000001`);
    expect(second.number).toBe(`NS-JF-${year}-000002`);
    const petition = await p.call(
      'POST',
      '/api/petitions',
      { channel: 'phone', subject: '供暖不热', petitioners: [{ name: '吴某' }] },
      t.tokens.dispatcher,
    );
    expect(petition.body.number).toBe(`NS-XF-${year}-000001`);
    const file = await p.call('GET', `/api/disputes/${second.id}`, undefined, t.tokens.dispatcher);
    expect(file.body.number).toBe(second.number);
    // another tenant's sequence is its own
    const other = (
      await p.call(
        'POST',
        '/api/disputes',
        { kind: 'other', summary: '停车', source: 'visit', parties, gridCode: s.gridCode },
        s.tokens.dispatcher,
      )
    ).body;
    expect(other.number).toMatch(new RegExp(`^AS-JF-${year}-\\d{6}$`));
  });
});

describe('a failed mediation transferred to 信访', () => {
  it('opens the petition file at once, with the applicants, the guidance and the dispute trail', {
    timeout: 60_000,
  }, async () => {
    const d = (
      await p.call(
        'POST',
        '/api/disputes',
        {
          kind: 'labour',
          summary: '讨要拖欠工资',
          source: 'visit',
          parties: [
            { name: '赵工', role: 'applicant', phone: '13800001111' },
            { name: '某装修公司', role: 'respondent' },
          ],
          gridCode: s.gridCode,
        },
        s.tokens.dispatcher,
      )
    ).body;
    const act = (action: string, body: unknown) =>
      p.call('POST', `/api/disputes/${d.id}/actions/${action}`, body, s.tokens.dispatcher);
    await act('accept', {});
    const session = {
      at: '2026-11-04T10:00:00+08:00',
      mediator: '王调解',
      committee: '人民调解委员会',
      record: '分歧大',
    };
    const mediated = await act('mediate', session);
    expect(mediated.status, JSON.stringify(mediated.body)).toBe(200);
    expect((await act('fail', { reason: '对工资数额分歧较大' })).body.step).toBe('failed');
    const out = await act('transfer', { to: 'petition', guidance: '引导向区信访接待中心反映' });
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    expect(out.body.step).toBe('transferred');
    const petitionId = out.body.petitionId;
    expect(petitionId).toBeTypeOf('string');

    const petition = (await p.call('GET', `/api/petitions/${petitionId}`, undefined, s.tokens.dispatcher)).body;
    expect(petition).toMatchObject({
      step: 'received',
      channel: 'visit',
      fromDisputeId: d.id,
      petitioners: [{ name: '赵工', phone: '13800001111' }],
      gridCode: s.gridCode,
    });
    expect(petition.subject).toContain('引导向区信访接待中心反映');
    expect(
      petition.events.map((e: { type: string }) => e.type),
      JSON.stringify(petition.events),
    ).toEqual(['dispute.create', 'dispute.accept', 'dispute.mediate', 'dispute.fail', 'dispute.transfer', 'create']);
    const file = (await p.call('GET', `/api/disputes/${d.id}`, undefined, s.tokens.dispatcher)).body;
    expect(file.events.at(-1)).toMatchObject({ type: 'petitionOpened', detail: { petitionId } });

    // a petition may name only a dispute that was transferred to 信访
    const litigation = (
      await p.call(
        'POST',
        '/api/disputes',
        { kind: 'other', summary: '其他', source: 'visit', parties, gridCode: s.gridCode },
        s.tokens.dispatcher,
      )
    ).body;
    const forged = await p.call(
      'POST',
      '/api/petitions',
      { channel: 'visit', subject: '伪造', petitioners: [{ name: '某' }], fromDisputeId: litigation.id },
      s.tokens.dispatcher,
    );
    expect(forged.status).toBe(422);
    expect(forged.body.error.details[0].path).toBe('fromDisputeId');
  });
});

describe('an incident converted into a dispute file leaves the loop', () => {
  it('the case ends as transferred (转办) naming the file; a dispatched case cannot be converted', {
    timeout: 60_000,
  }, async () => {
    const t = await setUpStreet(p, 'convert-street');
    const cat = await p.call(
      'POST',
      '/api/categories',
      {
        code: 'neighbour-dispute',
        name: '邻里纠纷',
        departmentId: t.dept.id,
        timeLimit: { value: 5, unit: 'workingDays' },
      },
      t.tokens.admin,
    );
    expect(cat.status).toBe(201);
    const report = async () => {
      const c = (await p.call('POST', '/api/cases', { description: '邻居占用楼道堆放杂物' }, t.tokens.grid)).body;
      const filed = await p.call(
        'POST',
        `/api/cases/${c.id}/actions/register`,
        { categoryCode: 'neighbour-dispute' },
        t.tokens.dispatcher,
      );
      expect(filed.status).toBe(200);
      return c.id as string;
    };
    const caseId = await report();
    // a made-up file is refused by name
    const bogus = await p.call(
      'POST',
      `/api/cases/${caseId}/actions/transfer`,
      { disputeId: `${t.tenantId}-nothing` },
      t.tokens.dispatcher,
    );
    expect(bogus.status).toBe(400);
    expect(bogus.body.error.details[0].path).toBe('disputeId');

    const dispute = await p.call(
      'POST',
      '/api/disputes',
      {
        kind: 'neighbourhood',
        summary: '楼道堆物纠纷',
        source: 'incident',
        parties,
        fromCaseId: caseId,
        gridCode: t.gridCode,
      },
      t.tokens.dispatcher,
    );
    expect(dispute.status, JSON.stringify(dispute.body)).toBe(201);
    const incident = (await p.call('GET', `/api/cases/${caseId}`, undefined, t.tokens.dispatcher)).body;
    expect(incident.step).toBe('transferred');
    const last = incident.events.at(-1);
    expect(last).toMatchObject({ type: 'transferred', from: 'registered', to: 'transferred' });
    expect(last.note).toContain(dispute.body.number);
    // nothing more happens to it in the loop
    const dispatch = await p.call(
      'POST',
      `/api/cases/${caseId}/actions/dispatch`,
      { departmentId: t.dept.id },
      t.tokens.dispatcher,
    );
    expect(dispatch.status).toBe(409);

    // a case already dispatched stays in the loop: no file is opened from it
    const second = await report();
    await p.call('POST', `/api/cases/${second}/actions/dispatch`, { departmentId: t.dept.id }, t.tokens.dispatcher);
    const late = await p.call(
      'POST',
      '/api/disputes',
      { kind: 'neighbourhood', summary: '晚了', source: 'incident', parties, fromCaseId: second, gridCode: t.gridCode },
      t.tokens.dispatcher,
    );
    expect(late.status).toBe(409);
    const list = await p.call('GET', '/api/disputes', undefined, t.tokens.dispatcher);
    expect(list.body.items).toHaveLength(1);
  });
});

describe('a grid worker sees the tasks given to them only', () => {
  it('another worker gets 404 on the task and an empty list; the centre sees all', { timeout: 60_000 }, async () => {
    const me = (await p.call('GET', '/api/me', undefined, s.tokens.grid)).body.user.id as string;
    const dueAt = new Date(p.deps.clock().getTime() + 86_400_000).toISOString();
    const task = await p.call(
      'POST',
      '/api/tasks',
      { title: '走访独居老人', assigneeId: me, dueAt, gridCode: s.gridCode },
      s.tokens.dispatcher,
    );
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    const id = task.body.id;
    expect((await p.call('GET', `/api/tasks/${id}`, undefined, s.tokens.grid)).status).toBe(200);
    const mine = await p.call('GET', '/api/tasks', undefined, s.tokens.grid);
    expect(mine.body.items.map((t: { id: string }) => t.id)).toContain(id);

    expect((await p.call('GET', `/api/tasks/${id}`, undefined, grid2Worker)).status).toBe(404);
    expect((await p.call('POST', `/api/tasks/${id}/actions/done`, {}, grid2Worker)).status).toBe(404);
    const theirs = await p.call('GET', '/api/tasks', undefined, grid2Worker);
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.map((t: { id: string }) => t.id)).not.toContain(id);
    const centre = await p.call('GET', '/api/tasks', undefined, s.tokens.dispatcher);
    expect(centre.body.items.map((t: { id: string }) => t.id)).toContain(id);
  });
});
