/**
 * The claims every CivicGrid token carries, copied from the user's `custom:` attributes: the tenant and the
 * table's user id (`userId`, which the API prefers to Cognito's own `sub`).
 */
export const TENANT_CLAIMS = ['tenantId', 'tenantPath', 'roles', 'userId'] as const;

/** Claim name → value; strings only, which both the V1 and V2 pre-token-generation events accept. */
export type TenantClaims = Partial<Record<(typeof TENANT_CLAIMS)[number], string>>;

/**
 * Picks `custom:tenantId`, `custom:tenantPath`, `custom:roles` (comma-separated) and `custom:userId` from Cognito
 * user attributes.
 * Missing attributes are left out: the API then rejects the token as lacking tenant claims.
 */
export function tenantClaimsFrom(userAttributes: Readonly<Record<string, string | undefined>>): TenantClaims {
  const claims: TenantClaims = {};
  for (const name of TENANT_CLAIMS) {
    const value = userAttributes[`custom:${name}`]?.trim();
    if (value) claims[name] = value;
  }
  return claims;
}
