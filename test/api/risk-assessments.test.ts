import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ProcessRepository } from '@civicgrid/db';
import { riskAssessmentKind, riskLevelOf, tenantPath } from '@civicgrid/domain';
import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

// A clock the test moves forward: the workflow and the domain both read it.
let offsetMs = Date.parse('2026-11-03T02:00:00Z') - Date.now();
const clock = () => new Date(Date.now() + offsetMs);
const p = await createTestPlatform({ clock, workflowPolicy: { recheckSeconds: 1 } });
const s = await setUpStreet(p, 'ra-street');
const path = tenantPath(s.path);

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const scores = { legality: 5, reasonableness: 4, feasibility: 4 };

/** A new assessment, planned and consulted (one hearing), ready to be assessed. */
async function consulted(project: string) {
  const created = await p.call(
    'POST',
    '/api/risk-assessments',
    { project, decisionBody: '滨海街道办事处', summary: '老旧小区加装电梯及管线改造' },
    s.tokens.dispatcher,
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body).toMatchObject({ step: 'planning', stepLabel: '制定方案', clockLabel: '制定评估方案' });
  const id = created.body.id as string;
  const act = (action: string, body: unknown, token = s.tokens.dispatcher) =>
    p.call('POST', `/api/risk-assessments/${id}/actions/${action}`, body, token);
  expect((await act('plan', { scope: '涉及3个小区1200户', methods: ['survey', 'hearing'] })).body.step).toBe(
    'consulting',
  );
  const early = await act('assess', { ...scores, controllability: 4 });
  expect(early.status).toBe(422);
  expect(early.body.error.details[0].path).toBe('consultations');
  const badCounts = await act('consult', {
    method: 'hearing',
    at: '2026-11-05T14:00:00+08:00',
    participants: 10,
    for: 8,
    against: 5,
    summary: '听证会',
  });
  expect(badCounts.status).toBe(422);
  expect(badCounts.body.error.details[0].path).toBe('against');
  const heard = await act('consult', {
    method: 'hearing',
    at: '2026-11-05T14:00:00+08:00',
    participants: 120,
    for: 80,
    against: 30,
    summary: '居民代表听证会，多数赞成，低楼层住户担心采光和噪音',
    attachments: [`${s.path}risk-assessments/${id}/hearing.pdf`],
  });
  expect(heard.body).toMatchObject({ step: 'consulting', opinionsFor: 80, opinionsAgainst: 30 });
  return { id, act };
}

describe('stability-risk assessments (稳评)', () => {
  it('derives the level by the documented rule: a low 可控性 score is a high risk; an override needs a reason', {
    timeout: 90_000,
  }, async () => {
    expect(riskLevelOf({ legality: 5, reasonableness: 5, feasibility: 5, controllability: 2 })).toBe('high');
    expect(riskLevelOf({ legality: 4, reasonableness: 3, feasibility: 5, controllability: 4 })).toBe('medium');
    expect(riskLevelOf({ legality: 4, reasonableness: 4, feasibility: 5, controllability: 4 })).toBe('low');

    const { id, act } = await consulted('滨海小区加装电梯项目');
    // a low score without findings is refused, naming the test
    const noFindings = await act('assess', { ...scores, controllability: 2 });
    expect(noFindings.status).toBe(422);
    expect(noFindings.body.error.details[0].path).toBe('findings.controllability');
    expect((await act('assess', { ...scores, controllability: 6 })).status).toBe(400);
    const assessed = await act('assess', {
      ...scores,
      controllability: 2,
      findings: { controllability: '部分住户明确表示将阻挠施工，现有力量难以及时处置' },
      conclusion: '项目合法合理，但可控性不足',
    });
    expect(assessed.status, JSON.stringify(assessed.body)).toBe(200);
    expect(assessed.body).toMatchObject({
      step: 'assessed',
      level: 'high',
      derivedLevel: 'high',
      levelOverridden: false,
      clockLabel: '作出决策',
    });
    // the assessors may set another level, with a reason only
    const noReason = await act('assess', {
      ...scores,
      controllability: 2,
      findings: { controllability: '同上' },
      level: 'medium',
    });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.details[0].path).toBe('levelReason');
    const overridden = await act('assess', {
      ...scores,
      controllability: 2,
      findings: { controllability: '部分住户明确表示将阻挠施工' },
      level: 'medium',
      levelReason: '街道已组建专班逐户做工作，反对户已减至3户',
    });
    expect(overridden.body).toMatchObject({ level: 'medium', derivedLevel: 'high', levelOverridden: true });
    const listed = await p.call('GET', '/api/risk-assessments?level=medium', undefined, s.tokens.leader);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(id);

    // the report in Chinese, with the four tests and the override
    const pdf = await p.app.request(`/api/risk-assessments/${id}/report.pdf`, {
      headers: { authorization: `Bearer ${s.tokens.leader}` },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(text).toContain('社会稳定风险评估报告');
    expect(text).toContain('滨海小区加装电梯项目');
    expect(text).toContain('可控性');
    expect(text).toContain('中风险');
    expect(text).toContain('反对户已减至3户');
    expect(text).toContain('居民代表听证会');
  });

  it('decide "with measures" creates measures; the overdue one escalates; done measures close the file', {
    timeout: 120_000,
  }, async () => {
    const { id, act } = await consulted('滨海路拓宽改造工程');
    const assessed = await act('assess', {
      ...scores,
      controllability: 2,
      findings: { controllability: '沿街商户反对拆迁' },
    });
    expect(assessed.body.level).toBe('high');
    // the centre may not decide: the decision body (leaders) does; a high risk is not implemented as planned
    expect((await act('decide', { decision: 'withMeasures' })).status).toBe(403);
    const plain = await act('decide', { decision: 'implement' }, s.tokens.leader);
    expect(plain.status).toBe(422);
    expect(plain.body.error.details[0].path).toBe('decision');
    const none = await act('decide', { decision: 'withMeasures' }, s.tokens.leader);
    expect(none.status).toBe(422);
    expect(none.body.error.details[0].path).toBe('measures');
    const decided = await act(
      'decide',
      {
        decision: 'withMeasures',
        measures: [
          { title: '逐户走访沿街商户，落实过渡安置', owner: '街道城管科', dueAt: '2026-11-10T18:00:00+08:00' },
          { title: '公开补偿标准并设立咨询点', owner: '街道拆迁办', dueAt: '2026-11-30T18:00:00+08:00' },
        ],
      },
      s.tokens.leader,
    );
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({
      step: 'tracking',
      clockLabel: '措施落实期限',
      // the clock runs to the earliest open measure's due date
      deadline: '2026-11-10T10:00:00.000Z',
      measures: [
        { n: 1, owner: '街道城管科', dueAt: '2026-11-10T10:00:00.000Z', progress: [] },
        { n: 2, owner: '街道拆迁办', dueAt: '2026-11-30T10:00:00.000Z', progress: [] },
      ],
    });
    const repo = new ProcessRepository(p.deps.store, riskAssessmentKind, p.deps.config);
    await until(
      async () => ((await repo.task(path, id))?.step === 'tracking' ? true : undefined),
      'waiting at tracking',
    );

    // time passes measure 1's due date: the workflow escalates it and the supervisor is told
    offsetMs += 8 * 86_400_000;
    await p.restartWorkflow();
    const late = await until(async () => {
      const r = (await p.call('GET', `/api/risk-assessments/${id}`, undefined, s.tokens.leader)).body;
      return r.escalations >= 1 ? r : undefined;
    }, 'the overdue measure escalated');
    expect(late).toMatchObject({ overdue: true, step: 'tracking', deadline: '2026-11-10T10:00:00.000Z' });
    expect(late.events.at(-1)).toMatchObject({ type: 'escalate', actor: 'system', to: 'tracking' });
    const outbox = await p.deps.store.doc.send(
      new QueryCommand({
        TableName: p.deps.store.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `${s.path}OUTBOX` },
      }),
    );
    expect((outbox.Items ?? []).map((m) => m.kind)).toContain('assessment.overdue.supervisor');
    const overdue = await p.call('GET', '/api/risk-assessments?due=overdue', undefined, s.tokens.dispatcher);
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toContain(id);

    // measure 1 done (late); the clock moves to measure 2; measure 2 done on time closes the file
    const first = await act('track', { measure: 1, status: 'done', note: '已完成32户商户走访' });
    expect(first.body).toMatchObject({ step: 'tracking', deadline: '2026-11-30T10:00:00.000Z' });
    expect(first.body.measures[0]).toMatchObject({ late: true });
    expect((await act('track', { measure: 1, status: 'done', note: '再次' })).status).toBe(422);
    expect((await act('track', { measure: 3, status: 'done', note: '无此项' })).status).toBe(422);
    const closed = await act('track', { measure: 2, status: 'done', note: '补偿标准已公示' });
    expect(closed.body).toMatchObject({ step: 'closed', finishedOnTime: false });
    expect(closed.body.measures[1].late).toBe(false);

    const stats = (await p.call('GET', '/api/stats/risk-assessments', undefined, s.tokens.leader)).body;
    expect(stats).toMatchObject({ measures: 2, measuresDone: 2, measuresOnTime: 1, measuresOnTimeRate: 0.5 });
    expect(stats.high).toBeGreaterThanOrEqual(1);
    expect(stats.rows.decision.map((r: { key: string }) => r.key)).toContain('withMeasures');
    expect(stats.rows.level.map((r: { key: string }) => r.key)).toContain('high');
  });

  it('postpone and drop need a reason and end the file', { timeout: 60_000 }, async () => {
    const { act } = await consulted('农贸市场搬迁');
    await act('assess', { legality: 4, reasonableness: 4, feasibility: 4, controllability: 4 });
    const noReason = await act('decide', { decision: 'postpone' }, s.tokens.leader);
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.details[0].path).toBe('reason');
    const postponed = await act('decide', { decision: 'postpone', reason: '待新址配套完成' }, s.tokens.leader);
    expect(postponed.body).toMatchObject({ step: 'postponed', level: 'low', finishedOnTime: true });
  });
});

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  let out = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    out += content.items.map((item) => ('str' in item ? item.str : '')).join('');
  }
  return out;
}
