import {
  lineageStatus,
  newId,
  type TenantRecord,
  TenantRepository,
  type UserRecord,
  UserRepository,
} from '@civicgrid/db';
import {
  AppError,
  changePasswordSchema,
  loginSchema,
  NotFoundError,
  signupSchema,
  type TenantPath,
  TooManyRequestsError,
  UnauthorizedError,
  ValidationError,
} from '@civicgrid/domain';
import * as z from 'zod';
import { CEILING_DELAY_MS, loginThrottleOf } from '../auth/login-throttle';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from '../auth/password';
import { forgetSessions } from '../auth/session';
import { PLATFORM_PATH } from '../auth/tokens';
import { syncIdentity } from '../aws/identity-sync';
import type { AppDeps } from '../deps';
import { claimsOf, clientIp } from '../http/context';
import { RateLimiter } from '../http/rate-limit';
import { loginResultSchema, meSchema } from '../http/response-schemas';
import type { Route } from '../http/routes';
import { jsonBody } from '../http/validate';
import { tenantView } from './tenants';
import { publicUser } from './views';

/** `POST /api/auth/refresh` and `/api/auth/logout` (AWS: Cognito's refresh token from the login answer). */
const refreshSchema = z.object({
  refreshToken: z.string({ error: 'refreshToken is required' }).min(1, { error: 'refreshToken is required' }).max(8192),
});
const logoutSchema = z.object({ refreshToken: z.string().min(1).max(8192).optional() });

/** Sign-up, login, the caller's own account. */
export function registerAuthRoutes(route: Route, deps: AppDeps): void {
  const tenants = new TenantRepository(deps.store);
  const users = new UserRepository(deps.store);
  const loginsPerClient = new RateLimiter(deps.config.rateLimits.loginsPerMinute, 60_000);
  const signupsPerClient = new RateLimiter(deps.config.rateLimits.signupsPerHour, 3_600_000);
  const throttle = loginThrottleOf(deps.store);

  /** The caller's tenant as login and /api/me show it; the platform operator's pseudo-tenant when there is none. */
  const callerTenant = (tenant: TenantRecord | undefined, tenantId: string) =>
    tenant
      ? tenantView(tenant)
      : {
          id: tenantId,
          slug: 'platform',
          path: PLATFORM_PATH,
          name: deps.config.platformName,
          level: 'platform',
          status: 'active',
        };

  route(
    {
      method: 'POST',
      path: '/api/signup',
      operationId: 'signUp',
      errors: [409, 503],
      isolation: 'public',
      summary: 'A district or street/town office signs up',
      body: signupSchema,
    },
    async (c) => {
      signupsPerClient.hit(clientIp(c), 'sign-ups');
      const input = await jsonBody(c, signupSchema);
      deps.identity?.checkPassword(input.admin.password, 'admin.password');
      let parentPath: TenantPath | undefined;
      if (input.tenant.parentSlug) {
        const parent = await tenants.getBySlug(input.tenant.parentSlug);
        if (parent?.level !== 'district' || parent.status !== 'active') {
          throw new ValidationError('No such district', [
            {
              path: 'tenant.parentSlug',
              message: 'must name an active district on the platform',
              code: 'no_such_district',
            },
          ]);
        }
        parentPath = parent.path;
      }
      const now = deps.clock();
      const admin: UserRecord = {
        id: newId(now),
        tenantPath: '' as TenantPath, // filled in by the repository with the allocated path
        tenantId: '',
        name: input.admin.name,
        email: input.admin.email.toLowerCase(),
        roles: ['tenant_admin'],
        status: 'active',
        passwordHash: await hashPassword(input.admin.password),
        failedLogins: 0,
        createdAt: now.toISOString(),
        version: 1,
      };
      const tenant = await tenants.create(
        {
          name: input.tenant.name,
          slug: input.tenant.slug,
          level: input.tenant.level,
          parentPath,
          // a street joining a district waits for the district's approval
          status: parentPath ? 'pending' : 'active',
        },
        now,
        admin,
      );
      await deps.identity?.createUser({
        userId: admin.id,
        email: admin.email,
        password: input.admin.password,
        name: admin.name,
        tenantId: tenant.id,
        tenantPath: tenant.path,
        roles: admin.roles,
      });
      return c.json(
        {
          tenant: {
            id: tenant.id,
            slug: tenant.slug,
            path: tenant.path,
            level: tenant.level,
            status: tenant.status,
            name: tenant.name,
          },
          user: { id: admin.id, email: admin.email, roles: admin.roles },
        },
        201,
      );
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/auth/login',
      operationId: 'logIn',
      response: loginResultSchema,
      errors: [401],
      isolation: 'public',
      summary: 'Log in with e-mail and password',
      body: loginSchema,
    },
    async (c) => {
      const client = clientIp(c);
      loginsPerClient.hit(client, 'login attempts');
      const input = await jsonBody(c, loginSchema);
      if (deps.authenticator) {
        // AWS: Cognito checks the password (and counts failures itself); the table supplies the answer's user.
        const session = await deps.authenticator.login(input.email, input.password, {
          ip: clientIp(c),
          userAgent: c.req.header('user-agent'),
        });
        const user = await users.getByEmail(input.email);
        const refuse = async (error: Error) => {
          if (session.refreshToken) await deps.authenticator?.logout(session.refreshToken);
          throw error;
        };
        if (!user) return refuse(new UnauthorizedError('Wrong e-mail or password', 'invalid_credentials'));
        if (user.status !== 'active') {
          return refuse(new UnauthorizedError('This account is deactivated', 'account_inactive'));
        }
        // the same cascade as the embedded runtime: a suspension anywhere above closes the subtree
        const platform = user.tenantPath === PLATFORM_PATH;
        const lineage = platform ? [] : await tenants.lineage(user.tenantPath);
        const tenant = lineage.at(-1);
        const status = platform ? 'active' : lineageStatus(user.tenantPath, lineage);
        if (status === 'missing') return refuse(new NotFoundError('Tenant'));
        if (status === 'suspended') return refuse(new AppError(403, 'tenant_suspended', 'This tenant is suspended'));
        return c.json({
          token: session.token,
          expiresAt: session.expiresAt,
          refreshToken: session.refreshToken,
          user: { ...publicUser(user), tenantId: user.tenantId },
          tenant: callerTenant(tenant, user.tenantId),
        });
      }
      if (!deps.issuer) throw new AppError(404, 'not_found', 'Login is handled by the identity provider');
      const email = input.email.toLowerCase();
      const now = deps.clock();
      const wait = throttle.waitSeconds(email, client, now.getTime());
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        throw new TooManyRequestsError(`Too many wrong passwords; try again in ${wait} s`, wait, 'login_throttled');
      }
      // Known and unknown e-mails take the same steps — two reads, one scrypt, one write on failure — and get
      // the same answers (401, then 429 once the client has used its free attempts).
      const user = await users.getByEmail(email, { evenTiming: true });
      const slow = throttle.overCeiling(
        email,
        now.getTime(),
        user && { count: user.failedLogins ?? 0, lastAt: user.lastFailedLoginAt },
      );
      const matches = await verifyPassword(input.password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
      if (slow) await new Promise((resolve) => setTimeout(resolve, CEILING_DELAY_MS));
      if (!user || !matches) {
        throttle.fail(email, client, now.getTime());
        await (user ? users.recordFailedLogin(user, now) : users.recordUnknownFailedLogin(email, now));
        throw new UnauthorizedError('Wrong e-mail or password', 'invalid_credentials');
      }
      throttle.succeed(email, client);
      if (user.status !== 'active') throw new UnauthorizedError('This account is deactivated', 'account_inactive');
      const platform = user.tenantPath === PLATFORM_PATH;
      const lineage = platform ? [] : await tenants.lineage(user.tenantPath);
      const tenant = lineage.at(-1);
      const status = platform ? 'active' : lineageStatus(user.tenantPath, lineage);
      if (status === 'missing') throw new NotFoundError('Tenant');
      // a suspension anywhere above closes the whole subtree; a pending tenant's staff may log in and set it up
      if (status === 'suspended') throw new AppError(403, 'tenant_suspended', 'This tenant is suspended');
      await users.clearFailedLogins(user);
      const { token, expiresAt } = await deps.issuer.issue({
        userId: user.id,
        tenantId: user.tenantId,
        tenantPath: user.tenantPath,
        roles: user.roles as never,
        email: user.email,
      });
      return c.json({
        token,
        expiresAt,
        user: { ...publicUser(user), tenantId: user.tenantId },
        tenant: callerTenant(tenant, user.tenantId),
      });
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/auth/refresh',
      operationId: 'refreshToken',
      errors: [401, 404],
      isolation: 'public',
      summary: 'A new token from the refresh token of a login (AWS; the embedded runtime has no refresh tokens)',
      body: refreshSchema,
    },
    async (c) => {
      loginsPerClient.hit(clientIp(c), 'login attempts');
      const input = await jsonBody(c, refreshSchema);
      if (!deps.authenticator) throw new AppError(404, 'not_found', 'This runtime issues no refresh tokens');
      const session = await deps.authenticator.refresh(input.refreshToken);
      return c.json({ token: session.token, expiresAt: session.expiresAt });
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/auth/logout',
      operationId: 'logOut',
      isolation: 'public',
      summary: 'End the session: revokes the refresh token (AWS); the embedded runtime forgets nothing server-side',
      body: logoutSchema,
    },
    async (c) => {
      const input = await jsonBody(c, logoutSchema);
      if (deps.authenticator && input.refreshToken) await deps.authenticator.logout(input.refreshToken);
      return c.body(null, 204);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/me',
      operationId: 'getMe',
      response: meSchema,
      isolation: 'self',
      summary: 'The caller and its tenant',
    },
    async (c) => {
      const claims = claimsOf(c);
      const user = await users.get(claims.tenantPath, claims.userId);
      if (!user) throw new UnauthorizedError();
      const tenant = claims.tenantPath === PLATFORM_PATH ? undefined : await tenants.get(claims.tenantPath);
      return c.json({
        user: { ...publicUser(user), tenantId: user.tenantId },
        tenant: callerTenant(tenant, claims.tenantId),
      });
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/me/password',
      operationId: 'changeMyPassword',
      errors: [503],
      isolation: 'self',
      summary: 'Change the caller’s password',
      body: changePasswordSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, changePasswordSchema);
      const user = await users.get(claims.tenantPath, claims.userId);
      if (!user) throw new UnauthorizedError();
      if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
        throw new ValidationError('Current password is wrong', [
          { path: 'currentPassword', message: 'does not match', code: 'wrong_password' },
        ]);
      }
      deps.identity?.checkPassword(input.newPassword, 'newPassword');
      // every session of the account ends with the old password, this one included: log in again
      const updated = await users.update(claims.tenantPath, claims.userId, user.version, {
        passwordHash: await hashPassword(input.newPassword),
        sessionsValidAfter: new Date().toISOString(), // real time, as tokens are issued
      });
      forgetSessions(deps.store);
      // AWS: Cognito gets the new password and ends its sessions; refused → the old hash is put back (the sessions
      // stay ended: nothing is gained by a refused change, the user logs in again with the old password).
      await syncIdentity(
        deps.identity,
        { email: user.email, password: input.newPassword },
        {},
        () => users.update(claims.tenantPath, claims.userId, updated.version, { passwordHash: user.passwordHash }),
        deps.log,
      );
      return c.body(null, 204);
    },
  );
}
