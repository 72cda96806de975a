import { ProcessRepository } from '@civicgrid/db';
import {
  type ProcessRecord,
  type RiskAssessmentData,
  riskAssessmentKind,
  riskTests,
  riskTestZh,
} from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { param } from '../http/params';
import type { Route } from '../http/routes';
import { recordOwner } from '../modules/scope';
import { chineseDate, documentPdf } from '../process/documents';
import { registerKindStats } from '../process/stats';

/** Assessments by level and decision, measures on time, with the engine's counters. */
const COUNTERS = [
  'assessments',
  'assessed',
  'high',
  'medium',
  'low',
  'overridden',
  'decided',
  'consultations',
  'measures',
  'measuresDone',
  'measuresOnTime',
  'finished',
  'finishedOnTime',
  'overdueOpen',
] as const;
const RATES = [
  ['measuresOnTimeRate', 'measuresOnTime', 'measuresDone'],
  ['onTimeRate', 'finishedOnTime', 'finished'],
] as const;
const DIMENSIONS = ['level', 'decision', 'grid'] as const;

const LEVEL_ZH: Record<string, string> = { high: '高风险', medium: '中风险', low: '低风险' };
const METHOD_ZH: Record<string, string> = {
  survey: '问卷调查',
  hearing: '听证会',
  interview: '走访座谈',
  symposium: '专家论证',
  publicNotice: '公示征求意见',
};
const DECISION_ZH: Record<string, string> = {
  implement: '准予实施',
  withMeasures: '采取措施后实施',
  postpone: '暂缓实施',
  drop: '不予实施',
};

/** The assessment report (社会稳定风险评估报告), for print. */
export function assessmentReport(r: ProcessRecord<RiskAssessmentData>) {
  const d = r.data;
  const level = d.level ? LEVEL_ZH[d.level] : '（尚未评估）';
  return {
    title: '社会稳定风险评估报告',
    subtitle: `编号 ${r.number ?? r.id}`,
    sections: [
      { heading: '评估事项', lines: [d.project, ...(d.summary ? [d.summary] : [])] },
      { heading: '决策机关', lines: [d.decisionBody] },
      ...(d.plan
        ? [{ heading: '评估方案', lines: [d.plan.scope, ...(d.plan.team ? [`评估小组：${d.plan.team}`] : [])] }]
        : []),
      {
        heading: '意见征集',
        lines: [
          ...d.consultations.map(
            (c) =>
              `${c.n}. ${METHOD_ZH[c.method] ?? c.method}（${chineseDate(c.at)}）：参与 ${c.participants} 人，赞成 ${c.for} 人，反对 ${c.against} 人。${c.summary}`,
          ),
          `合计：赞成 ${d.opinionsFor} 人，反对 ${d.opinionsAgainst} 人。`,
        ],
      },
      {
        heading: '分析论证',
        lines: riskTests.map(
          (t) => `${riskTestZh[t]}：${d.scores ? `${d.scores[t]} 分` : '未评分'}。${d.findings?.[t] ?? ''}`,
        ),
      },
      {
        heading: '风险等级',
        lines: [
          `${level}${d.levelOverridden && d.derivedLevel ? `（按评分规则为${LEVEL_ZH[d.derivedLevel]}，调整理由：${d.levelReason ?? ''}）` : ''}`,
          '评分规则：任一项评分不高于2分为高风险；最低分为3分为中风险；各项均不低于4分为低风险。',
        ],
      },
      ...(d.conclusion ? [{ heading: '评估结论', lines: [d.conclusion] }] : []),
      ...(d.decision
        ? [
            {
              heading: '决策结果',
              lines: [
                `${DECISION_ZH[d.decision.decision] ?? d.decision.decision}${d.decision.reason ? `：${d.decision.reason}` : ''}`,
              ],
            },
          ]
        : []),
      ...(d.measures.length > 0
        ? [
            {
              heading: '风险防范化解措施',
              lines: d.measures.map(
                (m) =>
                  `${m.n}. ${m.title}（责任单位：${m.owner}，完成时限：${chineseDate(m.dueAt)}${m.doneAt ? `，${chineseDate(m.doneAt)}已落实` : ''}）`,
              ),
            },
          ]
        : []),
    ],
    footer: [`评估主体：${d.decisionBody}`, chineseDate(d.assessedAt)],
  };
}

/** 稳评 KPIs (by level, decision and grid) and the printable report. */
export function registerRiskAssessmentRoutes(route: Route, deps: AppDeps): void {
  const repo = new ProcessRepository<RiskAssessmentData>(deps.store, riskAssessmentKind, deps.config);

  registerKindStats(route, deps, repo, {
    path: '/api/stats/risk-assessments',
    operationId: 'getRiskAssessmentStats',
    permission: 'assessment.read',
    summary:
      '稳评 KPIs: assessments by level (high / medium / low) and decision, measures and measuresOnTimeRate, onTimeRate; rows by level, decision and grid',
    counters: COUNTERS,
    rates: RATES,
    dimensions: DIMENSIONS,
  });

  route(
    {
      method: 'GET',
      path: '/api/risk-assessments/:id/report.pdf',
      operationId: 'getRiskAssessmentReportPdf',
      isolation: 'tenant',
      permission: 'assessment.read',
      summary: 'The assessment report (社会稳定风险评估报告) as a printable PDF with the Chinese font embedded',
    },
    async (c) => {
      const id = param(c, 'id', 'Risk assessment');
      const path = await recordOwner(c, deps, id, 'Risk assessment', 'read');
      const record = await repo.require(path, id);
      const bytes = await documentPdf(assessmentReport(record));
      return c.body(new Uint8Array(bytes), 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `inline; filename="assessment-${id}.pdf"`,
      });
    },
  );
}
