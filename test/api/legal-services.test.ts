import { seedStreetStability } from '@civicgrid/api';
import { tenantPath } from '@civicgrid/domain';
import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

// The platform's "now" is Tuesday 2026-11-03 10:00 China time (and runs on from there).
const offsetMs = Date.parse('2026-11-03T02:00:00Z') - Date.now();
const p = await createTestPlatform({ clock: () => new Date(Date.now() + offsetMs) });
const s = await setUpStreet(p, 'legal-street');
const caller = { name: '刘某', phone: '13800005555' };

describe('legal services: the 12348 hotline and legal aid', () => {
  it('a call referred to mediation creates the dispute file linked to the call (and the file names the call)', {
    timeout: 60_000,
  }, async () => {
    const call = await p.call(
      'POST',
      '/api/legal-calls',
      {
        caller,
        questionType: 'neighbourhood',
        question: '邻居在公共楼道堆放杂物，多次协商无果，怎么办？',
        answer: '可申请人民调解，由社区调委会组织双方调解。',
        referral: { to: 'mediation', respondent: '王某', note: '来电人同意调解' },
        gridCode: s.gridCode,
      },
      s.tokens.dispatcher,
    );
    expect(call.status, JSON.stringify(call.body)).toBe(201);
    expect(call.body).toMatchObject({ step: 'referred', stepLabel: '已转介', referral: { to: 'mediation' } });
    const disputeId = call.body.referral.recordId;
    expect(call.body.referral.recordKind).toBe('dispute');
    expect(disputeId).toMatch(new RegExp(`^${s.tenantId}-`));

    const dispute = (await p.call('GET', `/api/disputes/${disputeId}`, undefined, s.tokens.dispatcher)).body;
    expect(dispute).toMatchObject({
      step: 'received',
      source: 'hotline',
      callId: call.body.id,
      gridCode: s.gridCode,
      parties: [
        { name: '刘某', role: 'applicant', phone: '13800005555' },
        { name: '王某', role: 'respondent' },
      ],
    });
    expect(dispute.events[0]).toMatchObject({ type: 'legal-call.referral', detail: { callId: call.body.id } });
    const trail = (await p.call('GET', `/api/legal-calls/${call.body.id}`, undefined, s.tokens.leader)).body;
    expect(trail.events.map((e: { type: string }) => e.type)).toEqual(['create', 'link']);

    // a call taken without an answer waits a working day; refer it later, to legal aid
    const open = await p.call(
      'POST',
      '/api/legal-calls',
      { caller: { name: '赵某' }, questionType: 'labour', question: '公司拖欠三个月工资，无力请律师' },
      s.tokens.dispatcher,
    );
    expect(open.body).toMatchObject({ step: 'open', clockLabel: '回复时限' });
    const referred = await p.call(
      'POST',
      `/api/legal-calls/${open.body.id}/actions/refer`,
      { to: 'legalAid', answer: '符合法律援助条件的，可申请指派律师' },
      s.tokens.dispatcher,
    );
    expect(referred.body).toMatchObject({ step: 'referred', referral: { to: 'legalAid', recordKind: 'legalaid' } });
    const aid = (
      await p.call('GET', `/api/legal-aid/${referred.body.referral.recordId}`, undefined, s.tokens.dispatcher)
    ).body;
    expect(aid).toMatchObject({ step: 'district', callId: open.body.id, applicant: { name: '赵某' } });

    // to the petition office, too
    const toPetition = await p.call(
      'POST',
      '/api/legal-calls',
      { caller, questionType: 'administrative', question: '对拆迁补偿决定不服', referral: { to: 'petition' } },
      s.tokens.dispatcher,
    );
    const petition = (
      await p.call('GET', `/api/petitions/${toPetition.body.referral.recordId}`, undefined, s.tokens.dispatcher)
    ).body;
    expect(petition).toMatchObject({ step: 'received', channel: 'phone', callId: toPetition.body.id });

    expect(
      (await p.call('POST', '/api/legal-calls', { caller, questionType: 'tax', question: '?' }, s.tokens.dispatcher))
        .body.error.details[0].path,
    ).toBe('questionType');
    const byType = await p.call('GET', '/api/legal-calls?questionType=labour', undefined, s.tokens.leader);
    expect(byType.body.items.map((i: { id: string }) => i.id)).toEqual([open.body.id]);
    const stats = (await p.call('GET', '/api/stats/legal-calls', undefined, s.tokens.leader)).body;
    expect(stats).toMatchObject({ calls: 3, referred: 3, answered: 2 });
    expect(stats.rows.questionType.map((r: { key: string }) => r.key).sort()).toEqual([
      'administrative',
      'labour',
      'neighbourhood',
    ]);
    expect(stats.rows.referral.map((r: { key: string }) => r.key).sort()).toEqual([
      'legalAid',
      'mediation',
      'petition',
    ]);
  });

  it('a legal-aid application goes street → community → lawyer and closes with a follow-up', {
    timeout: 60_000,
  }, async () => {
    const created = await p.call(
      'POST',
      '/api/legal-aid',
      {
        applicant: { name: '孙某', phone: '13900006666' },
        matter: '工伤赔偿，用人单位拒不支付',
        matterType: 'injury',
        eligibility: { lowIncome: true, facts: '低保户，持低保证' },
        documents: [`${s.path}legal-aid/x/id-card.jpg`],
      },
      s.tokens.dispatcher,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ step: 'district', level: 'district', clockLabel: '受理审查' });
    const id = created.body.id;
    const acceptBy = created.body.deadline;
    const act = (action: string, body: unknown, token = s.tokens.dispatcher) =>
      p.call('POST', `/api/legal-aid/${id}/actions/${action}`, body, token);

    expect((await act('route', { to: 'street', unit: '滨海街道司法所' })).body).toMatchObject({
      step: 'street',
      stepLabel: '司法所待受理',
    });
    // routing goes down only
    const up = await act('route', { to: 'street' });
    expect(up.status).toBe(422);
    expect(up.body.error.details[0].path).toBe('to');
    const community = await act('route', { to: 'community', unit: '海滨社区法律顾问' });
    // the acceptance clock keeps running from the application across the levels
    expect(community.body).toMatchObject({ step: 'community', level: 'community', deadline: acceptBy });
    const accepted = await act('accept', { note: '经审查符合经济困难标准' });
    expect(accepted.body).toMatchObject({ step: 'accepted', acceptedOnTime: true, clockLabel: '指派律师' });
    expect((await act('assign', { assignee: '陈律师' }, s.tokens.leader)).status).toBe(403);
    const assigned = await act('assign', { assignee: '陈律师', firm: '海河律师事务所' });
    expect(assigned.body).toMatchObject({ step: 'assigned', clockLabel: '办结时限', lawyer: { name: '陈律师' } });
    // 90 natural days from the assignment on 3 November: the end of 1 February (China time)
    expect(assigned.body.deadline).toBe('2027-02-01T16:00:00.000Z');
    const concluded = await act('conclude', { result: 'mediated', summary: '经调解，单位一次性支付工伤赔偿8万元' });
    expect(concluded.body).toMatchObject({ step: 'concluded', clockLabel: '回访时限' });
    const closed = await act('followUp', { channel: 'phone', satisfaction: 'satisfied', note: '受援人表示满意' });
    expect(closed.body).toMatchObject({
      step: 'closed',
      finishedOnTime: true,
      followUp: { satisfaction: 'satisfied' },
    });
    expect(closed.body.route.map((r: { level: string }) => r.level)).toEqual(['district', 'street', 'community']);

    const file = (await p.call('GET', `/api/legal-aid/${id}`, undefined, s.tokens.leader)).body;
    expect(file.events.map((e: { type: string }) => e.type)).toEqual([
      'create',
      'route',
      'route',
      'accept',
      'assign',
      'conclude',
      'followUp',
    ]);
    const stats = (await p.call('GET', '/api/stats/legal-aid', undefined, s.tokens.leader)).body;
    expect(stats.accepted).toBeGreaterThanOrEqual(1);
    expect(stats).toMatchObject({ concluded: 1, rated: 1, satisfied: 1, satisfactionRate: 1 });
    expect(stats.concludedRate).toBeCloseTo(stats.concluded / stats.accepted);
    expect(stats.rows.level.map((r: { key: string }) => r.key)).toContain('community');
  });
});

describe('demo data', () => {
  it('seeds Chinese 稳评, 预警, 12348 calls and legal-aid applications, the emergency first', {
    timeout: 90_000,
  }, async () => {
    const demo = await setUpStreet(p, 'legal-demo');
    await seedStreetStability(p.deps, {
      path: tenantPath(demo.path),
      tenantId: demo.tenantId,
      gridCodes: [demo.gridCode],
    });
    const get = async (url: string) => (await p.call('GET', url, undefined, demo.tokens.leader)).body;
    const assessments = (await get('/api/risk-assessments')).items;
    expect(assessments.map((a: { step: string }) => a.step).sort()).toEqual(['consulting', 'implemented', 'tracking']);
    expect(assessments.find((a: { step: string }) => a.step === 'tracking')).toMatchObject({
      level: 'high',
      project: expect.stringContaining('滨海路'),
    });
    const worklist = (await get('/api/early-warnings?due=open')).items;
    expect(worklist[0]).toMatchObject({ emergency: true, subject: expect.stringContaining('讨要工资') });
    const calls = (await get('/api/stats/legal-calls')) as { calls: number; referred: number };
    expect(calls).toMatchObject({ calls: 3, referred: 1 });
    const disputes = (await get('/api/disputes')).items;
    expect(disputes).toHaveLength(1);
    expect(disputes[0]).toMatchObject({ source: 'hotline', callId: expect.any(String) });
    const aid = await get('/api/stats/legal-aid');
    expect(aid).toMatchObject({ applications: 2, accepted: 2, concluded: 1, concludedRate: 0.5, satisfactionRate: 1 });
  });
});
