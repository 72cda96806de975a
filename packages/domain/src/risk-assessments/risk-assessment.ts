import * as z from 'zod';
import { actionsOf, type ProcessKind, type ProcessRecord } from '../process/engine';
import { instantSchema, optionalText, requiredText } from '../schemas/common';

/**
 * Stability-risk assessments (社会稳定风险评估, 稳评) of a major decision or project as a kind of the process engine:
 * plan → consult (surveys, hearings, interviews: opinions for and against, attachments) → assess the four tests
 * (合法性, 合理性, 可行性, 可控性, each scored 1–5 with findings) → risk level by `riskLevelOf` (overridable with a
 * reason) → the report (PDF) → decision (implement / with measures / postpone / drop) → mitigation measures with
 * due dates, the record's clock running to the earliest open one (an overdue measure escalates).
 */
export const riskTests = ['legality', 'reasonableness', 'feasibility', 'controllability'] as const;
export type RiskTest = (typeof riskTests)[number];
export const riskTestZh: Record<RiskTest, string> = {
  legality: '合法性',
  reasonableness: '合理性',
  feasibility: '可行性',
  controllability: '可控性',
};
export const assessmentLevels = ['high', 'medium', 'low'] as const;
export type AssessmentLevel = (typeof assessmentLevels)[number];
export const consultationMethods = ['survey', 'hearing', 'interview', 'symposium', 'publicNotice'] as const;
export const assessmentDecisions = ['implement', 'withMeasures', 'postpone', 'drop'] as const;

/**
 * THE documented rule from the four scores (1 = serious risk found … 5 = none): a test scored 2 or lower makes
 * the risk **high** (an unlawful plan, one most people oppose, one that cannot be carried out, or a risk that
 * cannot be controlled); a lowest score of 3 makes it **medium**; every test at 4 or 5 is **low**.
 */
export function riskLevelOf(scores: Readonly<Record<RiskTest, number>>): AssessmentLevel {
  const lowest = Math.min(...riskTests.map((t) => scores[t]));
  if (lowest <= 2) return 'high';
  if (lowest === 3) return 'medium';
  return 'low';
}

const gridCode = z
  .string()
  .regex(/^\d{15}$/, { error: 'gridCode has 15 digits' })
  .optional();

/** `POST /api/risk-assessments` */
export const riskAssessmentInputSchema = z.object({
  project: requiredText('project', 200),
  decisionBody: requiredText('decisionBody', 100),
  summary: optionalText('summary', 5000),
  ownerName: optionalText('ownerName', 50),
  gridCode,
});
export type RiskAssessmentInput = z.infer<typeof riskAssessmentInputSchema>;

const score = (test: RiskTest) =>
  z
    .int({ error: `${test} is a whole number from 1 to 5` })
    .min(1, { error: `${test} is at least 1` })
    .max(5, { error: `${test} is at most 5` });

const files = z
  .array(z.string().max(300, { error: 'attachments must be at most 300 characters each' }), {
    error: 'attachments is a list of file keys',
  })
  .max(20, { error: 'attachments holds at most 20' })
  .optional();

const count = (label: string) =>
  z
    .int({ error: `${label} is a whole number` })
    .nonnegative({ error: `${label} must not be negative` })
    .max(10_000_000, { error: `${label} is too large` });

const planBody = z.object({
  scope: requiredText('scope', 2000),
  methods: z
    .array(z.enum(consultationMethods, { error: `methods are ${consultationMethods.join(', ')}` }), {
      error: 'methods is a list',
    })
    .min(1, { error: 'methods needs at least one way to gather opinions' }),
  team: optionalText('team', 500),
  note: optionalText('note', 1000),
});
const consultBody = z.object({
  method: z.enum(consultationMethods, { error: `method is one of ${consultationMethods.join(', ')}` }),
  at: instantSchema,
  participants: count('participants'),
  for: count('for'),
  against: count('against'),
  summary: requiredText('summary', 5000),
  attachments: files,
});
const assessBody = z.object({
  legality: score('legality'),
  reasonableness: score('reasonableness'),
  feasibility: score('feasibility'),
  controllability: score('controllability'),
  /** what each test found (required for a test scored 3 or lower) */
  findings: z
    .object({
      legality: optionalText('findings.legality', 5000),
      reasonableness: optionalText('findings.reasonableness', 5000),
      feasibility: optionalText('findings.feasibility', 5000),
      controllability: optionalText('findings.controllability', 5000),
    })
    .optional(),
  /** the assessors' level when it differs from the rule's (then `levelReason` is required) */
  level: z.enum(assessmentLevels, { error: 'level is high, medium or low' }).optional(),
  levelReason: optionalText('levelReason', 2000),
  conclusion: optionalText('conclusion', 5000),
});
const measureSchema = z.object({
  title: requiredText('measures.title', 500),
  owner: requiredText('measures.owner', 100),
  dueAt: instantSchema,
});
const decideBody = z.object({
  decision: z.enum(assessmentDecisions, { error: 'decision is implement, withMeasures, postpone or drop' }),
  reason: optionalText('reason', 2000),
  measures: z
    .array(measureSchema, { error: 'measures is a list' })
    .max(50, { error: 'measures holds at most 50' })
    .optional(),
});
const trackBody = z.object({
  /** the measure's number (1 = the first) */
  measure: z.int({ error: 'measure is the number of a measure' }).positive({ error: 'measure starts at 1' }),
  status: z.enum(['inProgress', 'done'], { error: 'status is inProgress or done' }),
  note: requiredText('note', 2000),
  evidence: files,
});

export interface Consultation {
  n: number;
  method: (typeof consultationMethods)[number];
  at: string;
  participants: number;
  for: number;
  against: number;
  summary: string;
  attachments?: string[];
}

export interface Measure {
  n: number;
  title: string;
  owner: string;
  dueAt: string;
  doneAt?: string;
  /** finished after its due date */
  late?: boolean;
  progress: Array<{ at: string; note: string; status: string }>;
}

export interface RiskAssessmentData {
  project: string;
  decisionBody: string;
  summary?: string;
  ownerName?: string;
  plan?: { scope: string; methods: string[]; team?: string; at: string };
  consultations: Consultation[];
  /** opinions counted over all consultations */
  opinionsFor: number;
  opinionsAgainst: number;
  scores?: Record<RiskTest, number>;
  findings?: Partial<Record<RiskTest, string>>;
  /** the rule's level (`riskLevelOf`) */
  derivedLevel?: AssessmentLevel;
  /** the level in force: the rule's, or the assessors' with `levelReason` */
  level?: AssessmentLevel;
  levelOverridden?: boolean;
  levelReason?: string;
  conclusion?: string;
  assessedAt?: string;
  decision?: { decision: (typeof assessmentDecisions)[number]; reason?: string; at: string };
  measures: Measure[];
}

export type RiskAssessment = ProcessRecord<RiskAssessmentData>;

/** The earliest due date of a measure not done yet (the running clock's end while measures are tracked). */
export function nextMeasureDue(measures: readonly Measure[]): string | undefined {
  const open = measures.filter((m) => !m.doneAt).map((m) => m.dueAt);
  return open.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}

const act = actionsOf<RiskAssessmentData>();

export const riskAssessmentKind: ProcessKind<RiskAssessmentData, RiskAssessmentInput> = {
  kind: 'assessment',
  label: 'Risk assessment',
  labelZh: '社会稳定风险评估',
  path: 'risk-assessments',
  operationNouns: { one: 'RiskAssessment', many: 'RiskAssessments' },
  numberPrefix: 'WP',
  filters: ['level'],
  steps: {
    planning: { label: '制定方案' },
    consulting: { label: '征求意见' },
    assessed: { label: '待决策' },
    tracking: { label: '措施落实' },
    implemented: { label: '准予实施', terminal: true },
    closed: { label: '措施已落实', terminal: true },
    postponed: { label: '暂缓实施', terminal: true },
    dropped: { label: '不予实施', terminal: true },
  },
  clocks: {
    planning: { label: '制定评估方案', unit: 'naturalDays', value: 10 },
    consultation: { label: '征求意见', unit: 'naturalDays', value: 30 },
    decision: { label: '作出决策', unit: 'naturalDays', value: 30 },
    /** the default when a measure has no due date of its own (each has one: `until`) */
    measure: { label: '措施落实期限', unit: 'naturalDays', value: 30 },
  },
  input: riskAssessmentInputSchema,
  permissions: { create: 'assessment.create', read: 'assessment.read' },
  create(input) {
    const { gridCode: grid, ...rest } = input;
    return {
      step: 'planning',
      data: { ...rest, consultations: [], opinionsFor: 0, opinionsAgainst: 0, measures: [] },
      gridCode: grid,
      clock: { name: 'planning' },
    };
  },
  actions: {
    plan: act({
      label: '制定评估方案',
      from: ['planning'],
      permission: 'assessment.handle',
      body: planBody,
      to: 'consulting',
      clock: { start: 'consultation' },
      apply: (d, b, ctx) => ({
        ...d,
        plan: {
          scope: b.scope,
          methods: b.methods,
          ...(b.team ? { team: b.team } : {}),
          at: ctx.now.toISOString(),
        },
      }),
      note: (b) => b.note,
    }),
    consult: act({
      label: '征求意见',
      from: ['consulting'],
      permission: 'assessment.handle',
      body: consultBody,
      to: 'consulting',
      guard: (_r, b) =>
        b.for + b.against > b.participants
          ? { path: 'against', message: 'for and against together are at most the participants' }
          : undefined,
      apply: (d, b) => ({
        ...d,
        consultations: [...d.consultations, { ...b, n: d.consultations.length + 1 }],
        opinionsFor: d.opinionsFor + b.for,
        opinionsAgainst: d.opinionsAgainst + b.against,
      }),
      note: (b) => b.summary,
      evidence: (b) => b.attachments,
    }),
    assess: act({
      label: '分析评估',
      from: ['consulting', 'assessed'],
      permission: 'assessment.handle',
      body: assessBody,
      to: 'assessed',
      guard: (r, b) => {
        if (r.data.consultations.length === 0) {
          return { path: 'consultations', message: 'gather opinions (consult) before assessing' };
        }
        const missing = riskTests.find((t) => b[t] <= 3 && !b.findings?.[t]);
        if (missing) return { path: `findings.${missing}`, message: `a ${missing} score of 3 or lower needs findings` };
        if (b.level && b.level !== riskLevelOf(b) && !b.levelReason) {
          return { path: 'levelReason', message: 'a level other than the rule gives needs a reason' };
        }
        return undefined;
      },
      clock: { start: 'decision' },
      apply: (d, b, ctx) => {
        const derivedLevel = riskLevelOf(b);
        const level = b.level ?? derivedLevel;
        const overridden = level !== derivedLevel;
        const { levelReason: _r, level: _l, conclusion, findings, ...scores } = b;
        const { levelReason: _old, ...rest } = d;
        return {
          ...rest,
          scores,
          findings: findings ?? {},
          derivedLevel,
          level,
          levelOverridden: overridden,
          ...(overridden && b.levelReason ? { levelReason: b.levelReason } : {}),
          ...(conclusion ? { conclusion } : {}),
          assessedAt: ctx.now.toISOString(),
        };
      },
      note: (b) => b.levelReason ?? b.conclusion,
    }),
    decide: act({
      label: '决策',
      from: ['assessed'],
      permission: 'assessment.decide',
      body: decideBody,
      to: (_r, b) =>
        b.decision === 'withMeasures'
          ? 'tracking'
          : b.decision === 'implement'
            ? 'implemented'
            : b.decision === 'postpone'
              ? 'postponed'
              : 'dropped',
      guard: (r, b, ctx) => {
        if (b.decision === 'withMeasures' && !(b.measures && b.measures.length > 0)) {
          return { path: 'measures', message: 'implementing with measures needs at least one measure' };
        }
        if (b.decision !== 'withMeasures' && b.measures && b.measures.length > 0) {
          return { path: 'measures', message: 'measures come with the decision withMeasures' };
        }
        if (r.data.level === 'high' && b.decision === 'implement') {
          return { path: 'decision', message: 'a high risk is not implemented as planned: measures, postpone or drop' };
        }
        if (b.decision !== 'implement' && b.decision !== 'withMeasures' && !b.reason) {
          return { path: 'reason', message: 'postponing or dropping needs a reason' };
        }
        const past = (b.measures ?? []).findIndex((m) => Date.parse(m.dueAt) <= ctx.now.getTime());
        if (past >= 0) return { path: `measures.${past}.dueAt`, message: 'a measure is due in the future' };
        return undefined;
      },
      apply: (d, b, ctx) => ({
        ...d,
        decision: { decision: b.decision, ...(b.reason ? { reason: b.reason } : {}), at: ctx.now.toISOString() },
        measures: (b.measures ?? []).map((m, i) => ({
          n: i + 1,
          title: m.title,
          owner: m.owner,
          dueAt: new Date(m.dueAt).toISOString(),
          progress: [],
        })),
      }),
      clock: { start: 'measure', until: (r) => nextMeasureDue(r.data.measures) },
      note: (b) => b.reason,
    }),
    track: act({
      label: '措施跟踪',
      from: ['tracking'],
      permission: 'assessment.handle',
      body: trackBody,
      to: (r, b) =>
        b.status === 'done' && r.data.measures.every((m) => m.doneAt || m.n === b.measure) ? 'closed' : 'tracking',
      guard: (r, b) => {
        const m = r.data.measures.find((x) => x.n === b.measure);
        if (!m) return { path: 'measure', message: `measure is 1 to ${r.data.measures.length}` };
        if (m.doneAt) return { path: 'measure', message: 'that measure is done already' };
        return undefined;
      },
      apply: (d, b, ctx) => {
        const at = ctx.now.toISOString();
        return {
          ...d,
          measures: d.measures.map((m) =>
            m.n !== b.measure
              ? m
              : {
                  ...m,
                  progress: [...m.progress, { at, note: b.note, status: b.status }],
                  ...(b.status === 'done' ? { doneAt: at, late: Date.parse(m.dueAt) < ctx.now.getTime() } : {}),
                },
          ),
        };
      },
      clock: { start: 'measure', until: (r) => nextMeasureDue(r.data.measures) },
      note: (b) => b.note,
      evidence: (b) => b.evidence,
    }),
  },
  counters(r) {
    const d = r.data;
    const done = d.measures.filter((m) => m.doneAt);
    const add = {
      assessments: 1,
      assessed: d.level ? 1 : 0,
      high: d.level === 'high' ? 1 : 0,
      medium: d.level === 'medium' ? 1 : 0,
      low: d.level === 'low' ? 1 : 0,
      overridden: d.levelOverridden ? 1 : 0,
      decided: d.decision ? 1 : 0,
      measures: d.measures.length,
      measuresDone: done.length,
      measuresOnTime: done.filter((m) => !m.late).length,
      consultations: d.consultations.length,
    };
    const by = [
      { dimension: 'level', value: d.level ?? 'unassessed' },
      { dimension: 'decision', value: d.decision?.decision ?? 'undecided' },
    ];
    return { add, by };
  },
};
