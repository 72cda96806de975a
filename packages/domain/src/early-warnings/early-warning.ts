import * as z from 'zod';
import { actionsOf, type ProcessKind, type ProcessRecord } from '../process/engine';
import { instantSchema, optionalText, requiredText } from '../schemas/common';

/**
 * Early warnings (预警) of a possible collective incident (群体性事件) as a kind of the process engine: who (how
 * many people), when, where, what they demand, the level and the analysis notes; reported → responding →
 * resolved / dismissed. An **emergency** warning is urgent (`urgent`): it comes first on every worklist of
 * warnings, its clocks run in natural hours (1 hour to respond, 24 to dispose), and the leaders are notified.
 */
export const warningLevels = ['blue', 'yellow', 'orange', 'red'] as const;
export const warningLevelZh: Record<(typeof warningLevels)[number], string> = {
  blue: '蓝色（一般）',
  yellow: '黄色（较重）',
  orange: '橙色（严重）',
  red: '红色（特别严重）',
};
export const warningSources = ['patrol', 'dispute', 'petition', 'hotline', 'network', 'police', 'other'] as const;

const gridCode = z
  .string()
  .regex(/^\d{15}$/, { error: 'gridCode has 15 digits' })
  .optional();

/** `POST /api/early-warnings` */
export const earlyWarningInputSchema = z.object({
  subject: requiredText('subject', 500),
  peopleCount: z
    .int({ error: 'peopleCount is a whole number' })
    .positive({ error: 'peopleCount is at least 1' })
    .max(1_000_000, { error: 'peopleCount is too large' }),
  /** when the gathering is expected (or began) */
  expectedAt: instantSchema.optional(),
  place: requiredText('place', 300),
  demands: requiredText('demands', 3000),
  level: z.enum(warningLevels, { error: 'level is blue, yellow, orange or red' }),
  source: z.enum(warningSources, { error: `source is one of ${warningSources.join(', ')}` }).optional(),
  /** emergency mode from the start */
  emergency: z.boolean({ error: 'emergency is true or false' }).optional(),
  analysis: optionalText('analysis', 5000),
  gridCode,
});
export type EarlyWarningInput = z.infer<typeof earlyWarningInputSchema>;

const respondBody = z.object({
  lead: requiredText('lead', 100),
  measures: requiredText('measures', 3000),
});
const analyseBody = z.object({ notes: requiredText('notes', 5000) });
const emergencyBody = z.object({ reason: requiredText('reason', 2000) });
const resolveBody = z.object({
  outcome: z.enum(['defused', 'occurred'], { error: 'outcome is defused or occurred' }),
  summary: requiredText('summary', 5000),
});
const dismissBody = z.object({ reason: requiredText('reason', 2000) });

export interface EarlyWarningData {
  subject: string;
  peopleCount: number;
  expectedAt?: string;
  place: string;
  demands: string;
  level: (typeof warningLevels)[number];
  source?: (typeof warningSources)[number];
  emergency: boolean;
  emergencyAt?: string;
  emergencyReason?: string;
  analyses: Array<{ at: string; notes: string; by?: string }>;
  reportedAt: string;
  response?: { lead: string; measures: string; at: string; minutes: number };
  outcome?: { outcome: 'defused' | 'occurred'; summary: string; at: string };
}

export type EarlyWarning = ProcessRecord<EarlyWarningData>;

const act = actionsOf<EarlyWarningData>();

export const earlyWarningKind: ProcessKind<EarlyWarningData, EarlyWarningInput> = {
  kind: 'warning',
  label: 'Early warning',
  labelZh: '预警',
  path: 'early-warnings',
  operationNouns: { one: 'EarlyWarning', many: 'EarlyWarnings' },
  numberPrefix: 'YJ',
  filters: ['level'],
  steps: {
    reported: { label: '待响应' },
    responding: { label: '处置中' },
    resolved: { label: '已处置', terminal: true },
    dismissed: { label: '已排除', terminal: true },
  },
  clocks: {
    response: { label: '响应时限', unit: 'workingHours', value: 8 },
    disposal: { label: '处置时限', unit: 'workingDays', value: 5 },
    emergencyResponse: { label: '紧急响应时限', unit: 'naturalHours', value: 1 },
    emergencyDisposal: { label: '紧急处置时限', unit: 'naturalHours', value: 24 },
  },
  input: earlyWarningInputSchema,
  permissions: { create: 'warning.create', read: 'warning.read' },
  // a grid worker raises and sees the warnings of their own grids
  audience: { grid: true },
  urgent: (r) => r.data.emergency === true,
  create(input, ctx) {
    const { gridCode: grid, emergency, analysis, ...rest } = input;
    const at = ctx.now.toISOString();
    const data: EarlyWarningData = {
      ...rest,
      emergency: emergency === true,
      ...(emergency ? { emergencyAt: at } : {}),
      analyses: analysis ? [{ at, notes: analysis, ...(ctx.actor.name ? { by: ctx.actor.name } : {}) }] : [],
      reportedAt: at,
    };
    return {
      step: 'reported',
      data,
      gridCode: grid,
      clock: { name: emergency ? 'emergencyResponse' : 'response' },
      ...(emergency ? { note: '紧急预警：启动应急处置' } : {}),
    };
  },
  actions: {
    analyse: act({
      label: '研判',
      from: ['reported', 'responding'],
      permission: 'warning.handle',
      body: analyseBody,
      to: (r) => r.step,
      apply: (d, b, ctx) => ({
        ...d,
        analyses: [
          ...d.analyses,
          { at: ctx.now.toISOString(), notes: b.notes, ...(ctx.actor.name ? { by: ctx.actor.name } : {}) },
        ],
      }),
      note: (b) => b.notes,
    }),
    emergency: act({
      label: '启动应急',
      from: ['reported', 'responding'],
      permission: 'warning.emergency',
      body: emergencyBody,
      to: (r) => r.step,
      guard: (r) =>
        r.data.emergency ? { path: 'emergency', message: 'the warning is in emergency mode already' } : undefined,
      apply: (d, b, ctx) => ({ ...d, emergency: true, emergencyAt: ctx.now.toISOString(), emergencyReason: b.reason }),
      // the natural-hour clock of the step the warning is at
      clock: { start: (r) => (r.step === 'reported' ? 'emergencyResponse' : 'emergencyDisposal') },
      note: (b) => b.reason,
    }),
    respond: act({
      label: '响应',
      from: ['reported'],
      permission: 'warning.handle',
      body: respondBody,
      to: 'responding',
      apply: (d, b, ctx) => ({
        ...d,
        response: {
          lead: b.lead,
          measures: b.measures,
          at: ctx.now.toISOString(),
          minutes: Math.max(0, Math.round((ctx.now.getTime() - Date.parse(d.reportedAt)) / 60_000)),
        },
      }),
      clock: { start: (r) => (r.data.emergency ? 'emergencyDisposal' : 'disposal') },
      note: (b) => b.measures,
    }),
    resolve: act({
      label: '处置完毕',
      from: ['responding'],
      permission: 'warning.handle',
      body: resolveBody,
      to: 'resolved',
      apply: (d, b, ctx) => ({ ...d, outcome: { ...b, at: ctx.now.toISOString() } }),
      note: (b) => b.summary,
    }),
    dismiss: act({
      label: '排除',
      from: ['reported', 'responding'],
      permission: 'warning.handle',
      body: dismissBody,
      to: 'dismissed',
      note: (b) => b.reason,
    }),
  },
  counters(r) {
    const d = r.data;
    const add = {
      warnings: 1,
      emergencies: d.emergency ? 1 : 0,
      responded: d.response ? 1 : 0,
      responseMinutes: d.response?.minutes ?? 0,
      defused: d.outcome?.outcome === 'defused' ? 1 : 0,
      occurred: d.outcome?.outcome === 'occurred' ? 1 : 0,
      people: d.peopleCount,
    };
    return { add, by: [{ dimension: 'level', value: d.level }] };
  },
};
