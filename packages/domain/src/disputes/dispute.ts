import * as z from 'zod';
import { actionsOf, type ProcessKind, type ProcessRecord } from '../process/engine';
import { optionalText, requiredText } from '../schemas/common';

/**
 * Dispute mediation (矛盾纠纷排查调解) as a kind of the process engine: intake → 受理 → investigation → mediation
 * sessions → agreement (parties confirm) or failure → transfer with guidance → performance check and 回访 at 30
 * days. Mediators belong to a committee (people's / administrative / judicial: 三调联动).
 */
const act = actionsOf<DisputeData>();

export const disputeKinds = ['neighbourhood', 'family', 'property', 'labour', 'land', 'compensation', 'other'] as const;
export const disputeSources = ['patrol', 'visit', 'hotline', 'court', 'police', 'incident'] as const;
export const partyRoles = ['applicant', 'respondent', 'third_party'] as const;
export const committeeTypes = ['people', 'administrative', 'judicial'] as const;
export const transferTargets = ['litigation', 'arbitration', 'petition'] as const;
export const riskLevels = ['low', 'medium', 'high'] as const;

const gridCode = z
  .string()
  .regex(/^\d{15}$/, { error: 'gridCode has 15 digits' })
  .optional();

export const partySchema = z.object({
  personId: z.string().max(64, { error: 'parties.personId must be at most 64 characters' }).optional(),
  name: requiredText('parties.name', 50),
  role: z.enum(partyRoles, { error: 'parties.role is applicant, respondent or third_party' }),
  phone: optionalText('parties.phone', 20),
});

/** `POST /api/disputes` */
export const disputeInputSchema = z.object({
  kind: z.enum(disputeKinds, { error: `kind is one of ${disputeKinds.join(', ')}` }),
  summary: requiredText('summary', 2000),
  source: z.enum(disputeSources, { error: `source is one of ${disputeSources.join(', ')}` }),
  parties: z
    .array(partySchema, { error: 'parties is a list' })
    .min(1, { error: 'parties needs at least one party' })
    .max(50, { error: 'parties holds at most 50' }),
  gridCode,
  amount: z
    .number({ error: 'amount is a number (yuan)' })
    .nonnegative({ error: 'amount must not be negative' })
    .max(1e12, { error: 'amount is too large' })
    .optional(),
  risk: z.enum(riskLevels, { error: 'risk is low, medium or high' }).optional(),
  /** convert an incident of a dispute category (its trail is kept on the file) */
  fromCaseId: z.string().max(64, { error: 'fromCaseId must be at most 64 characters' }).optional(),
});
export type DisputeInput = z.infer<typeof disputeInputSchema>;
export type Party = z.infer<typeof partySchema>;

export const mediationSessionSchema = z.object({
  at: z.iso.datetime({ offset: true, error: 'at must be an ISO 8601 date-time with a zone' }),
  mediator: requiredText('mediator', 50),
  committee: requiredText('committee', 100),
  committeeType: z.enum(committeeTypes, { error: 'committeeType is people, administrative or judicial' }).optional(),
  attendees: z.array(requiredText('attendees', 50)).max(50, { error: 'attendees holds at most 50' }).optional(),
  record: requiredText('record', 5000),
});
export type MediationSession = z.infer<typeof mediationSessionSchema> & { n: number };

const acceptBody = z.object({ note: optionalText('note', 1000), risk: z.enum(riskLevels).optional() });
const agreeBody = z.object({
  terms: requiredText('terms', 5000),
  /** names of the parties who confirmed (签字确认) */
  confirmedBy: z.array(requiredText('confirmedBy', 50)).min(1, { error: 'confirmedBy needs at least one party' }),
  document: z.string().max(300, { error: 'document must be at most 300 characters' }).optional(),
  note: optionalText('note', 1000),
});
const failBody = z.object({ reason: requiredText('reason', 1000) });
const transferBody = z.object({
  to: z.enum(transferTargets, { error: 'to is litigation, arbitration or petition' }),
  guidance: requiredText('guidance', 2000),
});
const followUpBody = z.object({
  channel: z.enum(['phone', 'visit', 'sms'], { error: 'channel is phone, visit or sms' }),
  performed: z.boolean({ error: 'performed is true or false (the agreement was carried out)' }),
  satisfaction: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied'], {
    error: 'satisfaction is satisfied, basically_satisfied or dissatisfied',
  }),
  note: optionalText('note', 1000),
});

/** The dispute's own fields. */
export interface DisputeData {
  kind: (typeof disputeKinds)[number];
  summary: string;
  source: (typeof disputeSources)[number];
  parties: Party[];
  amount?: number;
  risk?: (typeof riskLevels)[number];
  fromCaseId?: string;
  /** the petition file opened when the failed mediation was transferred to 信访 */
  petitionId?: string;
  sessions: MediationSession[];
  /** the mediator and committee of the latest session (the KPI rows) */
  mediator?: string;
  committee?: string;
  agreement?: { terms: string; confirmedBy: string[]; document?: string; at: string };
  failure?: { reason: string; at: string };
  transfer?: { to: (typeof transferTargets)[number]; guidance: string; at: string };
  followUp?: { channel: string; performed: boolean; satisfaction: string; at: string };
}

export type Dispute = ProcessRecord<DisputeData>;

export const disputeKind: ProcessKind<DisputeData, DisputeInput> = {
  kind: 'dispute',
  label: 'Dispute',
  labelZh: '矛盾纠纷',
  path: 'disputes',
  operationNouns: { one: 'Dispute', many: 'Disputes' },
  numberPrefix: 'JF',
  filters: ['kind', 'source'],
  steps: {
    received: { label: '待受理' },
    accepted: { label: '调查中' },
    mediating: { label: '调解中' },
    agreed: { label: '履行回访' },
    failed: { label: '调解不成' },
    closed: { label: '已办结', terminal: true },
    transferred: { label: '已转出', terminal: true },
  },
  clocks: {
    acceptance: { label: '受理时限', unit: 'naturalDays', value: 3 },
    mediation: { label: '调解时限', unit: 'naturalDays', value: 30 },
    followUp: { label: '回访时限', unit: 'naturalDays', value: 30 },
    transfer: { label: '转出时限', unit: 'naturalDays', value: 5 },
  },
  input: disputeInputSchema,
  permissions: { create: 'dispute.create', read: 'dispute.read' },
  // a grid worker (人民调解员 in the field) finds and mediates the disputes of their own grids
  audience: { grid: true },
  create(input) {
    const { fromCaseId, gridCode: grid, ...rest } = input;
    return {
      step: 'received',
      data: { ...rest, sessions: [], ...(fromCaseId ? { fromCaseId } : {}) },
      gridCode: grid,
      clock: { name: 'acceptance' },
    };
  },
  actions: {
    accept: act({
      label: '受理',
      from: ['received'],
      permission: 'dispute.handle',
      body: acceptBody,
      to: 'accepted',
      clock: { start: 'mediation' },
      apply: (d, b) => (b.risk ? { ...d, risk: b.risk } : d),
      note: (b) => b.note,
    }),
    mediate: act({
      label: '调解',
      from: ['accepted', 'mediating'],
      permission: 'dispute.mediate',
      body: mediationSessionSchema,
      to: 'mediating',
      apply: (d, b) => ({
        ...d,
        sessions: [...d.sessions, { ...b, n: d.sessions.length + 1 }],
        mediator: b.mediator,
        committee: b.committee,
      }),
      note: (b) => b.record,
    }),
    agree: act({
      label: '达成协议',
      from: ['mediating'],
      permission: 'dispute.mediate',
      body: agreeBody,
      to: 'agreed',
      guard: (r, b) => {
        const names = new Set(r.data.parties.map((p) => p.name));
        const stranger = b.confirmedBy.find((n) => !names.has(n));
        return stranger ? { path: 'confirmedBy', message: `${stranger} is not a party of this dispute` } : undefined;
      },
      apply: (d, b, ctx) => ({
        ...d,
        agreement: {
          terms: b.terms,
          confirmedBy: b.confirmedBy,
          ...(b.document ? { document: b.document } : {}),
          at: ctx.now.toISOString(),
        },
      }),
      clock: { start: 'followUp' },
      note: (b) => b.note,
      evidence: (b) => (b.document ? [b.document] : undefined),
    }),
    fail: act({
      label: '调解不成',
      from: ['accepted', 'mediating'],
      permission: 'dispute.mediate',
      body: failBody,
      to: 'failed',
      apply: (d, b, ctx) => ({ ...d, failure: { reason: b.reason, at: ctx.now.toISOString() } }),
      clock: { start: 'transfer' },
      note: (b) => b.reason,
    }),
    transfer: act({
      label: '转出',
      from: ['failed'],
      permission: 'dispute.handle',
      body: transferBody,
      to: 'transferred',
      apply: (d, b, ctx) => ({ ...d, transfer: { ...b, at: ctx.now.toISOString() } }),
      note: (b) => b.guidance,
    }),
    followUp: act({
      label: '回访',
      from: ['agreed'],
      permission: 'dispute.mediate',
      body: followUpBody,
      to: 'closed',
      apply: (d, b, ctx) => ({
        ...d,
        followUp: {
          channel: b.channel,
          performed: b.performed,
          satisfaction: b.satisfaction,
          at: ctx.now.toISOString(),
        },
      }),
      note: (b) => b.note,
    }),
  },
  counters(r) {
    const add = {
      /** 排查数: every dispute taken in */
      found: 1,
      /** 调处数: mediated at least once */
      mediated: r.data.sessions.length > 0 ? 1 : 0,
      agreed: r.data.agreement ? 1 : 0,
      failed: r.data.failure ? 1 : 0,
      followedUp: r.data.followUp ? 1 : 0,
      performed: r.data.followUp?.performed ? 1 : 0,
    };
    const by: { dimension: string; value: string }[] = [{ dimension: 'kind', value: r.data.kind }];
    if (r.data.committee) by.push({ dimension: 'committee', value: r.data.committee });
    if (r.data.mediator) by.push({ dimension: 'mediator', value: r.data.mediator });
    return { add, by };
  },
};
