import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { createCognitoIdentityProvisioner } from './cognito-identity-provisioner';
import { sessionName } from './sts-tenant-role';
import { tenantPathOfKey } from './tenant-scoped-evidence';

describe('Cognito provisioner password check', () => {
  const cognito = createCognitoIdentityProvisioner({
    client: new CognitoIdentityProviderClient({ region: 'cn-north-1' }),
    userPoolId: 'cn-north-1_AbC123',
  });

  it('accepts what the pool policy accepts and names what is missing otherwise', () => {
    expect(() => cognito.checkPassword('Correct-Horse-42', 'password')).not.toThrow();
    expect(() => cognito.checkPassword('correct-horse', 'admin.password')).toThrow(
      expect.objectContaining({
        status: 400,
        details: [{ path: 'admin.password', message: 'password needs an upper-case letter, a digit' }],
      }),
    );
    expect(() => cognito.checkPassword('Sh0rt!', 'password')).toThrow(/too weak/);
  });
});

describe('tenant sessions', () => {
  it('names STS sessions after the tenant path within the allowed characters', () => {
    expect(sessionName('d0101/s003/')).toBe('tenant-d0101.s003');
    expect(sessionName(`${'d0101/'.repeat(20)}`)).toHaveLength(64);
  });

  it('finds the tenant path prefix of an evidence key', () => {
    expect(tenantPathOfKey('d0101/s003/cases/d0101.s003-x/uuid-photo.jpg')).toBe('d0101/s003/');
    expect(tenantPathOfKey('s001/reports/abc/p.png')).toBe('s001/');
    expect(tenantPathOfKey('_platform/x')).toBeUndefined();
  });
});
