import * as z from 'zod';
import { gridCodeSchema } from '../grid-code';
import { categoryCodeSchema, entityIdSchema, instantSchema, optionalText, requiredText } from '../schemas/common';

/** An evidence key returned by `POST /api/cases/{id}/evidence` (an object key, never a URL). */
const evidenceKeySchema = z
  .string({ error: 'evidence keys must be text' })
  .min(1, { error: 'evidence key must not be empty' })
  .max(512, { error: 'evidence key must be at most 512 characters' });

/** The citizen's rating (回访评价): 1 (very dissatisfied) … 5 (very satisfied). */
export const evaluationSchema = z.object({
  rating: z
    .int({ error: 'rating must be a whole number from 1 to 5' })
    .min(1, { error: 'rating must be at least 1' })
    .max(5, { error: 'rating must be at most 5' }),
  comment: optionalText('comment', 500),
});

/**
 * The body of every case action (`POST /api/cases/{id}/actions/{action}`). Unknown fields (such as the optional
 * `version`, checked by the API before the machine runs) are stripped.
 */
export const actionBodySchemas = {
  register: z.object({
    categoryCode: categoryCodeSchema,
    gridCode: gridCodeSchema.optional(),
    /** 紧急 / 一般 (default): picks the category's urgent or normal limit. */
    urgency: z.enum(['urgent', 'normal'], { error: 'urgency must be urgent or normal' }).optional(),
    note: optionalText('note', 1000),
  }),
  reject: z.object({ reason: requiredText('reason', 1000) }),
  /** 转办 to a dispute file (矛盾纠纷调解): the file exists and names this case (checked by the service). */
  transfer: z.object({
    disputeId: z.string({ error: 'disputeId must be text' }).min(1, { error: 'disputeId is required' }).max(64),
    note: optionalText('note', 1000),
  }),
  dispatch: z.object({
    departmentId: entityIdSchema,
    /** 协办 departments beside the 主办 `departmentId`. */
    assistingDepartmentIds: z.array(entityIdSchema).max(10, { error: 'at most 10 assisting departments' }).optional(),
  }),
  return: z.object({ reason: requiredText('reason', 1000) }),
  handle: z.object({
    note: requiredText('note', 2000),
    evidence: z.array(evidenceKeySchema).max(20, { error: 'at most 20 evidence files' }).optional(),
  }),
  extend: z.object({
    reason: requiredText('reason', 1000),
    until: instantSchema,
    /** Only a leader (or tenant admin) decides: `false` rejects the pending request; omitted or `true` grants. */
    approve: z.boolean({ error: 'approve must be true or false' }).optional(),
  }),
  park: z.object({ reason: requiredText('reason', 1000) }),
  unpark: z.object({ note: optionalText('note', 1000) }),
  /** 核查 on site, with the worker's photos (evidence keys) */
  verify: z.object({
    note: optionalText('note', 1000),
    evidence: z.array(evidenceKeySchema).max(9, { error: 'at most 9 evidence files' }).optional(),
  }),
  rework: z.object({
    reason: requiredText('reason', 1000),
    evidence: z.array(evidenceKeySchema).max(9, { error: 'at most 9 evidence files' }).optional(),
  }),
  close: z.object({ note: optionalText('note', 1000) }),
  evaluate: evaluationSchema,
  /** 审核 by the centre of a handled case: approve (to 核查 or to close) or reject (返工). */
  review: z.object({
    decision: z.enum(['approve', 'reject'], { error: 'decision must be approve or reject' }),
    /** Ask the grid worker for 核查 on site even when the category does not require it. */
    requestVerification: z.boolean({ error: 'requestVerification must be true or false' }).optional(),
    note: optionalText('note', 1000),
  }),
  /** 督办: a leader's supervision order. */
  supervise: z.object({ instruction: requiredText('instruction', 1000), dueBy: instantSchema.optional() }),
  /** The holder's answer to the open supervision order. */
  answer: z.object({ note: requiredText('note', 1000) }),
  /** 回访 by staff on a closed case. */
  followUp: z.object({
    channel: z.enum(['phone', 'visit', 'sms'], { error: 'channel must be phone, visit or sms' }),
    satisfaction: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied'], {
      error: 'satisfaction must be satisfied, basically_satisfied or dissatisfied',
    }),
    note: optionalText('note', 1000),
  }),
  /** 上报: a street's case moves up to its district centre's queue. */
  escalate: z.object({ reason: requiredText('reason', 1000) }),
  /** 下派: to a community below, whose own centre runs the loop. */
  assignDown: z.object({
    tenantId: z
      .string({ error: 'tenantId must be text' })
      .regex(/^[a-z0-9.]{2,60}$/, { error: 'tenantId must be a tenant id such as d0001.s001.c001' }),
    note: optionalText('note', 1000),
  }),
} as const;

/** The case actions, in loop order. */
export const actionNames = Object.keys(actionBodySchemas) as ActionName[];

/** One case action name (the last URL segment). */
export type ActionName = keyof typeof actionBodySchemas;

/** The parsed body of action `A`. */
export type ActionBody<A extends ActionName> = z.infer<(typeof actionBodySchemas)[A]>;

/** True when `value` names a case action (for the URL parameter). */
export function isActionName(value: string): value is ActionName {
  return Object.hasOwn(actionBodySchemas, value);
}
