import * as z from 'zod';
import { tenantRoleSchema } from '../roles';
import { passwordSchema, requiredText, slugSchema } from './common';

/** `POST /api/me/password`: the current password proves it is the owner, the new one follows the password rule. */
export const changePasswordSchema = z.object({
  currentPassword: z.string({ error: 'currentPassword is required' }).min(1).max(200),
  newPassword: passwordSchema,
});

/** `POST /api/tenants`: a street/town office creates a community (社区/村) below it. */
export const communitySignupSchema = z.object({
  name: requiredText('name', 100),
  slug: slugSchema,
  level: z.literal('community', { error: 'level must be "community"' }).default('community'),
});

/** `PATCH /api/users/{id}`: what a tenant admin may change; `version` guards against lost updates. */
export const updateUserSchema = z.object({
  name: requiredText('name', 100).optional(),
  roles: z.array(tenantRoleSchema).min(1, { error: 'roles must name at least one role' }).max(5).optional(),
  departmentId: z.string().min(1).max(64).optional(),
  gridCodes: z
    .array(z.string().regex(/^\d{15}$/, { error: 'grid codes have 15 digits' }))
    .max(50)
    .optional(),
  status: z.enum(['active', 'inactive'], { error: 'status must be active or inactive' }).optional(),
  version: z.number().int().positive().optional(),
});

/** `POST /api/api-keys`: a named key for an Open311 client. */
export const apiKeyInputSchema = z.object({ name: requiredText('name', 100) });
