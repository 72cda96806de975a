import type {
  AuthenticationResultType,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { AppError, UnauthorizedError } from '@civicgrid/domain';
import { decodeJwt } from 'jose';
import type { StaffAuthenticator, StaffSession } from './identity-provisioner';

export interface CognitoAuthenticatorOptions {
  client: CognitoIdentityProviderClient | (() => Promise<CognitoIdentityProviderClient>);
  userPoolId: string;
  /** the web app client (no secret; `ALLOW_ADMIN_USER_PASSWORD_AUTH` and `ALLOW_REFRESH_TOKEN_AUTH`) */
  clientId: string;
}

/**
 * Staff log-in on AWS behind the same `POST /api/auth/login` contract as the embedded runtime: the API calls
 * Cognito server-side (`AdminInitiateAuth` with `ADMIN_USER_PASSWORD_AUTH`, over TLS, authorized by the function's
 * IAM role) and answers with Cognito's ID token as `token`. Threat protection sees the viewer's address through
 * `ContextData`. Refresh is `REFRESH_TOKEN_AUTH`; log-out revokes the refresh token (`RevokeToken`), which also
 * invalidates the access tokens issued from it.
 */
export function createCognitoAuthenticator(options: CognitoAuthenticatorOptions): StaffAuthenticator {
  const { userPoolId, clientId } = options;
  const cognito = () => (typeof options.client === 'function' ? options.client() : Promise.resolve(options.client));
  const sdk = () => import('@aws-sdk/client-cognito-identity-provider');

  const session = (result: AuthenticationResultType | undefined, refreshToken?: string): StaffSession => {
    if (!result?.IdToken) throw new AppError(503, 'identity_unavailable', 'The sign-in service returned no token');
    const exp = decodeJwt(result.IdToken).exp;
    const expiresAt = new Date(
      typeof exp === 'number' ? exp * 1000 : Date.now() + (result.ExpiresIn ?? 3600) * 1000,
    ).toISOString();
    return { token: result.IdToken, expiresAt, ...(refreshToken ? { refreshToken } : {}) };
  };

  return {
    async login(email, password, context) {
      const [client, { AdminInitiateAuthCommand }] = await Promise.all([cognito(), sdk()]);
      try {
        const out = await client.send(
          new AdminInitiateAuthCommand({
            UserPoolId: userPoolId,
            ClientId: clientId,
            AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: email, PASSWORD: password },
            ContextData: {
              IpAddress: context.ip,
              ServerName: 'civicgrid-api',
              ServerPath: '/api/auth/login',
              HttpHeaders: context.userAgent ? [{ headerName: 'User-Agent', headerValue: context.userAgent }] : [],
            },
          }),
        );
        if (out.ChallengeName) {
          // MFA or a forced new password: the console has no challenge step yet (docs/deploy.md, "Staff login").
          throw new AppError(401, 'challenge_required', `The sign-in needs a further step (${out.ChallengeName})`);
        }
        return session(out.AuthenticationResult, out.AuthenticationResult?.RefreshToken);
      } catch (error) {
        throw loginError(error);
      }
    },

    async refresh(refreshToken) {
      const [client, { AdminInitiateAuthCommand }] = await Promise.all([cognito(), sdk()]);
      try {
        const out = await client.send(
          new AdminInitiateAuthCommand({
            UserPoolId: userPoolId,
            ClientId: clientId,
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            AuthParameters: { REFRESH_TOKEN: refreshToken },
          }),
        );
        return session(out.AuthenticationResult);
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'NotAuthorizedException' || name === 'UserNotFoundException') {
          throw new UnauthorizedError('The session has ended; log in again', 'invalid_refresh_token');
        }
        throw error;
      }
    },

    async logout(refreshToken) {
      const [client, { RevokeTokenCommand }] = await Promise.all([cognito(), sdk()]);
      try {
        await client.send(new RevokeTokenCommand({ ClientId: clientId, Token: refreshToken }));
      } catch (error) {
        const name = (error as { name?: string }).name;
        // a token that is already revoked, expired or not a token at all: the session is over either way
        if (name === 'NotAuthorizedException' || name === 'UnsupportedTokenTypeException') return;
        throw error;
      }
    },
  };
}

/** Cognito's sign-in failures → the embedded runtime's answers; unknown and known e-mails answer alike. */
function loginError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const name = (error as { name?: string }).name;
  // A disabled account answers like a wrong password: Cognito says "disabled" before checking the password, and
  // telling it apart would let anyone find out which e-mails belong to deactivated staff.
  if (name === 'NotAuthorizedException' || name === 'UserNotFoundException') {
    return new UnauthorizedError('Wrong e-mail or password', 'invalid_credentials');
  }
  if (name === 'PasswordResetRequiredException') {
    return new UnauthorizedError('The password must be reset first', 'password_reset_required');
  }
  if (name === 'TooManyRequestsException') {
    return new AppError(429, 'rate_limited', 'Too many sign-in attempts; try again shortly');
  }
  return error;
}
