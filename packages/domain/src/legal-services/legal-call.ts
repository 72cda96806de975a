import * as z from 'zod';
import { actionsOf, type ProcessKind, type ProcessRecord } from '../process/engine';
import { optionalText, requiredText } from '../schemas/common';

/**
 * The 12348 public-legal-service hotline log (公共法律服务热线) as a kind of the process engine: each call (caller,
 * question type, question, answer) is answered at once or within a working day; a call may be referred
 * (转介) to mediation, legal aid or the petition office, which creates the linked record (a dispute file, a
 * legal-aid application, a petition) and keeps its id on the call (`referral.recordId`).
 */
export const legalQuestionTypes = [
  'marriage',
  'labour',
  'contract',
  'property',
  'injury',
  'neighbourhood',
  'consumer',
  'administrative',
  'criminal',
  'other',
] as const;
export const legalQuestionTypeZh: Record<(typeof legalQuestionTypes)[number], string> = {
  marriage: '婚姻家庭',
  labour: '劳动争议',
  contract: '合同纠纷',
  property: '房产物业',
  injury: '人身损害',
  neighbourhood: '邻里纠纷',
  consumer: '消费维权',
  administrative: '行政事务',
  criminal: '刑事法律',
  other: '其他',
};
export const referralTargets = ['mediation', 'legalAid', 'petition'] as const;
export type ReferralTarget = (typeof referralTargets)[number];

const gridCode = z
  .string()
  .regex(/^\d{15}$/, { error: 'gridCode has 15 digits' })
  .optional();

export const callerSchema = z.object({
  name: requiredText('caller.name', 50),
  phone: optionalText('caller.phone', 20),
});

export const referralSchema = z.object({
  to: z.enum(referralTargets, { error: 'referral.to is mediation, legalAid or petition' }),
  /** the other side of a dispute referred to mediation */
  respondent: optionalText('referral.respondent', 100),
  note: optionalText('referral.note', 1000),
});
export type Referral = z.infer<typeof referralSchema>;

/** `POST /api/legal-calls` */
export const legalCallInputSchema = z.object({
  caller: callerSchema,
  questionType: z.enum(legalQuestionTypes, { error: `questionType is one of ${legalQuestionTypes.join(', ')}` }),
  question: requiredText('question', 5000),
  answer: optionalText('answer', 10_000),
  referral: referralSchema.optional(),
  gridCode,
});
export type LegalCallInput = z.infer<typeof legalCallInputSchema>;

export interface LegalCallData {
  caller: { name: string; phone?: string };
  questionType: (typeof legalQuestionTypes)[number];
  question: string;
  answer?: string;
  answeredAt?: string;
  referral?: Referral & {
    at: string;
    /** the record the referral created (set once it exists) */
    recordKind?: string;
    recordId?: string;
  };
}

export type LegalCall = ProcessRecord<LegalCallData>;

const act = actionsOf<LegalCallData>();

export const legalCallKind: ProcessKind<LegalCallData, LegalCallInput> = {
  kind: 'legalcall',
  label: 'Legal hotline call',
  labelZh: '12348热线',
  path: 'legal-calls',
  operationNouns: { one: 'LegalCall', many: 'LegalCalls' },
  numberPrefix: 'RX',
  filters: ['questionType'],
  steps: {
    open: { label: '待解答' },
    answered: { label: '已解答', terminal: true },
    referred: { label: '已转介', terminal: true },
  },
  clocks: { answer: { label: '回复时限', unit: 'workingDays', value: 1 } },
  input: legalCallInputSchema,
  permissions: { create: 'legal.create', read: 'legal.read' },
  create(input, ctx) {
    const { gridCode: grid, referral, ...rest } = input;
    const at = ctx.now.toISOString();
    const data: LegalCallData = {
      ...rest,
      ...(input.answer ? { answeredAt: at } : {}),
      ...(referral ? { referral: { ...referral, at } } : {}),
    };
    if (referral) return { step: 'referred', data, gridCode: grid };
    if (input.answer) return { step: 'answered', data, gridCode: grid };
    return { step: 'open', data, gridCode: grid, clock: { name: 'answer' } };
  },
  actions: {
    answer: act({
      label: '解答',
      from: ['open'],
      permission: 'legal.handle',
      body: z.object({ answer: requiredText('answer', 10_000) }),
      to: 'answered',
      apply: (d, b, ctx) => ({ ...d, answer: b.answer, answeredAt: ctx.now.toISOString() }),
    }),
    refer: act({
      label: '转介',
      from: ['open'],
      permission: 'legal.handle',
      body: referralSchema.extend({ answer: optionalText('answer', 10_000) }),
      to: 'referred',
      apply: (d, b, ctx) => {
        const { answer, ...referral } = b;
        const at = ctx.now.toISOString();
        return { ...d, ...(answer ? { answer, answeredAt: at } : {}), referral: { ...referral, at } };
      },
      note: (b) => b.note,
    }),
  },
  counters(r) {
    const d = r.data;
    const add = {
      calls: 1,
      answered: d.answer ? 1 : 0,
      referred: d.referral ? 1 : 0,
    };
    return {
      add,
      by: [
        { dimension: 'questionType', value: d.questionType },
        ...(d.referral ? [{ dimension: 'referral', value: d.referral.to }] : []),
      ],
    };
  },
};
