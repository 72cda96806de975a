import * as z from 'zod';
import { gridCodeSchema } from '../grid-code';
import { tenantRoleSchema } from '../roles';
import { emailSchema, entityIdSchema, passwordSchema, requiredText } from './common';

/** `POST /api/users`: a tenant admin creates staff. A department user must name its department. */
export const createUserSchema = z
  .object({
    name: requiredText('name', 100),
    email: emailSchema,
    password: passwordSchema,
    roles: z
      .array(tenantRoleSchema)
      .min(1, { error: 'at least one role is required' })
      .refine((r) => new Set(r).size === r.length, { error: 'roles must not repeat' }),
    departmentId: entityIdSchema.optional(),
    gridCodes: z.array(gridCodeSchema).max(50, { error: 'at most 50 grids per worker' }).optional(),
  })
  .refine((u) => !u.roles.includes('department') || u.departmentId !== undefined, {
    error: 'a department user needs a departmentId',
    path: ['departmentId'],
  });

/** A validated new user. */
export type CreateUserInput = z.infer<typeof createUserSchema>;

/** `POST /api/departments`. */
export const departmentInputSchema = z.object({ name: requiredText('name', 100) });

/** A validated department. */
export type DepartmentInput = z.infer<typeof departmentInputSchema>;
