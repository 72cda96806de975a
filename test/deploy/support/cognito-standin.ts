import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { listen, StubError } from './http-stub';

/** The V2 pre-token-generation event Cognito sends the trigger (the parts CivicGrid's trigger uses and more). */
export interface PreTokenEventV2 {
  version: '2';
  triggerSource: string;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  request: {
    userAttributes: Record<string, string>;
    groupConfiguration: { groupsToOverride: string[]; iamRolesToOverride: string[] };
    scopes: string[];
  };
  response: { claimsAndScopeOverrideDetails: unknown };
}

interface StandInUser {
  username: string;
  sub: string;
  attributes: Record<string, string>;
  password?: string;
  enabled: boolean;
  status: 'FORCE_CHANGE_PASSWORD' | 'CONFIRMED';
}

export interface CognitoStandInOptions {
  region: string;
  userPoolId: string;
  clientId: string;
  /** `iss` of the tokens (the issuer the template names) */
  issuer: string;
  /** ID/access token lifetime, seconds */
  tokenSeconds?: number;
  /** the pool's pre-token-generation trigger (the bundle from cdk.out) */
  preTokenGeneration?: (event: PreTokenEventV2) => Promise<PreTokenEventV2>;
}

const PASSWORD = [/^.{10,}$/su, /[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/];

/**
 * A local Cognito user pool speaking the JSON 1.1 API the API Lambda uses (AdminCreateUser, AdminSetUserPassword,
 * AdminUpdateUserAttributes, AdminDisableUser, AdminEnableUser, AdminUserGlobalSignOut, AdminGetUser,
 * AdminInitiateAuth with ADMIN_USER_PASSWORD_AUTH / REFRESH_TOKEN_AUTH, RevokeToken), signing RS256 ID tokens that
 * it passes through the pool's pre-token trigger (V2 event), and serving the JWKS. `failNext` makes an operation
 * fail the way Cognito fails (for the compensation tests).
 */
export async function startCognitoStandIn(options: CognitoStandInOptions) {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const kid = randomBytes(8).toString('hex');
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const users = new Map<string, StandInUser>();
  const refreshTokens = new Map<string, { username: string; issuedAt: number }>();
  const failures: Array<{ op: string; type: string; times: number }> = [];
  const calls: string[] = [];
  const tokenSeconds = options.tokenSeconds ?? 8 * 3600;

  const userOf = (username: unknown): StandInUser => {
    const user = users.get(String(username).toLowerCase());
    if (!user) throw new StubError('UserNotFoundException', 'User does not exist.');
    return user;
  };
  const attributesIn = (list: unknown) =>
    Object.fromEntries(((list as Array<{ Name: string; Value: string }>) ?? []).map((a) => [a.Name, a.Value]));

  const issue = async (user: StandInUser, withRefresh: boolean) => {
    let claims: Record<string, unknown> = {};
    if (options.preTokenGeneration) {
      const event: PreTokenEventV2 = {
        version: '2',
        triggerSource: withRefresh ? 'TokenGeneration_Authentication' : 'TokenGeneration_RefreshTokens',
        region: options.region,
        userPoolId: options.userPoolId,
        userName: user.sub,
        callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: options.clientId },
        request: {
          userAttributes: { sub: user.sub, ...user.attributes },
          groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] },
          scopes: ['aws.cognito.signin.user.admin'],
        },
        response: { claimsAndScopeOverrideDetails: null },
      };
      const out = await options.preTokenGeneration(event);
      const details = out.response.claimsAndScopeOverrideDetails as {
        idTokenGeneration?: { claimsToAddOrOverride?: Record<string, unknown> };
      } | null;
      claims = details?.idTokenGeneration?.claimsToAddOrOverride ?? {};
    }
    const now = Math.floor(Date.now() / 1000);
    const sign = (payload: JWTPayload) =>
      new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(options.issuer)
        .setIssuedAt(now)
        .setExpirationTime(now + tokenSeconds)
        .setJti(randomUUID())
        .sign(privateKey);
    const IdToken = await sign({
      sub: user.sub,
      aud: options.clientId,
      token_use: 'id',
      auth_time: now,
      'cognito:username': user.sub,
      email: user.attributes.email,
      email_verified: user.attributes.email_verified === 'true',
      name: user.attributes.name,
      ...Object.fromEntries(Object.entries(user.attributes).filter(([k]) => k.startsWith('custom:'))),
      ...claims,
    });
    const AccessToken = await sign({
      sub: user.sub,
      client_id: options.clientId,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      username: user.sub,
    });
    const result: Record<string, unknown> = { IdToken, AccessToken, ExpiresIn: tokenSeconds, TokenType: 'Bearer' };
    if (withRefresh) {
      const RefreshToken = randomBytes(48).toString('base64url');
      refreshTokens.set(RefreshToken, { username: user.username, issuedAt: Date.now() });
      result.RefreshToken = RefreshToken;
    }
    return { AuthenticationResult: result, ChallengeParameters: {} };
  };

  const checkPool = (body: Record<string, unknown>) => {
    if (body.UserPoolId !== undefined && body.UserPoolId !== options.userPoolId) {
      throw new StubError('ResourceNotFoundException', `User pool ${String(body.UserPoolId)} does not exist.`);
    }
    if (body.ClientId !== undefined && body.ClientId !== options.clientId) {
      throw new StubError('ResourceNotFoundException', 'User pool client does not exist.');
    }
  };

  const operations: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
    async AdminCreateUser(body) {
      const username = String(body.Username).toLowerCase();
      if (users.has(username))
        throw new StubError('UsernameExistsException', 'An account with the given email already exists.');
      const user: StandInUser = {
        username,
        sub: randomUUID(),
        attributes: attributesIn(body.UserAttributes),
        enabled: true,
        status: 'FORCE_CHANGE_PASSWORD',
      };
      users.set(username, user);
      return { User: { Username: user.sub, Enabled: true, UserStatus: user.status } };
    },
    async AdminSetUserPassword(body) {
      const user = userOf(body.Username);
      const password = String(body.Password);
      if (!PASSWORD.every((rule) => rule.test(password))) {
        throw new StubError('InvalidPasswordException', 'Password does not conform to policy');
      }
      user.password = password;
      user.status = body.Permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
      return {};
    },
    async AdminUpdateUserAttributes(body) {
      const user = userOf(body.Username);
      const changes = attributesIn(body.UserAttributes);
      if ('custom:userId' in changes) throw new StubError('NotAuthorizedException', 'custom:userId is immutable');
      Object.assign(user.attributes, changes);
      return {};
    },
    async AdminDisableUser(body) {
      userOf(body.Username).enabled = false;
      return {};
    },
    async AdminEnableUser(body) {
      userOf(body.Username).enabled = true;
      return {};
    },
    async AdminUserGlobalSignOut(body) {
      const user = userOf(body.Username);
      for (const [token, owner] of refreshTokens) if (owner.username === user.username) refreshTokens.delete(token);
      return {};
    },
    async AdminGetUser(body) {
      const user = userOf(body.Username);
      return {
        Username: user.sub,
        Enabled: user.enabled,
        UserStatus: user.status,
        UserAttributes: Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
      };
    },
    async AdminInitiateAuth(body) {
      const params = (body.AuthParameters ?? {}) as Record<string, string>;
      if (body.AuthFlow === 'ADMIN_USER_PASSWORD_AUTH') {
        const user = users.get(String(params.USERNAME).toLowerCase());
        if (!user || user.password === undefined || user.password !== params.PASSWORD) {
          throw new StubError('NotAuthorizedException', 'Incorrect username or password.');
        }
        if (!user.enabled) throw new StubError('NotAuthorizedException', 'User is disabled.');
        return issue(user, true);
      }
      if (body.AuthFlow === 'REFRESH_TOKEN_AUTH') {
        const held = refreshTokens.get(String(params.REFRESH_TOKEN));
        if (!held) throw new StubError('NotAuthorizedException', 'Refresh Token has been revoked');
        const user = userOf(held.username);
        if (!user.enabled) throw new StubError('NotAuthorizedException', 'User is disabled.');
        return issue(user, false);
      }
      throw new StubError(
        'InvalidParameterException',
        `Auth flow ${String(body.AuthFlow)} is not enabled for the client.`,
      );
    },
    async RevokeToken(body) {
      refreshTokens.delete(String(body.Token));
      return {};
    },
  };

  const service = await listen(async (req, raw) => {
    if (req.method === 'GET' && req.url === `/${options.userPoolId}/.well-known/jwks.json`) {
      return { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ keys: [jwk] }) };
    }
    const op = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const handler = operations[op];
    if (!handler) throw new StubError('UnknownOperationException', `Not served by the stand-in: ${op}`);
    calls.push(op);
    const failure = failures.find((f) => f.op === op && f.times > 0);
    if (failure) {
      failure.times--;
      throw new StubError(
        failure.type,
        `injected ${failure.type}`,
        failure.type === 'InternalErrorException' ? 500 : 400,
      );
    }
    const body = JSON.parse(raw || '{}') as Record<string, unknown>;
    checkPool(body);
    return { body: JSON.stringify(await handler(body)) };
  });

  return {
    endpoint: service.endpoint,
    jwksUrl: `${service.endpoint}/${options.userPoolId}/.well-known/jwks.json`,
    /** Cognito's view of an account (attributes, enabled), by e-mail */
    user: (email: string) => users.get(email.toLowerCase()),
    /** refresh tokens still valid for an account */
    liveRefreshTokens: (email: string) =>
      [...refreshTokens.values()].filter((t) => t.username === email.toLowerCase()).length,
    /** the next `times` calls of `op` fail with the Cognito error `type` */
    failNext(op: string, type: string, times = 1) {
      failures.push({ op, type, times });
    },
    clearFailures() {
      failures.length = 0;
    },
    calls,
    stop: service.stop,
  };
}

export type CognitoStandIn = Awaited<ReturnType<typeof startCognitoStandIn>>;
