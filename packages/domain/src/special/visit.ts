import * as z from 'zod';
import { actionsOf, type ProcessKind, type ProcessRecord } from '../process/engine';
import { requiredText } from '../schemas/common';
import { type SpecialGroup, specialGroups, type VisitRecord, visitRecordSchema } from './profile';

/**
 * A due visit (走访) of a special-population profile as a kind of the process engine: one open record per listed
 * profile, for its responsible worker, its clock the profile's visit frequency (a risk grade 3 is every 7 days).
 * A missed visit escalates to the centre like any clock; the visit record closes it and the profile's module
 * opens the next. Hidden: a role without `special.read` gets 404 on every route (PIPL).
 */
export interface SpecialVisitData {
  profileId: string;
  personName: string;
  group: SpecialGroup;
  riskGrade: number;
  responsibleUserId?: string;
  /** the responsible worker while the visit is open: the caseload is the list `?openFor=<userId>` */
  openFor?: string;
  everyDays: number;
  record?: VisitRecord;
  cancelled?: { reason: string; at: string };
}

/** What the profile's module opens a visit with (no public create route). */
export const specialVisitInputSchema = z.object({
  profileId: z.string().min(1).max(64),
  personName: requiredText('personName', 50),
  group: z.enum(specialGroups),
  riskGrade: z.int(),
  responsibleUserId: z.string().max(64).optional(),
  everyDays: z.int().min(1).max(366),
  gridCode: z
    .string()
    .regex(/^\d{15}$/)
    .optional(),
  /** the period counts from here (the last visit, a transfer); default now */
  from: z.iso.datetime({ offset: true }).optional(),
});
export type SpecialVisitInput = z.infer<typeof specialVisitInputSchema>;

const reassignBody = z.object({
  responsibleUserId: z.string({ error: 'responsibleUserId is required' }).min(1).max(64),
  everyDays: z
    .int({ error: 'everyDays is a whole number' })
    .min(1, { error: 'everyDays is at least 1' })
    .max(366, { error: 'everyDays is at most 366' }),
  riskGrade: z.int({ error: 'riskGrade is a whole number' }).optional(),
});
const cancelBody = z.object({ reason: requiredText('reason', 1000) });

/** A visit may not be recorded more than an hour ahead of now (a phone clock a little fast is fine). */
const FUTURE_SLACK_MS = 3_600_000;

const act = actionsOf<SpecialVisitData>();

export type SpecialVisit = ProcessRecord<SpecialVisitData>;

export const specialVisitKind: ProcessKind<SpecialVisitData, SpecialVisitInput> = {
  kind: 'specialvisit',
  label: 'Special-population visit',
  labelZh: '特殊人群走访',
  path: 'special-visits',
  operationNouns: { one: 'SpecialVisit', many: 'SpecialVisits' },
  hidden: true,
  createRoute: false,
  // a grid worker sees and visits the visits of its own grids only
  audience: { grid: true },
  numberPrefix: 'ZF',
  filters: ['profileId', 'openFor', 'group'],
  steps: {
    due: { label: '待走访' },
    visited: { label: '已走访', terminal: true },
    cancelled: { label: '已撤销', terminal: true },
  },
  clocks: { visit: { label: '走访时限', unit: 'naturalDays', value: 30 } },
  input: specialVisitInputSchema,
  permissions: { create: 'special.write', read: 'special.read' },
  create(input) {
    const { gridCode, from, ...rest } = input;
    return {
      step: 'due',
      data: { ...rest, ...(rest.responsibleUserId ? { openFor: rest.responsibleUserId } : {}) },
      gridCode,
      clock: { name: 'visit', from, value: input.everyDays },
    };
  },
  actions: {
    visit: act({
      label: '走访',
      from: ['due'],
      permission: 'special.write',
      body: visitRecordSchema,
      to: 'visited',
      guard: (_r, b, ctx) =>
        Date.parse(b.at) > ctx.now.getTime() + FUTURE_SLACK_MS
          ? { path: 'at', message: 'a visit cannot be recorded ahead of time' }
          : undefined,
      apply: (d, b) => {
        const { openFor: _o, ...rest } = d;
        return { ...rest, record: b };
      },
      note: (b) => b.findings,
      evidence: (b) => b.photos,
    }),
    reassign: act({
      label: '调整',
      from: ['due'],
      permission: 'special.write',
      body: reassignBody,
      to: 'due',
      apply: (d, b) => ({
        ...d,
        responsibleUserId: b.responsibleUserId,
        openFor: b.responsibleUserId,
        everyDays: b.everyDays,
        ...(b.riskGrade !== undefined ? { riskGrade: b.riskGrade } : {}),
      }),
      // the period still counts from the last visit: a grade raised to 3 makes the visit due 7 days after it
      clock: { start: 'visit', from: (r) => r.clock?.startedAt, value: (_r, b: { everyDays: number }) => b.everyDays },
    }),
    cancel: act({
      label: '撤销',
      from: ['due'],
      permission: 'special.write',
      body: cancelBody,
      to: 'cancelled',
      apply: (d, b, ctx) => {
        const { openFor: _o, ...rest } = d;
        return { ...rest, cancelled: { reason: b.reason, at: ctx.now.toISOString() } };
      },
      note: (b) => b.reason,
    }),
  },
  counters(r) {
    const open = r.finishedAt === undefined;
    const visited = r.step === 'visited';
    return {
      add: {
        /** visits made */
        visited: visited ? 1 : 0,
        /** made before the clock ran out (按期走访) */
        visitedOnTime: visited && r.finishedOnTime ? 1 : 0,
        /** 失控漏管: due, not made, its clock passed */
        missed: open && r.overdue ? 1 : 0,
      },
      by: [
        { dimension: 'group', value: r.data.group },
        { dimension: 'worker', value: r.data.responsibleUserId ?? 'unassigned' },
      ],
    };
  },
};
