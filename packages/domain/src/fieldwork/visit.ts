import * as z from 'zod';
import { entityIdSchema, optionalText, requiredText } from '../schemas/common';

/** 走访: a grid worker's visit to a household, a person or an organisation. */

export const visitTargetKinds = ['household', 'person', 'organisation'] as const;
export type VisitTargetKind = (typeof visitTargetKinds)[number];

/** Why the worker went: 日常走访, 特殊人群帮扶, 矛盾排查, 信息核实, 政策宣传, 其他. */
export const visitPurposes = ['routine', 'assistance', 'dispute', 'verification', 'publicity', 'other'] as const;

/** Base-data fields a visit may propose to change (reviewed before they touch the record). */
export const proposalFields = {
  person: ['status', 'phone', 'address', 'workplace', 'note'],
  household: ['members', 'address', 'note'],
  organisation: ['status', 'contact', 'address', 'note'],
} as const satisfies Record<VisitTargetKind, readonly string[]>;

const photoKeysSchema = z
  .array(z.string({ error: 'photo keys are text' }).min(1).max(512), { error: 'photos must be a list of keys' })
  .max(9, { error: 'at most 9 photos' });

/** A proposed base-data change from the field ("moved out", a new phone): it goes to the review queue. */
export const proposalInputSchema = z.object({
  field: requiredText('field', 40),
  value: requiredText('value', 500),
  reason: optionalText('reason', 500),
});

export const visitInputSchema = z
  .object({
    target: z.object(
      {
        kind: z.enum(visitTargetKinds, { error: 'target.kind is household, person or organisation' }),
        id: entityIdSchema.optional(),
        /** a place not on record yet (a door plate) */
        address: optionalText('target.address', 200),
        /** what the worker calls it (a name shown in lists) */
        label: optionalText('target.label', 100),
      },
      { error: 'target is required' },
    ),
    purpose: z.enum(visitPurposes, {
      error: 'purpose is routine, assistance, dispute, verification, publicity or other',
    }),
    note: requiredText('note', 2000),
    findings: optionalText('findings', 2000),
    followUp: z.boolean({ error: 'followUp is true or false' }).optional(),
    photos: photoKeysSchema.optional(),
    location: z
      .object({
        lat: z.number({ error: 'location.lat must be a number' }).min(-90).max(90),
        lng: z.number({ error: 'location.lng must be a number' }).min(-180).max(180),
      })
      .optional(),
    /** when the visit happened (a visit recorded offline is sent later); defaults to now */
    visitedAt: z.iso.datetime({ offset: true, error: 'visitedAt must be an ISO 8601 instant' }).optional(),
    patrolId: entityIdSchema.optional(),
    taskId: entityIdSchema.optional(),
    proposals: z.array(proposalInputSchema).max(10, { error: 'at most 10 proposals' }).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.target.id && !v.target.address) {
      ctx.addIssue({ code: 'custom', path: ['target', 'id'], message: 'a visit names its target (id) or an address' });
    }
    const allowed: readonly string[] = proposalFields[v.target.kind];
    for (const [i, p] of (v.proposals ?? []).entries()) {
      if (!allowed.includes(p.field)) {
        ctx.addIssue({
          code: 'custom',
          path: ['proposals', i, 'field'],
          message: `field is one of ${allowed.join(', ')} for a ${v.target.kind}`,
        });
      }
    }
    if ((v.proposals?.length ?? 0) > 0 && !v.target.id) {
      ctx.addIssue({ code: 'custom', path: ['target', 'id'], message: 'a proposed change names the record (id)' });
    }
  });

export type VisitInput = z.infer<typeof visitInputSchema>;

/** A stored visit. */
export interface Visit {
  id: string;
  userId: string;
  userName?: string;
  target: { kind: VisitTargetKind; id?: string; address?: string; label?: string };
  purpose: (typeof visitPurposes)[number];
  note: string;
  findings?: string;
  followUp: boolean;
  photos: string[];
  location?: { lat: number; lng: number };
  gridCode?: string;
  visitedAt: string;
  patrolId?: string;
  taskId?: string;
  proposalIds: string[];
  /** the client's Idempotency-Key (a retried offline write finds this visit) */
  idempotencyKey?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A base-data change proposed from the field, waiting for review. */
export interface FieldProposal {
  id: string;
  visitId: string;
  target: { kind: VisitTargetKind; id: string; label?: string };
  field: string;
  value: string;
  reason?: string;
  status: 'pending' | 'accepted' | 'rejected';
  proposedBy: string;
  proposedByName?: string;
  decidedBy?: string;
  decidedAt?: string;
  decisionNote?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const proposalDecisionSchema = z.object({
  decision: z.enum(['accept', 'reject'], { error: 'decision is accept or reject' }),
  note: optionalText('note', 500),
  version: z.int({ error: 'version is a whole number' }).min(1, { error: 'version must be at least 1' }),
});
