import * as z from 'zod';
import { gridCodeSchema } from '../grid-code';
import { tenantRoleSchema } from '../roles';
import { chineseMobileSchema, emailSchema, entityIdSchema, passwordSchema, requiredText } from './common';

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
    /** a work mobile number, for the centre to call the worker */
    phone: chineseMobileSchema.optional(),
  })
  .refine((u) => !u.roles.includes('department') || u.departmentId !== undefined, {
    error: 'a department user needs a departmentId',
    path: ['departmentId'],
  });

/** A validated new user. */
export type CreateUserInput = z.infer<typeof createUserSchema>;

/** `PATCH /api/users/{id}`: change what a tenant admin may change; `version` guards against lost updates. */
export const updateUserSchema = z
  .object({
    name: requiredText('name', 100).optional(),
    roles: z
      .array(tenantRoleSchema)
      .min(1, { error: 'at least one role is required' })
      .refine((r) => new Set(r).size === r.length, { error: 'roles must not repeat' })
      .optional(),
    departmentId: entityIdSchema.optional(),
    gridCodes: z.array(gridCodeSchema).max(50, { error: 'at most 50 grids per worker' }).optional(),
    status: z.enum(['active', 'inactive'], { error: 'status must be active or inactive' }).optional(),
    phone: chineseMobileSchema.optional(),
    version: z.int({ error: 'version must be a whole number' }).nonnegative().optional(),
  })
  .refine((u) => Object.keys(u).some((k) => k !== 'version'), { error: 'nothing to change' });

/** A validated user update. */
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

/**
 * `POST /api/users/{id}/password`: an administrator resets a user's password — to the one given, or (without one)
 * to a temporary password generated and shown once.
 */
export const resetPasswordSchema = z.object({ password: passwordSchema.optional() });

/** `POST /api/departments`. */
export const departmentInputSchema = z.object({ name: requiredText('name', 100) });

/** A validated department. */
export type DepartmentInput = z.infer<typeof departmentInputSchema>;
