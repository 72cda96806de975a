import * as z from 'zod';
import { dateToDayIndex, dayIndexToDate } from '../calendar/shanghai-time';
import { isoDateSchema } from '../people/person';
import { optionalText, requiredText } from '../schemas/common';

/**
 * Special populations (特殊人群): the most sensitive records of the system. A profile (列管档案) links a person of
 * the base database to a group, a risk grade on the group's own scale, the responsible worker and the 帮扶 team; the
 * visit frequency follows from the risk grade by the tenant's table. Visits run on the process engine (visit.ts).
 */
export const specialGroups = ['correction', 'released', 'mental', 'drug', 'youth'] as const;
export type SpecialGroup = (typeof specialGroups)[number];

export const specialGroupLabels: Readonly<Record<SpecialGroup, string>> = {
  correction: '社区矫正对象',
  released: '刑满释放人员',
  mental: '严重精神障碍患者',
  drug: '社区戒毒康复人员',
  youth: '重点青少年',
};

/** Each group's own risk scale: 严重精神障碍 0–5 (national grading), the others 1 (低) – 3 (高 / 严管). */
export const riskScales: Readonly<Record<SpecialGroup, { min: number; max: number }>> = {
  correction: { min: 1, max: 3 },
  released: { min: 1, max: 3 },
  mental: { min: 0, max: 5 },
  drug: { min: 1, max: 3 },
  youth: { min: 1, max: 3 },
};

/**
 * The default visit frequency in days by group and risk grade (a tenant sets its own): grade ≥ 3 of a mental
 * disorder is close follow-up, the top grade of every group is weekly.
 */
export const defaultVisitDays: Readonly<Record<SpecialGroup, Readonly<Record<string, number>>>> = {
  correction: { '1': 30, '2': 14, '3': 7 },
  released: { '1': 90, '2': 30, '3': 7 },
  mental: { '0': 90, '1': 90, '2': 30, '3': 7, '4': 7, '5': 7 },
  drug: { '1': 30, '2': 14, '3': 7 },
  youth: { '1': 30, '2': 14, '3': 7 },
};

/** A tenant's frequency table: days between visits by group and grade (missing entries use the default). */
export type VisitFrequencyTable = Partial<Record<SpecialGroup, Record<string, number>>>;

/** 安置帮教 of a released prisoner lasts five years from the release. */
export const RESETTLEMENT_YEARS = 5;

/** Days between visits of a grade in a group: the tenant's table, else the default. */
export function visitDaysFor(group: SpecialGroup, grade: number, table: VisitFrequencyTable = {}): number {
  return table[group]?.[String(grade)] ?? defaultVisitDays[group][String(grade)] ?? 30;
}

/** The end of 安置帮教: five years after the release date (`YYYY-MM-DD`). */
export function resettlementEnd(releasedOn: string): string {
  const [y, m, d] = releasedOn.split('-');
  const candidate = `${Number(y) + RESETTLEMENT_YEARS}-${m}-${d}`;
  // 29 February + 5 years is 1 March
  return dateToDayIndex(candidate) === undefined ? `${Number(y) + RESETTLEMENT_YEARS}-03-01` : candidate;
}

const groupSchema = z.enum(specialGroups, { error: `group is one of ${specialGroups.join(', ')}` });
const gradeSchema = z.int({ error: 'riskGrade is a whole number' });
const teamSchema = z
  .array(requiredText('team', 50), { error: 'team is a list of names' })
  .max(20, { error: 'team holds at most 20' });
const everySchema = z
  .int({ error: 'visitEveryDays is a whole number' })
  .min(1, { error: 'visitEveryDays is at least 1' })
  .max(366, { error: 'visitEveryDays is at most 366' });

/** A grade off the group's scale → 400 on `riskGrade`. */
function checkGrade(group: SpecialGroup, grade: number, ctx: z.RefinementCtx) {
  const { min, max } = riskScales[group];
  if (grade < min || grade > max) {
    ctx.addIssue({ code: 'custom', path: ['riskGrade'], message: `riskGrade of ${group} is ${min}–${max}` });
  }
}

/** `POST /api/special-populations` */
export const profileInputSchema = z
  .object({
    personId: z.string({ error: 'personId is required' }).min(1).max(64, { error: 'personId is too long' }),
    group: groupSchema,
    riskGrade: gradeSchema,
    responsibleUserId: z.string({ error: 'responsibleUserId is required' }).min(1).max(64),
    team: teamSchema.optional(),
    /** 列管 from (default today) */
    startDate: isoDateSchema.optional(),
    /** 刑满释放: the release date (安置帮教 ends five years later) */
    releasedOn: isoDateSchema.optional(),
    endDate: isoDateSchema.optional(),
    /** overrides the tenant's frequency table for this person */
    visitEveryDays: everySchema.optional(),
    note: optionalText('note', 1000),
  })
  .superRefine((p, ctx) => {
    checkGrade(p.group, p.riskGrade, ctx);
    if (p.group === 'released' && !p.releasedOn) {
      ctx.addIssue({ code: 'custom', path: ['releasedOn'], message: 'releasedOn is required for released' });
    }
  });
export type ProfileInput = z.infer<typeof profileInputSchema>;

/** `PATCH /api/special-populations/{id}` */
export const profileUpdateSchema = z.object({
  version: z.int({ error: 'version is a whole number' }).nonnegative(),
  riskGrade: gradeSchema.optional(),
  responsibleUserId: z.string().min(1).max(64).optional(),
  team: teamSchema.optional(),
  visitEveryDays: everySchema.optional(),
  note: optionalText('note', 1000),
});
export type ProfileUpdate = z.infer<typeof profileUpdateSchema>;

/** The grade of an update checked against the profile's group (400 on `riskGrade`). */
export function gradeProblem(group: SpecialGroup, grade: number): string | undefined {
  const { min, max } = riskScales[group];
  return grade < min || grade > max ? `riskGrade of ${group} is ${min}–${max}` : undefined;
}

const instant = z.iso.datetime({ offset: true, error: 'at must be an ISO 8601 date-time with a zone' });

/** `POST /api/special-populations/{id}/visits`: a 走访 record (also the engine's `visit` action body). */
export const visitRecordSchema = z.object({
  at: instant,
  place: requiredText('place', 200),
  findings: requiredText('findings', 5000),
  photos: z
    .array(z.string().max(300, { error: 'photos holds file keys' }), { error: 'photos is a list of file keys' })
    .max(20, { error: 'photos holds at most 20' })
    .optional(),
});
export type VisitRecord = z.infer<typeof visitRecordSchema>;

export const assistanceKinds = ['living', 'employment', 'medical', 'judicial'] as const;
export const assistanceLabels: Readonly<Record<(typeof assistanceKinds)[number], string>> = {
  living: '生活救助',
  employment: '就业帮扶',
  medical: '医疗救助',
  judicial: '司法救助',
};

/** `POST /api/special-populations/{id}/assistance` */
export const assistanceSchema = z.object({
  kind: z.enum(assistanceKinds, { error: `kind is one of ${assistanceKinds.join(', ')}` }),
  at: isoDateSchema,
  note: requiredText('note', 2000),
  amount: z
    .number({ error: 'amount is a number (yuan)' })
    .nonnegative({ error: 'amount must not be negative' })
    .max(1e9, { error: 'amount is too large' })
    .optional(),
});
export type Assistance = z.infer<typeof assistanceSchema>;

/** `POST /api/special-populations/{id}/release` (解除列管) */
export const releaseSchema = z.object({
  on: isoDateSchema,
  reason: requiredText('reason', 1000),
});

/** `POST /api/special-populations/{id}/transfer` (衔接 to a sibling street) */
export const transferSchema = z.object({
  toTenantId: z.string({ error: 'toTenantId is required' }).min(1).max(40),
  reason: requiredText('reason', 1000),
});

/** `PUT /api/special-visit-frequencies` */
export const frequencyTableSchema = z
  .object({
    table: z.partialRecord(
      groupSchema,
      z.record(
        z.string().regex(/^\d$/, { error: 'a grade is one digit' }),
        z.int({ error: 'days are whole numbers' }).min(1, { error: 'days are at least 1' }).max(366),
      ),
    ),
  })
  .superRefine((t, ctx) => {
    for (const [group, grades] of Object.entries(t.table)) {
      for (const grade of Object.keys(grades ?? {})) {
        const problem = gradeProblem(group as SpecialGroup, Number(grade));
        if (problem) ctx.addIssue({ code: 'custom', path: ['table', group, grade], message: problem });
      }
    }
  });

export type ProfileStatus = 'listed' | 'released' | 'transferred';
export const profileStatusLabels: Readonly<Record<ProfileStatus, string>> = {
  listed: '列管',
  released: '解除',
  transferred: '已转出',
};

/** An alert on a profile: missed visit, risk raised, moved away, transferred in. */
export interface ProfileAlert {
  type: 'riskRaised' | 'missedVisit' | 'movedAway' | 'transferredIn';
  at: string;
  note: string;
}

/** A profile (列管档案) as stored. */
export interface SpecialProfile {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  personId: string;
  /** the person's name (the profile list shows it; ID number and phone stay on the person, masked) */
  personName: string;
  gridCode?: string;
  group: SpecialGroup;
  riskGrade: number;
  responsibleUserId: string;
  responsibleName?: string;
  team: string[];
  visitEveryDays: number;
  /** set by `visitEveryDays` of the input or update: the table no longer decides */
  visitEveryFixed?: boolean;
  status: ProfileStatus;
  startDate: string;
  endDate?: string;
  releasedOn?: string;
  /** the open visit (a record of the process engine's `specialvisit` kind) */
  visitId?: string;
  lastVisitAt?: string;
  visits: number;
  assistance: { count: number; amount: number };
  alerts: ProfileAlert[];
  transfer?: { toTenantId: string; reason: string; requestedAt: string; requestedBy: string };
  transferredTo?: { tenantId: string; profileId: string; at: string };
  transferredFrom?: { tenantId: string; profileId: string; at: string };
}

/** A new profile (id, now and the derived fields from the caller). */
export function newProfile(
  input: ProfileInput,
  made: {
    id: string;
    now: Date;
    personName: string;
    gridCode?: string;
    responsibleName?: string;
    table: VisitFrequencyTable;
  },
): SpecialProfile {
  const at = made.now.toISOString();
  const today = dayIndexToDate(Math.floor((made.now.getTime() + 8 * 3_600_000) / 86_400_000));
  const endDate = input.endDate ?? (input.releasedOn ? resettlementEnd(input.releasedOn) : undefined);
  return {
    id: made.id,
    version: 1,
    createdAt: at,
    updatedAt: at,
    personId: input.personId,
    personName: made.personName,
    ...(made.gridCode ? { gridCode: made.gridCode } : {}),
    group: input.group,
    riskGrade: input.riskGrade,
    responsibleUserId: input.responsibleUserId,
    ...(made.responsibleName ? { responsibleName: made.responsibleName } : {}),
    team: input.team ?? [],
    visitEveryDays: input.visitEveryDays ?? visitDaysFor(input.group, input.riskGrade, made.table),
    ...(input.visitEveryDays ? { visitEveryFixed: true } : {}),
    status: 'listed',
    startDate: input.startDate ?? today,
    ...(endDate ? { endDate } : {}),
    ...(input.releasedOn ? { releasedOn: input.releasedOn } : {}),
    visits: 0,
    assistance: { count: 0, amount: 0 },
    alerts: [],
  };
}
