import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { ConflictError, ValidationError } from '@civicgrid/domain';
import type { IdentityProvisioner, NewIdentity } from './identity-provisioner';

/** The user pool's password policy (infra `StaffUserPool`): at least 10 characters of every class. */
const PASSWORD_RULES: Array<[RegExp, string]> = [
  [/^.{10,}$/su, 'at least 10 characters'],
  [/[a-z]/, 'a lower-case letter'],
  [/[A-Z]/, 'an upper-case letter'],
  [/[0-9]/, 'a digit'],
  [/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/, 'a symbol'],
];

export interface CognitoProvisionerOptions {
  /** the client, or a factory called by the first user creation (the API Lambda loads Cognito on first use) */
  client: CognitoIdentityProviderClient | (() => Promise<CognitoIdentityProviderClient>);
  userPoolId: string;
}

/**
 * Cognito adapter: AdminCreateUser (e-mail verified, no invitation message) with the tenant attributes the
 * pre-token trigger turns into claims, then AdminSetUserPassword permanent. The table is the source of truth for
 * e-mail uniqueness and is written first; an e-mail Cognito already knows is a 409.
 */
export function createCognitoIdentityProvisioner(options: CognitoProvisionerOptions): IdentityProvisioner {
  const { userPoolId } = options;
  const cognito = () => (typeof options.client === 'function' ? options.client() : Promise.resolve(options.client));
  return {
    checkPassword(password, field) {
      const missing = PASSWORD_RULES.filter(([rule]) => !rule.test(password)).map(([, what]) => what);
      if (missing.length > 0) {
        throw new ValidationError('Password too weak', [
          { path: field, message: `password needs ${missing.join(', ')}` },
        ]);
      }
    },

    async createUser(identity: NewIdentity) {
      const [client, { AdminCreateUserCommand, AdminSetUserPasswordCommand }] = await Promise.all([
        cognito(),
        import('@aws-sdk/client-cognito-identity-provider'),
      ]);
      try {
        await client.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: identity.email,
            MessageAction: 'SUPPRESS',
            UserAttributes: [
              { Name: 'email', Value: identity.email },
              { Name: 'email_verified', Value: 'true' },
              { Name: 'name', Value: identity.name },
              { Name: 'custom:userId', Value: identity.userId },
              { Name: 'custom:tenantId', Value: identity.tenantId },
              { Name: 'custom:tenantPath', Value: identity.tenantPath },
              { Name: 'custom:roles', Value: identity.roles.join(',') },
            ],
          }),
        );
        await client.send(
          new AdminSetUserPasswordCommand({
            UserPoolId: userPoolId,
            Username: identity.email,
            Password: identity.password,
            Permanent: true,
          }),
        );
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'UsernameExistsException') {
          throw new ConflictError('E-mail already registered', 'email_taken', [
            { path: 'email', message: 'already registered' },
          ]);
        }
        if (name === 'InvalidPasswordException') {
          throw new ValidationError('Password too weak', [
            { path: 'password', message: 'rejected by the pool policy' },
          ]);
        }
        throw error;
      }
    },
  };
}
