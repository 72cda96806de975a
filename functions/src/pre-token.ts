import { type TenantClaims, tenantClaimsFrom } from './token-claims.js';

/** The parts of Cognito's pre-token-generation V2 event this trigger reads and writes. */
interface PreTokenGenerationV2Event {
  request: { userAttributes: Record<string, string | undefined> };
  response: {
    claimsAndScopeOverrideDetails?: {
      idTokenGeneration?: { claimsToAddOrOverride?: TenantClaims };
      accessTokenGeneration?: { claimsToAddOrOverride?: TenantClaims };
    } | null;
  };
}

/** Cognito pre-token-generation (V2) trigger: tenant attributes → `tenantId`, `tenantPath`, `roles` claims. */
export async function handler(event: PreTokenGenerationV2Event): Promise<PreTokenGenerationV2Event> {
  const claims = tenantClaimsFrom(event.request.userAttributes);
  event.response.claimsAndScopeOverrideDetails = {
    idTokenGeneration: { claimsToAddOrOverride: claims },
    accessTokenGeneration: { claimsToAddOrOverride: claims },
  };
  return event;
}
