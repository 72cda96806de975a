import * as z from 'zod';

/**
 * The roles a user can hold. `platform_admin` is the SaaS operator (us); the others are staff of one tenant:
 * the tenant's administrator, the comprehensive-governance centre (综治中心, `dispatcher`), grid workers (网格员),
 * functional departments (职能部门) and leaders (领导).
 */
export const roles = ['platform_admin', 'tenant_admin', 'dispatcher', 'grid_worker', 'department', 'leader'] as const;

/** One of `roles`. */
export type Role = (typeof roles)[number];

/** Roles a tenant admin may grant: everything but the platform operator's own role. */
export const tenantRoles = ['tenant_admin', 'dispatcher', 'grid_worker', 'department', 'leader'] as const;

/** One of `tenantRoles`. */
export type TenantRole = (typeof tenantRoles)[number];

/** Zod schema for any role (tokens, stored users). */
export const roleSchema = z.enum(roles, { error: `Role must be one of: ${roles.join(', ')}` });

/** Zod schema for a role a tenant admin may assign (API input). */
export const tenantRoleSchema = z.enum(tenantRoles, { error: `Role must be one of: ${tenantRoles.join(', ')}` });

/** Type guard for untrusted strings (e.g. JWT claims) so unknown roles never grant anything. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
