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
  timeLimit: timeLimitSchema,
  filingCriteria: optionalText('filingCriteria', 1000),
  closingCriteria: optionalText('closingCriteria', 1000),
});

/** A validated category. */
export type CategoryInput = z.infer<typeof categoryInputSchema>;
