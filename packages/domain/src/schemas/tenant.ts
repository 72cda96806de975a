import * as z from 'zod';
import { apiKeyScopes } from '../webhooks/schemas';
import { emailSchema, passwordSchema, requiredText, slugSchema } from './common';

/** `POST /api/signup`: a district or street office signs up with its first admin. */
export const signupSchema = z
  .object({
    tenant: z.object({
      name: requiredText('tenant.name', 100),
      slug: slugSchema,
      level: z.enum(['district', 'street'], { error: 'level must be district or street' }),
      parentSlug: slugSchema.optional(),
    }),
    admin: z.object({
      name: requiredText('admin.name', 100),
      email: emailSchema,
      password: passwordSchema,
    }),
  })
  .refine((s) => s.tenant.level === 'street' || s.tenant.parentSlug === undefined, {
    error: 'only a street may name a parent district',
    path: ['tenant', 'parentSlug'],
  });

/** A validated signup. */
export type SignupInput = z.infer<typeof signupSchema>;

/** `POST /api/auth/login`. The password is not length-checked here: a short one simply fails to match (401). */
export const loginSchema = z.object({
  email: emailSchema,
  password: z.string({ error: 'password is required' }).min(1, { error: 'password is required' }).max(200),
});

/** A validated login. */
export type LoginInput = z.infer<typeof loginSchema>;

/** `POST /api/tenants`: a street creates one of its communities (level may be omitted: it can only be community). */
export const childTenantSchema = z.object({
  name: requiredText('name', 100),
  slug: slugSchema,
  level: z.literal('community', { error: 'level must be community' }).default('community'),
});

/** The same as `childTenantSchema` (the name the API routes use). */
export const communitySignupSchema = childTenantSchema;

/** `POST /api/auth/password`: change one's own password; the new one must differ from the current one. */
export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: 'currentPassword is required' })
      .min(1, { error: 'currentPassword is required' })
      .max(200),
    newPassword: passwordSchema,
  })
  .refine((p) => p.currentPassword !== p.newPassword, {
    error: 'newPassword must differ from the current password',
    path: ['newPassword'],
  });

/** A validated password change. */
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

/**
 * `POST /api/api-keys`: a named key (the key itself is generated and shown once). `scopes`: what the key may do on
 * `/api` (`cases:read`, `reports:create`, `webhooks:receive`); none = an Open311 key only.
 */
export const apiKeyInputSchema = z.object({
  name: requiredText('name', 100),
  scopes: z
    .array(z.enum(apiKeyScopes, { error: `scopes are ${apiKeyScopes.join(', ')}` }), {
      error: 'scopes must be a list',
    })
    .max(apiKeyScopes.length)
    .optional(),
});

/** A validated API key request. */
export type ApiKeyInput = z.infer<typeof apiKeyInputSchema>;

/** A validated child tenant. */
export type ChildTenantInput = z.infer<typeof childTenantSchema>;
