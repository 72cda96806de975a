import { describe, expect, it } from 'vitest';
import { handler } from './pre-token.js';
import { tenantClaimsFrom } from './token-claims.js';

describe('tenantClaimsFrom', () => {
  it('copies the custom tenant attributes to plain claim names', () => {
    expect(
      tenantClaimsFrom({
        sub: 'u1',
        'custom:tenantId': 't-1',
        'custom:tenantPath': 'd0101/s003/',
        'custom:roles': 'dispatcher,leader',
      }),
    ).toEqual({ tenantId: 't-1', tenantPath: 'd0101/s003/', roles: 'dispatcher,leader' });
  });

  it('leaves out missing or blank attributes', () => {
    expect(tenantClaimsFrom({ 'custom:tenantId': ' ', 'custom:tenantPath': 'd0101/' })).toEqual({
      tenantPath: 'd0101/',
    });
  });
});

describe('pre-token handler', () => {
  it('adds the claims to both the ID and the access token', async () => {
    const event = {
      request: {
        userAttributes: { 'custom:tenantId': 't-1', 'custom:tenantPath': 'd0101/', 'custom:roles': 'leader' },
      },
      response: { claimsAndScopeOverrideDetails: null },
    };
    const result = await handler(event);
    const expected = { tenantId: 't-1', tenantPath: 'd0101/', roles: 'leader' };
    expect(result.response.claimsAndScopeOverrideDetails?.idTokenGeneration?.claimsToAddOrOverride).toEqual(expected);
    expect(result.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.claimsToAddOrOverride).toEqual(
      expected,
    );
  });
});
