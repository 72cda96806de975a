import { ProcessRepository } from '@civicgrid/db';
import { type DisputeData, disputeKind, type ProcessRecord } from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { param } from '../http/params';
import type { Route } from '../http/routes';
import { visibleRecord } from '../process/audience';
import { chineseDate, documentPdf } from '../process/documents';
import { registerKindStats } from '../process/stats';

/** 排查数 (found), 调处数 (mediated), agreements, 按期办结 and 回访, with the engine's counters. */
const COUNTERS = [
  'found',
  'mediated',
  'agreed',
  'failed',
  'followedUp',
  'performed',
  'finished',
  'finishedOnTime',
  'overdueOpen',
] as const;
const RATES = [
  ['successRate', 'agreed', 'mediated'],
  ['onTimeRate', 'finishedOnTime', 'finished'],
  ['followUpRate', 'followedUp', 'agreed'],
] as const;
const DIMENSIONS = ['committee', 'mediator', 'kind', 'grid'] as const;

const KIND_ZH: Record<string, string> = {
  neighbourhood: '邻里纠纷',
  family: '婚姻家庭纠纷',
  property: '物业纠纷',
  labour: '劳动争议',
  land: '土地纠纷',
  compensation: '损害赔偿纠纷',
  other: '其他纠纷',
};
const ROLE_ZH: Record<string, string> = { applicant: '申请人', respondent: '被申请人', third_party: '第三人' };

/** The mediation agreement (人民调解协议书) of an agreed dispute, for print. */
export function agreementDocument(d: ProcessRecord<DisputeData>) {
  const a = d.data.agreement;
  return {
    title: '人民调解协议书',
    subtitle: `编号 ${d.number ?? d.id}`,
    sections: [
      {
        heading: '当事人',
        lines: d.data.parties.map(
          (p) => `${ROLE_ZH[p.role] ?? p.role}：${p.name}${p.phone ? `（电话 ${p.phone}）` : ''}`,
        ),
      },
      { heading: '纠纷类型', lines: [KIND_ZH[d.data.kind] ?? d.data.kind] },
      { heading: '纠纷简要情况', lines: [d.data.summary] },
      {
        heading: '调解经过',
        lines: d.data.sessions.map(
          (s) => `第${s.n}次调解（${chineseDate(s.at)}，${s.committee}，调解员 ${s.mediator}）：${s.record}`,
        ),
      },
      { heading: '经调解，自愿达成如下协议', lines: [a?.terms ?? '（尚未达成协议）'] },
      {
        heading: '当事人确认',
        lines: [`${(a?.confirmedBy ?? []).join('、')} 已阅读并确认上述协议内容。本协议经双方当事人签字确认后生效。`],
      },
    ],
    footer: [`调解组织：${d.data.committee ?? ''}`, `调解员：${d.data.mediator ?? ''}`, chineseDate(a?.at)],
  };
}

/** Dispute statistics (by tenant, committee, mediator, kind and grid) and the printable agreement. */
export function registerDisputeRoutes(route: Route, deps: AppDeps): void {
  const repo = new ProcessRepository<DisputeData>(deps.store, disputeKind, deps.config);

  registerKindStats(route, deps, repo, {
    path: '/api/stats/disputes',
    operationId: 'getDisputeStats',
    permission: 'dispute.read',
    summary:
      'Dispute KPIs: 排查数 found, 调处数 mediated, agreed, successRate = agreed ÷ mediated, onTimeRate, followUpRate; rows by committee, mediator, kind and grid',
    counters: COUNTERS,
    rates: RATES,
    dimensions: DIMENSIONS,
  });

  route(
    {
      method: 'GET',
      path: '/api/disputes/:id/agreement.pdf',
      operationId: 'getDisputeAgreementPdf',
      isolation: 'tenant',
      permission: 'dispute.read',
      summary: 'The mediation agreement (人民调解协议书) as a printable PDF with the Chinese font embedded',
    },
    async (c) => {
      const id = param(c, 'id', 'Dispute');
      const { record: dispute } = await visibleRecord(c, deps, repo, id, 'read');
      const bytes = await documentPdf(agreementDocument(dispute));
      return c.body(new Uint8Array(bytes), 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `inline; filename="agreement-${id}.pdf"`,
      });
    },
  );
}
