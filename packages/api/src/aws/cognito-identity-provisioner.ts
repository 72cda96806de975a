import type { AttributeType, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { AppError, ConflictError, ValidationError } from '@civicgrid/domain';
import type { IdentityBefore, IdentityChange, IdentityProvisioner, NewIdentity } from './identity-provisioner';

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
  /** attempts per Cognito call on transient errors (throttling, 5xx, network), on top of the SDK's own (default 3) */
  attempts?: number;
  /** first back-off between attempts, doubled each time (default 100 ms) */
  backoffMs?: number;
  log?: (entry: Record<string, unknown>) => void;
}

/** A change the identity provider could not take: nothing of it was kept (the caller undoes its own write). */
export class IdentitySyncError extends AppError {
  constructor(cause: unknown) {
    super(
      503,
      'identity_sync_failed',
      'The sign-in service did not accept the change; nothing was changed, try again',
      [],
      {
        cause,
      },
    );
  }
}

/** Errors worth another attempt: throttling, Cognito's own failures and the network. */
export function isTransient(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  if (e?.$retryable) return true;
  if (
    ['TooManyRequestsException', 'ThrottlingException', 'InternalErrorException', 'LimitExceededException'].includes(
      e?.name ?? '',
    )
  ) {
    return true;
  }
  const status = e?.$metadata?.httpStatusCode;
  return status === undefined ? !(error instanceof AppError) : status >= 500;
}

/** `call()` up to `attempts` times while it fails transiently, waiting `backoffMs`, then twice that, … */
export async function withRetries<T>(call: () => Promise<T>, attempts: number, backoffMs: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
    }
  }
}

/** One step of a change: the Cognito call and, when it can be undone, the call that undoes it. */
interface Step {
  name: string;
  apply: () => Promise<unknown>;
  undo?: () => Promise<unknown>;
}

/**
 * Cognito adapter: AdminCreateUser (e-mail verified, no invitation message) with the tenant attributes the
 * pre-token trigger turns into claims, then AdminSetUserPassword permanent. The table is the source of truth for
 * e-mail uniqueness and is written first; an e-mail Cognito already knows is a 409.
 *
 * Changes (`updateUser`) are compensated, not two-phase: the steps run in an order where everything before the last
 * one can be undone — attributes (name, roles) → enable/disable → global sign-out (harmless to repeat) → password
 * (cannot be undone, so it runs last). Each step is retried on transient errors; when a step still fails, the steps
 * already applied are undone in reverse order and `IdentitySyncError` is thrown for the caller to undo its table
 * write. So a failure leaves the account as it was, never half-changed.
 */
export function createCognitoIdentityProvisioner(options: CognitoProvisionerOptions): IdentityProvisioner {
  const { userPoolId } = options;
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 100;
  const cognito = () => (typeof options.client === 'function' ? options.client() : Promise.resolve(options.client));
  const sdk = () => import('@aws-sdk/client-cognito-identity-provider');

  const attributesOf = (change: Pick<IdentityChange, 'name' | 'roles'>): AttributeType[] => [
    ...(change.name !== undefined ? [{ Name: 'name', Value: change.name }] : []),
    ...(change.roles !== undefined ? [{ Name: 'custom:roles', Value: change.roles.join(',') }] : []),
  ];

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
      const [client, { AdminCreateUserCommand, AdminSetUserPasswordCommand }] = await Promise.all([cognito(), sdk()]);
      try {
        await withRetries(
          () =>
            client.send(
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
            ),
          attempts,
          backoffMs,
        );
        await withRetries(
          () =>
            client.send(
              new AdminSetUserPasswordCommand({
                UserPoolId: userPoolId,
                Username: identity.email,
                Password: identity.password,
                Permanent: true,
              }),
            ),
          attempts,
          backoffMs,
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

    async updateUser(change: IdentityChange, before: IdentityBefore) {
      const [client, c] = await Promise.all([cognito(), sdk()]);
      const Username = change.email;
      const steps: Step[] = [];
      const attributes = attributesOf(change);
      if (attributes.length > 0) {
        const previous = attributesOf({
          name: change.name !== undefined ? before.name : undefined,
          roles: change.roles !== undefined ? before.roles : undefined,
        });
        steps.push({
          name: 'AdminUpdateUserAttributes',
          apply: () =>
            client.send(
              new c.AdminUpdateUserAttributesCommand({ UserPoolId: userPoolId, Username, UserAttributes: attributes }),
            ),
          undo: () =>
            client.send(
              new c.AdminUpdateUserAttributesCommand({ UserPoolId: userPoolId, Username, UserAttributes: previous }),
            ),
        });
      }
      const disable = () => client.send(new c.AdminDisableUserCommand({ UserPoolId: userPoolId, Username }));
      const enable = () => client.send(new c.AdminEnableUserCommand({ UserPoolId: userPoolId, Username }));
      if (change.status === 'inactive' && before.status !== 'inactive') {
        steps.push({ name: 'AdminDisableUser', apply: disable, undo: enable });
      }
      if (change.status === 'active' && before.status === 'inactive') {
        steps.push({ name: 'AdminEnableUser', apply: enable, undo: disable });
      }
      // Rights that shrink or a new password end every session (refresh tokens included). Repeating it is harmless.
      const rolesRemoved = change.roles !== undefined && (before.roles ?? []).some((r) => !change.roles?.includes(r));
      if (rolesRemoved || change.status === 'inactive' || change.password !== undefined) {
        steps.push({
          name: 'AdminUserGlobalSignOut',
          apply: () => client.send(new c.AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username })),
        });
      }
      if (change.password !== undefined) {
        const Password = change.password;
        steps.push({
          name: 'AdminSetUserPassword',
          apply: () =>
            client.send(
              new c.AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username, Password, Permanent: true }),
            ),
        });
      }

      const done: Step[] = [];
      for (const step of steps) {
        try {
          await withRetries(step.apply, attempts, backoffMs);
          done.push(step);
        } catch (error) {
          if ((error as { name?: string }).name === 'InvalidPasswordException') {
            await undoAll(done);
            throw new ValidationError('Password too weak', [
              { path: 'newPassword', message: 'rejected by the pool policy' },
            ]);
          }
          options.log?.({
            level: 'WARN',
            message: 'identity sync failed; compensating',
            step: step.name,
            error: String(error),
          });
          await undoAll(done);
          throw new IdentitySyncError(error);
        }
      }

      async function undoAll(applied: Step[]) {
        for (const step of [...applied].reverse()) {
          if (!step.undo) continue;
          try {
            await withRetries(step.undo, attempts, backoffMs);
          } catch (error) {
            // Only reached when Cognito fails the undo too, after every retry: an operator must look.
            options.log?.({
              level: 'ERROR',
              message: 'identity sync compensation failed',
              step: step.name,
              user: Username,
              error: String(error),
            });
          }
        }
      }
    },
  };
}
