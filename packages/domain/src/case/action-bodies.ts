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
    note: optionalText('note', 1000),
  }),
  reject: z.object({ reason: requiredText('reason', 1000) }),
  dispatch: z.object({ departmentId: entityIdSchema }),
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
  verify: z.object({ note: optionalText('note', 1000) }),
  rework: z.object({ reason: requiredText('reason', 1000) }),
  close: z.object({ note: optionalText('note', 1000) }),
  evaluate: evaluationSchema,
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
