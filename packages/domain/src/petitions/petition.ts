import * as z from 'zod';
import { actionsOf, type ProcessKind, type ProcessRecord } from '../process/engine';
import { instantSchema, optionalText, requiredText } from '../schemas/common';

/**
 * Petitions (信访) as a kind of the process engine, on the statutory clocks in natural days (each configurable per
 * tenant): 15 to decide acceptance, 60 to conclude from acceptance (+ up to 30 with approval), the petitioner's 30
 * days to ask for 复查 after the reply and 30 to answer it, 复核 the same. Law-related petitions are routed out of
 * the administrative clock into legal procedure (诉访分离).
 */
export const petitionChannels = ['letter', 'visit', 'online', 'phone'] as const;

export const petitionerSchema = z.object({
  personId: z.string().max(64, { error: 'petitioners.personId must be at most 64 characters' }).optional(),
  name: requiredText('petitioners.name', 50),
  phone: optionalText('petitioners.phone', 20),
});
export type Petitioner = z.infer<typeof petitionerSchema>;

/** `POST /api/petitions` */
export const petitionInputSchema = z.object({
  channel: z.enum(petitionChannels, { error: 'channel is letter, visit, online or phone' }),
  subject: requiredText('subject', 2000),
  petitioners: z
    .array(petitionerSchema, { error: 'petitioners is a list' })
    .min(1, { error: 'petitioners needs at least one petitioner' })
    .max(500, { error: 'petitioners holds at most 500' }),
  lawRelated: z.boolean({ error: 'lawRelated is true or false' }).optional(),
  /** 重复访: the same matter came before */
  repeated: z.boolean({ error: 'repeated is true or false' }).optional(),
  receivedAt: instantSchema.optional(),
  gridCode: z
    .string()
    .regex(/^\d{15}$/, { error: 'gridCode has 15 digits' })
    .optional(),
  /** the owner (责任人) of a 积案 item */
  ownerName: optionalText('ownerName', 50),
  /** the dispute whose failed mediation was transferred here (转信访): its trail starts this file's */
  fromDisputeId: z.string().max(64, { error: 'fromDisputeId must be at most 64 characters' }).optional(),
});
export type PetitionInput = z.infer<typeof petitionInputSchema>;

/** 集体访: five or more petitioners on one matter (as the regulations count it). */
export const COLLECTIVE_PETITIONERS = 5;

const note = z.object({ note: optionalText('note', 1000) });
const declineBody = z.object({ reason: requiredText('reason', 1000) });
const transferBody = z.object({ to: requiredText('to', 100), reason: requiredText('reason', 1000) });
const assignBody = z.object({
  departmentId: requiredText('departmentId', 64),
  departmentName: optionalText('departmentName', 100),
  note: optionalText('note', 1000),
});
const replyBody = z.object({
  text: requiredText('text', 10_000),
  document: z.string().max(300, { error: 'document must be at most 300 characters' }).optional(),
});
const extendBody = z.object({
  reason: requiredText('reason', 1000),
  days: z
    .int({ error: 'days is a whole number' })
    .positive({ error: 'days must be positive' })
    .max(30, { error: 'days is at most 30 (the statutory extension)' }),
});
const reviewRequest = z.object({ reason: requiredText('reason', 2000) });
const reviewBody = z.object({
  decision: z.enum(['upheld', 'revised'], { error: 'decision is upheld or revised' }),
  text: requiredText('text', 10_000),
});
const concludeBody = z.object({
  satisfaction: z
    .enum(['satisfied', 'basically_satisfied', 'dissatisfied'], {
      error: 'satisfaction is satisfied, basically_satisfied or dissatisfied',
    })
    .optional(),
  note: optionalText('note', 1000),
});

export interface PetitionData {
  channel: (typeof petitionChannels)[number];
  subject: string;
  petitioners: Petitioner[];
  lawRelated: boolean;
  repeated: boolean;
  collective: boolean;
  receivedAt: string;
  ownerName?: string;
  fromDisputeId?: string;
  acceptedAt?: string;
  /** accepted within the acceptance clock (及时受理) */
  acceptedOnTime?: boolean;
  decided?: boolean;
  assignedTo?: { departmentId: string; departmentName?: string };
  /** the department it is assigned to (交办): its list, and what a department user sees */
  departmentId?: string;
  reply?: { text: string; document?: string; at: string };
  review?: { decision: string; text: string; at: string };
  reReview?: { decision: string; text: string; at: string };
  satisfaction?: string;
  extendedDays?: number;
}

export type Petition = ProcessRecord<PetitionData>;

const HANDLING = ['accepted', 'assigned'];
const REVIEWING = ['reviewRequested', 'reReviewRequested'];

function decidedOnTime(r: Petition, now: Date): boolean {
  return r.clock?.name === 'acceptance' ? Date.parse(r.clock.deadline) >= now.getTime() : true;
}

const act = actionsOf<PetitionData>();

export const petitionKind: ProcessKind<PetitionData, PetitionInput> = {
  kind: 'petition',
  label: 'Petition',
  labelZh: '信访',
  path: 'petitions',
  operationNouns: { one: 'Petition', many: 'Petitions' },
  numberPrefix: 'XF',
  filters: ['channel', 'departmentId'],
  steps: {
    received: { label: '待受理' },
    accepted: { label: '办理中' },
    assigned: { label: '已交办' },
    replied: { label: '已答复' },
    reviewRequested: { label: '复查中' },
    reviewed: { label: '已复查' },
    reReviewRequested: { label: '复核中' },
    reReviewed: { label: '已复核' },
    concluded: { label: '已终结', terminal: true },
    declined: { label: '不予受理', terminal: true },
    transferred: { label: '已转送', terminal: true },
    legal: { label: '诉访分离', terminal: true },
  },
  clocks: {
    acceptance: { label: '受理告知', unit: 'naturalDays', value: 15 },
    handling: { label: '办理时限', unit: 'naturalDays', value: 60 },
    reviewWindow: { label: '复查申请期', unit: 'naturalDays', value: 30, escalates: false },
    review: { label: '复查时限', unit: 'naturalDays', value: 30 },
    reReviewWindow: { label: '复核申请期', unit: 'naturalDays', value: 30, escalates: false },
    reReview: { label: '复核时限', unit: 'naturalDays', value: 30 },
  },
  input: petitionInputSchema,
  permissions: { create: 'petition.create', read: 'petition.read' },
  // a department reads and replies to the petitions assigned (交办) to it, no other
  audience: { department: 'departmentId' },
  create(input, ctx) {
    const receivedAt = input.receivedAt ?? ctx.now.toISOString();
    const data: PetitionData = {
      channel: input.channel,
      subject: input.subject,
      petitioners: input.petitioners,
      lawRelated: input.lawRelated === true,
      repeated: input.repeated === true,
      collective: input.petitioners.length >= COLLECTIVE_PETITIONERS,
      receivedAt,
      ...(input.ownerName ? { ownerName: input.ownerName } : {}),
      ...(input.fromDisputeId ? { fromDisputeId: input.fromDisputeId } : {}),
    };
    if (data.lawRelated) {
      return { step: 'legal', data, gridCode: input.gridCode, note: '涉法涉诉，引导依法通过法律程序解决' };
    }
    return { step: 'received', data, gridCode: input.gridCode, clock: { name: 'acceptance', from: receivedAt } };
  },
  actions: {
    accept: act({
      label: '受理',
      from: ['received'],
      permission: 'petition.handle',
      body: note,
      to: 'accepted',
      clock: { start: 'handling' },
      apply: (d, _b, ctx, r) => ({
        ...d,
        decided: true,
        acceptedAt: ctx.now.toISOString(),
        acceptedOnTime: decidedOnTime(r, ctx.now),
      }),
      note: (b) => b.note,
    }),
    decline: act({
      label: '不予受理',
      from: ['received'],
      permission: 'petition.handle',
      body: declineBody,
      to: 'declined',
      apply: (d, _b, ctx, r) => ({ ...d, decided: true, acceptedOnTime: decidedOnTime(r, ctx.now) }),
      note: (b) => b.reason,
    }),
    transfer: act({
      label: '转送',
      from: ['received'],
      permission: 'petition.handle',
      body: transferBody,
      to: 'transferred',
      apply: (d, _b, ctx, r) => ({ ...d, decided: true, acceptedOnTime: decidedOnTime(r, ctx.now) }),
      note: (b) => `${b.to}：${b.reason}`,
    }),
    assign: act({
      label: '交办',
      from: ['accepted'],
      permission: 'petition.handle',
      body: assignBody,
      to: 'assigned',
      apply: (d, b) => ({
        ...d,
        assignedTo: { departmentId: b.departmentId, ...(b.departmentName ? { departmentName: b.departmentName } : {}) },
        departmentId: b.departmentId,
      }),
      note: (b) => b.note,
    }),
    extend: act({
      label: '延期',
      from: HANDLING,
      permission: 'petition.extend',
      body: extendBody,
      to: (r) => r.step,
      guard: (r, b) =>
        (r.data.extendedDays ?? 0) + b.days > 30
          ? { path: 'days', message: 'the extensions together are at most 30 days' }
          : undefined,
      apply: (d, b) => ({ ...d, extendedDays: (d.extendedDays ?? 0) + b.days }),
      clock: { extend: (_r, b: { days: number }) => b.days },
      note: (b) => b.reason,
    }),
    reply: act({
      label: '答复',
      from: HANDLING,
      permission: 'petition.reply',
      body: replyBody,
      to: 'replied',
      apply: (d, b, ctx) => ({
        ...d,
        reply: { text: b.text, ...(b.document ? { document: b.document } : {}), at: ctx.now.toISOString() },
      }),
      clock: { start: 'reviewWindow' },
      evidence: (b) => (b.document ? [b.document] : undefined),
    }),
    requestReview: act({
      label: '申请复查',
      from: ['replied'],
      permission: 'petition.handle',
      body: reviewRequest,
      to: 'reviewRequested',
      guard: (r, _b, ctx) =>
        r.clock?.name === 'reviewWindow' && Date.parse(r.clock.deadline) < ctx.now.getTime()
          ? { path: 'reason', message: 'the 30 days to ask for review have passed' }
          : undefined,
      clock: { start: 'review' },
      note: (b) => b.reason,
    }),
    review: act({
      label: '复查',
      from: ['reviewRequested'],
      permission: 'petition.review',
      body: reviewBody,
      to: 'reviewed',
      apply: (d, b, ctx) => ({ ...d, review: { ...b, at: ctx.now.toISOString() } }),
      clock: { start: 'reReviewWindow' },
      note: (b) => b.text,
    }),
    requestReReview: act({
      label: '申请复核',
      from: ['reviewed'],
      permission: 'petition.handle',
      body: reviewRequest,
      to: 'reReviewRequested',
      guard: (r, _b, ctx) =>
        r.clock?.name === 'reReviewWindow' && Date.parse(r.clock.deadline) < ctx.now.getTime()
          ? { path: 'reason', message: 'the 30 days to ask for re-review have passed' }
          : undefined,
      clock: { start: 'reReview' },
      note: (b) => b.reason,
    }),
    reReview: act({
      label: '复核',
      from: ['reReviewRequested'],
      permission: 'petition.review',
      body: reviewBody,
      to: 'reReviewed',
      apply: (d, b, ctx) => ({ ...d, reReview: { ...b, at: ctx.now.toISOString() } }),
      clock: { stop: true },
      note: (b) => b.text,
    }),
    conclude: act({
      label: '终结',
      from: ['replied', 'reviewed', 'reReviewed'],
      permission: 'petition.handle',
      body: concludeBody,
      to: 'concluded',
      apply: (d, b) => (b.satisfaction ? { ...d, satisfaction: b.satisfaction } : d),
      note: (b) => b.note,
    }),
  },
  counters(r) {
    const sat = r.data.satisfaction;
    const add = {
      received: 1,
      decided: r.data.decided ? 1 : 0,
      acceptedOnTime: r.data.decided && r.data.acceptedOnTime ? 1 : 0,
      accepted: r.data.acceptedAt ? 1 : 0,
      replied: r.data.reply ? 1 : 0,
      rated: sat ? 1 : 0,
      satisfied: sat === 'satisfied' || sat === 'basically_satisfied' ? 1 : 0,
      repeated: r.data.repeated ? 1 : 0,
      collective: r.data.collective ? 1 : 0,
      lawRelated: r.data.lawRelated ? 1 : 0,
      reviewed: r.data.review ? 1 : 0,
    };
    return { add, by: [{ dimension: 'channel', value: r.data.channel }] };
  },
};

/** Steps whose clock is the office's (the 积案 list: open with an owner and a due date). */
export const PETITION_HANDLING_STEPS = [...HANDLING, ...REVIEWING, 'received'] as const;
