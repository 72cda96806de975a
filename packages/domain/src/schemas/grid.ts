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
  filingCriteria: optionalText('filingCriteria', 1000),
  closingCriteria: optionalText('closingCriteria', 1000),
});

/** A validated category. */
export type CategoryInput = z.infer<typeof categoryInputSchema>;
