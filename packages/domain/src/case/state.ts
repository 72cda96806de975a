import * as z from 'zod';
import { roleSchema } from '../roles';
import { categoryCodeSchema, entityIdSchema, instantSchema, locationSchema } from '../schemas/common';
import { caseSources, caseSteps } from './steps';

/** An extension (延期): requested by a department and decided by a leader, or granted by a leader at once. */
export const extensionSchema = z.object({
  status: z.enum(['pending', 'granted', 'rejected', 'withdrawn']),
  reason: z.string(),
  until: instantSchema,
  requestedBy: z.string(),
  requestedAt: instantSchema,
  decidedBy: z.string().optional(),
  decidedAt: instantSchema.optional(),
  decisionNote: z.string().optional(),
});

/** An extension record. */
export type Extension = z.infer<typeof extensionSchema>;

/** 督办单: a leader's supervision order on an open case, and the holder's answer. */
export const supervisionSchema = z.object({
  instruction: z.string(),
  dueBy: instantSchema.optional(),
  by: z.string(),
  at: instantSchema,
  answer: z.string().optional(),
  answeredBy: z.string().optional(),
  answeredAt: instantSchema.optional(),
});

/** A supervision order. */
export type Supervision = z.infer<typeof supervisionSchema>;

/** 回访: a staff follow-up of a closed case (phone, visit, SMS) with the reporter's — or the area's — verdict. */
export const followUpRecordSchema = z.object({
  channel: z.enum(['phone', 'visit', 'sms']),
  satisfaction: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']),
  note: z.string().optional(),
  by: z.string(),
  at: instantSchema,
});

/** A follow-up record. */
export type FollowUpRecord = z.infer<typeof followUpRecordSchema>;

/** 挂账: the department cannot solve the case now; the SLA clock stops while parked. */
export const parkingSchema = z.object({ since: instantSchema, reason: z.string(), by: z.string() });

/** The stored state of a case — what the state machine reads and writes, and what the store persists. */
export const caseStateSchema = z.object({
  id: entityIdSchema,
  step: z.enum(caseSteps),
  version: z.int().nonnegative(),
  source: z.enum(caseSources),
  description: z.string(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  trackingCode: z.string().optional(),
  /** The short human number, unique per tenant and year (`TD-2026-000123`). */
  number: z.string().optional(),
  /** 紧急 or 一般, set at 立案: picks the category's limit (urgent limits often run in natural hours). */
  urgency: z.enum(['urgent', 'normal']).optional(),
  /** The report carried a pin that lies in none of the tenant's grids: the centre places it by hand. */
  outsideGrids: z.boolean().optional(),
  categoryCode: categoryCodeSchema.optional(),
  gridCode: z.string().optional(),
  location: locationSchema.optional(),
  address: z.string().optional(),
  /** The camera point a video case was seen on. */
  cameraId: z.string().optional(),
  /** The 部件 the case is about (its case history lists the case). */
  thingId: z.string().optional(),
  departmentId: z.string().optional(),
  dispatchedAt: instantSchema.optional(),
  /** The staff member who dispatched the case (its due-cohort counts for them under `groupBy=user`). */
  dispatchedBy: z.string().optional(),
  /** The staff member who reported it (上报数 / 有效上报率 of grid workers); absent for citizen reports. */
  reportedBy: z.string().optional(),
  /** The department's handling deadline, set at dispatch (working-time arithmetic, see calendar/). */
  deadline: instantSchema.optional(),
  /**
   * The due time of the current step when someone other than the department holds it (派遣 by the centre, 审核 by
   * the centre, 核查 by the grid worker): the workflow escalates against this, not the department's `deadline`.
   */
  stepDeadline: instantSchema.optional(),
  /** The centre approved the department's report and asked for 核查 on site; only the grid worker acts next. */
  checkRequested: z.boolean().optional(),
  reviewedAt: instantSchema.optional(),
  /** 协办 departments of the dispatch (the 主办 is `departmentId`); each may report, the 主办's report hands it in. */
  assistingDepartmentIds: z.array(z.string()).optional(),
  /** 协办 departments that have reported. */
  assistReports: z.array(z.string()).optional(),
  /**
   * The tenant that holds the case when it is not its owner: the district centre after a street's 上报, a community
   * after a street's 下派. The case stays stored (and numbered) where it was reported; its trail moves with it.
   */
  holderPath: z.string().optional(),
  supervisions: z.array(supervisionSchema).optional(),
  /** True while the case carries a 督办单 (kept after the answer: it was supervised). */
  supervised: z.boolean().optional(),
  /**
   * Open cases of the same category near this one when it was reported (the citizen's duplicate hint found them):
   * the 疑似重复 flag on the worklists, for the dispatcher to merge or reject.
   */
  possibleDuplicateOf: z.array(z.string()).max(20).optional(),
  followUps: z.array(followUpRecordSchema).optional(),
  /** The answers to the category's attributes given with the report (checked against the category then). */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).optional(),
  /**
   * The closing deadline (应结案): set with the first deadline at dispatch, moved by granted extensions and parked
   * time, not by rework (rework restarts the handling clock only). Absent on cases stored before it existed:
   * `deadline` stands in for it.
   */
  closeDeadline: instantSchema.optional(),
  /** A handling was late once: a rework and a timely second handling do not make the case on time. */
  handledLateOnce: z.boolean().optional(),
  overdue: z.boolean(),
  escalations: z.int().nonnegative(),
  parked: parkingSchema.optional(),
  /** Working time spent parked, added to the deadline on every unpark. */
  parkedWorkingMs: z.int().nonnegative(),
  extension: extensionSchema.optional(),
  handledAt: instantSchema.optional(),
  handledOnTime: z.boolean().optional(),
  closedAt: instantSchema.optional(),
  reworkCount: z.int().nonnegative(),
  returnCount: z.int().nonnegative(),
  rating: z.int().min(1).max(5).optional(),
  ratingComment: z.string().optional(),
});

/** The state of one case. */
export type CaseState = z.infer<typeof caseStateSchema>;

/** Who acts: a staff user (roles from the verified token) or a citizen identified by a tracking code. */
export interface CaseActor {
  userId: string;
  /** Display name of a staff member, recorded in the audit trail (never shown to the public). */
  name?: string;
  roles: readonly z.infer<typeof roleSchema>[];
  /** Set for department users: they may only act on cases dispatched to this department. */
  departmentId?: string;
  /** Set for grid workers: when present, they may only verify cases in these grids. */
  gridCodes?: readonly string[];
  /** A citizen on the public form (no roles): may only report and evaluate. */
  citizen?: boolean;
}

/** The actor for a citizen acting through the public form or tracking code. */
export function citizenActor(reference: string): CaseActor {
  return { userId: `citizen:${reference}`, roles: [], citizen: true };
}

/** The audit event types, one per transition (and the workflow's escalation). */
export const caseEventTypes = [
  'reported',
  'registered',
  'rejected',
  'dispatched',
  'returned',
  'handled',
  'extension_requested',
  'extension_granted',
  'extension_rejected',
  'parked',
  'unparked',
  'verified',
  'reworked',
  'closed',
  'evaluated',
  'escalated',
  'reviewed',
  'supervised',
  'supervision_answered',
  'followed_up',
  'assist_reported',
  'referred_up',
  'assigned_down',
  'transferred',
] as const;

/** One of `caseEventTypes`. */
export type CaseEventType = (typeof caseEventTypes)[number];

/** An audit event: who did what, when, from which step to which, with the note and evidence keys. */
export const caseEventSchema = z.object({
  type: z.enum(caseEventTypes),
  at: instantSchema,
  actor: z.object({ userId: z.string(), roles: z.array(roleSchema), name: z.string().optional() }),
  from: z.enum(caseSteps).nullable(),
  to: z.enum(caseSteps),
  note: z.string().optional(),
  evidence: z.array(z.string()).optional(),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

/** An audit event. */
export type CaseEvent = z.infer<typeof caseEventSchema>;
