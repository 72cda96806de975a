import {
  earlyWarningKind,
  type LegalCallData,
  legalAidKind,
  legalCallKind,
  type ProcessActor,
  type ProcessRecord,
  riskAssessmentKind,
  type TenantPath,
} from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { createReferral } from '../legal-services';
import { ProcessService } from './service';

const CENTRE: ProcessActor = { userId: 'demo-seed', name: '演示数据', roles: ['tenant_admin'] };
const DAY = 86_400_000;

/**
 * 稳评, 预警, 12348 calls and legal-aid applications of a demo street, at several steps (Chinese projects, places
 * and names): an assessment being consulted, one tracking measures after a high-risk finding, one implemented; an
 * emergency warning on top of the worklist; answered, open and referred calls (the referral opens its dispute
 * file); an application with the lawyer and one closed after its follow-up.
 */
export async function seedStreetStability(
  deps: AppDeps,
  street: { path: TenantPath; tenantId: string; gridCodes: string[] },
): Promise<void> {
  const { path, tenantId } = street;
  const grid = (i: number) => street.gridCodes[i % street.gridCodes.length];
  const now = deps.clock().getTime();
  const iso = (ms: number) => new Date(ms).toISOString();

  const assessments = new ProcessService(deps, riskAssessmentKind);
  const walks = [
    { project: '老旧小区加装电梯工程', decisionBody: '街道办事处', walk: 'consulting' },
    { project: '滨海路拓宽及沿街商铺征收', decisionBody: '区人民政府', walk: 'tracking' },
    { project: '社区养老服务中心建设', decisionBody: '街道办事处', walk: 'implemented' },
  ] as const;
  for (const [i, { walk, ...input }] of walks.entries()) {
    const a = await assessments.create(path, tenantId, { ...input, gridCode: grid(i) }, CENTRE);
    const act = (action: string, body: unknown) => assessments.act(path, a.id, action, body, CENTRE);
    await act('plan', {
      scope: '项目涉及居民及沿街商户',
      methods: ['survey', 'hearing', 'interview'],
      team: '街道综治中心、司法所',
    });
    await act('consult', {
      method: 'hearing',
      at: iso(now - DAY),
      participants: 85,
      for: walk === 'tracking' ? 40 : 72,
      against: walk === 'tracking' ? 38 : 6,
      summary: walk === 'tracking' ? '商户对补偿标准和过渡经营安排意见较大' : '居民代表多数赞成，个别住户担心施工噪音',
    });
    if (walk === 'consulting') continue;
    if (walk === 'tracking') {
      await act('assess', {
        legality: 4,
        reasonableness: 3,
        feasibility: 4,
        controllability: 2,
        findings: {
          reasonableness: '补偿标准低于周边同类项目',
          controllability: '部分商户表示将集体上访，现有力量难以及时化解',
        },
        conclusion: '项目合法可行，风险较高，须先落实化解措施',
      });
      await act('decide', {
        decision: 'withMeasures',
        reason: '落实补偿和过渡安置后实施',
        measures: [
          { title: '逐户走访沿街商户，落实过渡经营场所', owner: '街道城管科', dueAt: iso(now + 10 * DAY) },
          { title: '公开补偿标准，设立政策咨询点', owner: '区征收办', dueAt: iso(now + 30 * DAY) },
        ],
      });
      continue;
    }
    await act('assess', {
      legality: 5,
      reasonableness: 5,
      feasibility: 4,
      controllability: 4,
      conclusion: '风险低，可以实施',
    });
    await act('decide', { decision: 'implement' });
  }

  const warnings = new ProcessService(deps, earlyWarningKind);
  const emergency = await warnings.create(
    path,
    tenantId,
    {
      subject: '建筑工地百余名工人聚集讨要工资',
      peopleCount: 120,
      place: '滨海新城三期工地门口',
      demands: '要求总包单位当日支付拖欠的三个月工资',
      level: 'red',
      source: 'patrol',
      emergency: true,
      analysis: '人员情绪激动，有堵路苗头',
      gridCode: grid(0),
    },
    CENTRE,
  );
  void emergency;
  const responding = await warnings.create(
    path,
    tenantId,
    {
      subject: '小区业主拟集体到售楼处维权',
      peopleCount: 40,
      expectedAt: iso(now + 2 * DAY),
      place: '海景花园售楼处',
      demands: '交房延期，要求开发商按合同赔偿',
      level: 'yellow',
      source: 'network',
      gridCode: grid(1),
    },
    CENTRE,
  );
  await warnings.act(
    path,
    responding.id,
    'respond',
    { lead: '街道副主任', measures: '约谈开发商，组织业主代表座谈' },
    CENTRE,
  );
  const resolved = await warnings.create(
    path,
    tenantId,
    {
      subject: '出租车司机酝酿集体停运',
      peopleCount: 30,
      place: '火车站出租车蓄车场',
      demands: '反对网约车无证运营',
      level: 'blue',
      source: 'hotline',
      gridCode: grid(0),
    },
    CENTRE,
  );
  await warnings.act(
    path,
    resolved.id,
    'respond',
    { lead: '综治中心主任', measures: '协调交通执法部门开展专项整治' },
    CENTRE,
  );
  await warnings.act(
    path,
    resolved.id,
    'resolve',
    { outcome: 'defused', summary: '经沟通，司机代表同意恢复运营' },
    CENTRE,
  );

  const calls = new ProcessService<LegalCallData>(deps, legalCallKind);
  await calls.create(
    path,
    tenantId,
    {
      caller: { name: '周女士', phone: '13902221234' },
      questionType: 'marriage',
      question: '离婚时婚前房产如何分割？',
      answer: '婚前个人全款购买的房产一般属个人财产，婚后共同还贷部分及增值可请求分割。',
      gridCode: grid(0),
    },
    CENTRE,
  );
  await calls.create(
    path,
    tenantId,
    {
      caller: { name: '吴先生' },
      questionType: 'consumer',
      question: '网购商品质量问题商家拒绝退货',
      gridCode: grid(1),
    },
    CENTRE,
  );
  const referred = await calls.create(
    path,
    tenantId,
    {
      caller: { name: '郑大爷', phone: '13902225678' },
      questionType: 'neighbourhood',
      question: '楼上邻居空调外机噪音扰民，协商不成',
      answer: '建议申请人民调解，已转社区人民调解委员会。',
      referral: { to: 'mediation', respondent: '楼上住户 钱某' },
      gridCode: grid(0),
    },
    CENTRE,
  );
  await createReferral(deps, path, referred as ProcessRecord<LegalCallData>, { ...CENTRE, roles: [...CENTRE.roles] });

  const aid = new ProcessService(deps, legalAidKind);
  for (const [i, walk] of (['assigned', 'closed'] as const).entries()) {
    const a = await aid.create(
      path,
      tenantId,
      {
        applicant: { name: i === 0 ? '冯某' : '蒋某' },
        matter: i === 0 ? '工伤赔偿，用人单位拒不支付' : '农民工追索劳动报酬',
        matterType: i === 0 ? 'injury' : 'labour',
        eligibility: { lowIncome: true, facts: '持低保证' },
        gridCode: grid(i),
      },
      CENTRE,
    );
    const act = (action: string, body: unknown) => aid.act(path, a.id, action, body, CENTRE);
    await act('route', { to: 'street', unit: '街道司法所' });
    await act('route', { to: 'community', unit: '社区法律顾问' });
    await act('accept', { note: '经审查符合法律援助条件' });
    await act('assign', { assignee: i === 0 ? '陈律师' : '林律师', firm: '海河律师事务所' });
    if (walk === 'assigned') continue;
    await act('conclude', { result: 'mediated', summary: '经调解，用人单位一次性支付拖欠工资' });
    await act('followUp', { channel: 'phone', satisfaction: 'satisfied', note: '受援人对律师服务满意' });
  }
}
