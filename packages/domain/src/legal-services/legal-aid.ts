import * as z from 'zod';
import { actionsOf, type ProcessKind, type ProcessRecord } from '../process/engine';
import { optionalText, requiredText } from '../schemas/common';

/**
 * Legal-aid applications (法律援助) on the four-level platform as a kind of the process engine: received at the
 * district centre, routed down to the street's judicial office and the community's legal adviser, accepted
 * (受理: eligibility decided within 7 working days of the application), assigned to a lawyer (指派), concluded
 * (办结) within 90 days of the assignment, and followed up (回访, satisfaction) within 30 days.
 */
export const aidLevels = ['district', 'street', 'community'] as const;
export type AidLevel = (typeof aidLevels)[number];
export const aidLevelZh: Record<AidLevel, string> = {
  district: '区法律援助中心',
  street: '街道司法所',
  community: '社区法律顾问',
};
export const aidMatters = ['labour', 'marriage', 'injury', 'pension', 'criminal', 'other'] as const;

const gridCode = z
  .string()
  .regex(/^\d{15}$/, { error: 'gridCode has 15 digits' })
  .optional();

/** `POST /api/legal-aid` */
export const legalAidInputSchema = z.object({
  applicant: z.object({
    name: requiredText('applicant.name', 50),
    phone: optionalText('applicant.phone', 20),
    personId: z.string().max(64, { error: 'applicant.personId must be at most 64 characters' }).optional(),
  }),
  matter: requiredText('matter', 5000),
  matterType: z.enum(aidMatters, { error: `matterType is one of ${aidMatters.join(', ')}` }).optional(),
  /** the facts the eligibility rests on (经济困难, 特殊案件 …) */
  eligibility: z
    .object({
      lowIncome: z.boolean({ error: 'eligibility.lowIncome is true or false' }).optional(),
      specialGroup: optionalText('eligibility.specialGroup', 100),
      facts: optionalText('eligibility.facts', 3000),
    })
    .optional(),
  documents: z
    .array(z.string().max(300, { error: 'documents must be at most 300 characters each' }), {
      error: 'documents is a list of file keys',
    })
    .max(20, { error: 'documents holds at most 20' })
    .optional(),
  /** where the application was received (district by default) */
  level: z.enum(aidLevels, { error: 'level is district, street or community' }).optional(),
  /** the 12348 call it came from */
  callId: z.string().max(64, { error: 'callId must be at most 64 characters' }).optional(),
  gridCode,
});
export type LegalAidInput = z.infer<typeof legalAidInputSchema>;

export interface LegalAidData {
  applicant: { name: string; phone?: string; personId?: string };
  matter: string;
  matterType?: (typeof aidMatters)[number];
  eligibility?: { lowIncome?: boolean; specialGroup?: string; facts?: string };
  documents?: string[];
  callId?: string;
  level: AidLevel;
  /** the unit at each level it passed, in order */
  route: Array<{ level: AidLevel; unit?: string; at: string }>;
  receivedAt: string;
  acceptedAt?: string;
  acceptedOnTime?: boolean;
  lawyer?: { name: string; firm?: string; at: string };
  conclusion?: { result: string; summary: string; at: string };
  followUp?: { channel: string; satisfaction: string; note?: string; at: string };
  declined?: { reason: string; at: string };
}

export type LegalAid = ProcessRecord<LegalAidData>;

const LEVEL_STEPS = ['district', 'street', 'community'] as const;
const act = actionsOf<LegalAidData>();

export const legalAidKind: ProcessKind<LegalAidData, LegalAidInput> = {
  kind: 'legalaid',
  label: 'Legal-aid application',
  labelZh: '法律援助',
  path: 'legal-aid',
  operationNouns: { one: 'LegalAidApplication', many: 'LegalAidApplications' },
  numberPrefix: 'FY',
  filters: ['level'],
  steps: {
    district: { label: '区中心待受理' },
    street: { label: '司法所待受理' },
    community: { label: '社区待受理' },
    accepted: { label: '待指派' },
    assigned: { label: '律师承办中' },
    concluded: { label: '待回访' },
    closed: { label: '已办结', terminal: true },
    declined: { label: '不予援助', terminal: true },
  },
  clocks: {
    acceptance: { label: '受理审查', unit: 'workingDays', value: 7 },
    assignment: { label: '指派律师', unit: 'workingDays', value: 3 },
    closing: { label: '办结时限', unit: 'naturalDays', value: 90 },
    followUp: { label: '回访时限', unit: 'naturalDays', value: 30 },
  },
  input: legalAidInputSchema,
  permissions: { create: 'legal.create', read: 'legal.read' },
  create(input, ctx) {
    const { gridCode: grid, level, ...rest } = input;
    const at = ctx.now.toISOString();
    const first = level ?? 'district';
    return {
      step: first,
      data: { ...rest, level: first, route: [{ level: first, at }], receivedAt: at },
      gridCode: grid,
      clock: { name: 'acceptance' },
    };
  },
  actions: {
    route: act({
      label: '转办',
      from: ['district', 'street'],
      permission: 'legal.route',
      body: z.object({
        to: z.enum(['street', 'community'], { error: 'to is street or community' }),
        unit: optionalText('unit', 100),
        note: optionalText('note', 1000),
      }),
      to: (_r, b) => b.to,
      guard: (r, b) =>
        aidLevels.indexOf(b.to) <= aidLevels.indexOf(r.data.level)
          ? { path: 'to', message: 'an application is routed down: district → street → community' }
          : undefined,
      apply: (d, b, ctx) => ({
        ...d,
        level: b.to,
        route: [...d.route, { level: b.to, ...(b.unit ? { unit: b.unit } : {}), at: ctx.now.toISOString() }],
      }),
      note: (b) => b.note ?? b.unit,
    }),
    accept: act({
      label: '受理',
      from: LEVEL_STEPS,
      permission: 'legal.handle',
      body: z.object({ note: optionalText('note', 1000) }),
      to: 'accepted',
      clock: { start: 'assignment' },
      apply: (d, _b, ctx, r) => ({
        ...d,
        acceptedAt: ctx.now.toISOString(),
        acceptedOnTime: r.clock?.name !== 'acceptance' || Date.parse(r.clock.deadline) >= ctx.now.getTime(),
      }),
      note: (b) => b.note,
    }),
    decline: act({
      label: '不予援助',
      from: LEVEL_STEPS,
      permission: 'legal.handle',
      body: z.object({ reason: requiredText('reason', 2000) }),
      to: 'declined',
      apply: (d, b, ctx) => ({ ...d, declined: { reason: b.reason, at: ctx.now.toISOString() } }),
      note: (b) => b.reason,
    }),
    assign: act({
      label: '指派律师',
      from: ['accepted'],
      permission: 'legal.route',
      body: z.object({ assignee: requiredText('assignee', 50), firm: optionalText('firm', 100) }),
      to: 'assigned',
      clock: { start: 'closing' },
      apply: (d, b, ctx) => ({
        ...d,
        lawyer: { name: b.assignee, ...(b.firm ? { firm: b.firm } : {}), at: ctx.now.toISOString() },
      }),
      note: (b) => (b.firm ? `${b.firm} ${b.assignee}` : b.assignee),
    }),
    conclude: act({
      label: '办结',
      from: ['assigned'],
      permission: 'legal.handle',
      body: z.object({
        result: z.enum(['won', 'partly', 'mediated', 'lost', 'withdrawn'], {
          error: 'result is won, partly, mediated, lost or withdrawn',
        }),
        summary: requiredText('summary', 5000),
      }),
      to: 'concluded',
      clock: { start: 'followUp' },
      apply: (d, b, ctx) => ({ ...d, conclusion: { ...b, at: ctx.now.toISOString() } }),
      note: (b) => b.summary,
    }),
    followUp: act({
      label: '回访',
      from: ['concluded'],
      permission: 'legal.handle',
      body: z.object({
        channel: z.enum(['phone', 'visit', 'sms'], { error: 'channel is phone, visit or sms' }),
        satisfaction: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied'], {
          error: 'satisfaction is satisfied, basically_satisfied or dissatisfied',
        }),
        note: optionalText('note', 1000),
      }),
      to: 'closed',
      apply: (d, b, ctx) => ({ ...d, followUp: { ...b, at: ctx.now.toISOString() } }),
      note: (b) => b.note,
    }),
  },
  counters(r) {
    const d = r.data;
    const sat = d.followUp?.satisfaction;
    const add = {
      applications: 1,
      accepted: d.acceptedAt ? 1 : 0,
      acceptedOnTime: d.acceptedAt && d.acceptedOnTime ? 1 : 0,
      declined: d.declined ? 1 : 0,
      concluded: d.conclusion ? 1 : 0,
      rated: sat ? 1 : 0,
      satisfied: sat === 'satisfied' || sat === 'basically_satisfied' ? 1 : 0,
    };
    return { add, by: [{ dimension: 'level', value: d.level }] };
  },
};
