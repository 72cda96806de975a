import * as z from 'zod';
import { timeLimitSchema } from '../calendar/working-time';
import { polygonSchema } from '../geojson';
import { gridCodeSchema } from '../grid-code';
import { categoryCodeSchema, entityIdSchema, optionalText, requiredText } from './common';

/** `POST /api/grids`: a unit grid with its 15-digit code and boundary. */
export const gridInputSchema = z.object({
  code: gridCodeSchema,
  name: requiredText('name', 100),
  polygon: polygonSchema.optional(),
  workerIds: z.array(entityIdSchema).max(50, { error: 'at most 50 workers per grid' }).optional(),
});

/** A validated grid. */
export type GridInput = z.infer<typeof gridInputSchema>;

/** The datatypes of a category attribute (Open311 GeoReport v2 service definitions). */
export const attributeDatatypes = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
] as const;

/**
 * A per-category attribute asked on the citizen form, the staff form and in Open311 (a service definition's
 * `attributes`): e.g. the manhole's cover type, the number of street lights out.
 */
export const categoryAttributeSchema = z
  .object({
    code: z
      .string({ error: 'code must be text' })
      .regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, { error: 'code: a letter then letters, digits or _ (at most 32)' }),
    datatype: z.enum(attributeDatatypes, { error: `datatype must be one of: ${attributeDatatypes.join(', ')}` }),
    required: z.boolean({ error: 'required must be true or false' }),
    description: requiredText('description', 200),
    values: z
      .array(z.object({ key: requiredText('values.key', 50), name: requiredText('values.name', 100) }))
      .min(1, { error: 'a list attribute needs at least one value' })
      .max(50, { error: 'at most 50 values' })
      .optional(),
  })
  .refine((a) => !a.datatype.endsWith('list') || a.values !== undefined, {
    error: 'singlevaluelist and multivaluelist attributes need values',
    path: ['values'],
  });

/** A validated category attribute. */
export type CategoryAttribute = z.infer<typeof categoryAttributeSchema>;

/** `POST /api/categories`: what can be reported, who handles it, in how much working time, by which criteria. */
export const categoryInputSchema = z.object({
  code: categoryCodeSchema,
  name: requiredText('name', 100),
  departmentId: entityIdSchema,
  /** The limit of a normal (一般) case. */
  timeLimit: timeLimitSchema,
  /** The limit of an urgent (紧急) case, often in natural hours; a category without one uses `timeLimit`. */
  urgentTimeLimit: timeLimitSchema.optional(),
  /** Limits of the centre's and the grid worker's own steps; each late step counts against its holder. */
  stepLimits: z
    .object({
      /** 派遣: from 立案 to dispatch (the centre). */
      dispatch: timeLimitSchema.optional(),
      /** 审核: from the department's report to the centre's review. */
      review: timeLimitSchema.optional(),
      /** 核查: from the review to the grid worker's on-site check. */
      verify: timeLimitSchema.optional(),
    })
    .optional(),
  /** 核查 on site is needed after every approved review (otherwise the centre asks for it case by case). */
  requiresVerification: z.boolean({ error: 'requiresVerification must be true or false' }).optional(),
  /** GB/T 30428.2: 部件 (a public facility with an owner) or 事件 (an event). */
  kind: z.enum(['component', 'event'], { error: 'kind must be component or event' }).optional(),
  attributes: z.array(categoryAttributeSchema).max(20, { error: 'at most 20 attributes' }).optional(),
  filingCriteria: optionalText('filingCriteria', 1000),
  closingCriteria: optionalText('closingCriteria', 1000),
});

/** A validated category. */
export type CategoryInput = z.infer<typeof categoryInputSchema>;
