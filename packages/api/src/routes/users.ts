import { randomInt } from 'node:crypto';
import {
  type CollectionRepository,
  newId,
  TenantRepository,
  type UserRecord,
  UserRepository,
  withPlatformCredentials,
} from '@civicgrid/db';
import {
  createUserSchema,
  NotFoundError,
  resetPasswordSchema,
  tenantIdFromPath,
  updateUserSchema,
  ValidationError,
} from '@civicgrid/domain';
import * as z from 'zod';
import { loginThrottleOf } from '../auth/login-throttle';
import { hashPassword } from '../auth/password';
import { forgetSessions } from '../auth/session';
import { identityChangeOf, syncIdentity } from '../aws/identity-sync';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import { param } from '../http/params';
import { userPageSchema, userSchema } from '../http/response-schemas';
import type { Route } from '../http/routes';
import { scopedTenantPath } from '../http/scope';
import { jsonBody, queryParams } from '../http/validate';
import { quotaGuardOf } from '../usage/quota';
import { departmentsOf, gridsOf } from './config';
import { publicUser } from './views';

const listQuery = z.object({ tenantId: z.string().max(40).optional() });

/** Staff accounts of a tenant. */
export function registerUserRoutes(route: Route, deps: AppDeps): void {
  const users = new UserRepository(deps.store);
  const departments: CollectionRepository<{ id: string; version: number; createdAt: string }> = departmentsOf(deps);
  const grids: CollectionRepository<{ code: string; version: number; createdAt: string }> = gridsOf(deps);

  /** A department user must name an existing department; grid codes must exist. */
  async function checkReferences(
    path: UserRecord['tenantPath'],
    input: { roles?: string[]; departmentId?: string; gridCodes?: string[] },
  ) {
    if (input.roles?.includes('department') && !input.departmentId) {
      throw new ValidationError('A department user needs a department', [
        { path: 'departmentId', message: 'required for role department', code: 'department_required' },
      ]);
    }
    if (input.departmentId && !(await departments.get(path, input.departmentId))) {
      throw new ValidationError('No such department', [
        { path: 'departmentId', message: 'must name a department of this tenant', code: 'no_such_department' },
      ]);
    }
    for (const [i, code] of (input.gridCodes ?? []).entries()) {
      if (!(await grids.get(path, code))) {
        throw new ValidationError('No such grid', [
          { path: `gridCodes.${i}`, message: 'must name a grid of this tenant', code: 'no_such_grid' },
        ]);
      }
    }
  }

  route(
    {
      method: 'GET',
      path: '/api/users',
      operationId: 'listUsers',
      response: userPageSchema,
      isolation: 'tenant',
      permission: 'user.read',
      summary: 'Users of the tenant',
      query: listQuery,
    },
    async (c) => {
      const { tenantId } = queryParams(c, listQuery);
      const path = await scopedTenantPath(c, deps, tenantId);
      const items = await users.list(path);
      return c.json({ items: items.map(publicUser) });
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/users',
      operationId: 'createUser',
      errors: [503],
      response: userSchema,
      isolation: 'tenant',
      permission: 'user.manage',
      summary: 'Create a staff user',
      body: createUserSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, createUserSchema);
      // `?tenantId=` staffs a tenant below (a street's community, whose own centre runs the loop after 下派)
      const path = await scopedTenantPath(c, deps, queryParams(c, listQuery).tenantId);
      if (path !== claims.tenantPath) {
        const below = await new TenantRepository(deps.store).get(path);
        // only a street staffs its own communities; a district does not make users in its streets
        if (below?.level !== 'community' || below.parentPath !== claims.tenantPath) throw new NotFoundError('Tenant');
      }
      await checkReferences(path, input);
      await quotaGuardOf(deps).checkUsers(path); // the plan's active users (403 quota_exceeded)
      deps.identity?.checkPassword(input.password, 'password');
      const now = deps.clock();
      const passwordHash = await hashPassword(input.password);
      // platform credentials: the e-mail registry (`_platform/EMAIL#…`) is written in the same transaction
      const user = await withPlatformCredentials(() =>
        users.create({
          id: newId(now),
          tenantPath: path,
          tenantId: tenantIdFromPath(path),
          name: input.name,
          email: input.email.toLowerCase(),
          roles: input.roles,
          departmentId: input.departmentId,
          gridCodes: input.gridCodes,
          phone: input.phone,
          status: 'active',
          passwordHash,
          failedLogins: 0,
          createdAt: now.toISOString(),
          version: 1,
        }),
      );
      await deps.identity?.createUser({
        userId: user.id,
        email: user.email,
        password: input.password,
        name: user.name,
        tenantId: user.tenantId,
        tenantPath: user.tenantPath,
        roles: user.roles,
      });
      return c.json(publicUser(user), 201);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/users/:id',
      operationId: 'getUser',
      response: userSchema,
      isolation: 'tenant',
      permission: 'user.read',
      summary: 'One user',
    },
    async (c) => {
      const user = await users.get(claimsOf(c).tenantPath, param(c, 'id'));
      if (!user) throw new NotFoundError('User');
      return c.json(publicUser(user));
    },
  );

  route(
    {
      method: 'PATCH',
      path: '/api/users/:id',
      operationId: 'updateUser',
      errors: [503],
      response: userSchema,
      isolation: 'tenant',
      permission: 'user.manage',
      summary: 'Change a user’s name, roles, department, grids or status (deactivate)',
      body: updateUserSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, updateUserSchema);
      const current = await users.get(claims.tenantPath, param(c, 'id'));
      if (!current) throw new NotFoundError('User');
      if (current.id === claims.userId && input.status === 'inactive') {
        throw new ValidationError('You cannot deactivate yourself', [
          { path: 'status', message: 'not for your own account', code: 'not_yourself' },
        ]);
      }
      await checkReferences(claims.tenantPath, {
        roles: input.roles ?? current.roles,
        departmentId: input.departmentId ?? current.departmentId,
        gridCodes: input.gridCodes,
      });
      const { version, ...changes } = input;
      // a deactivation ends every session for good: reactivating the account does not revive old tokens
      const revoke = input.status === 'inactive' && current.status !== 'inactive';
      const updated = await users.update(claims.tenantPath, current.id, version ?? current.version, {
        ...changes,
        // real time, as tokens are issued
        ...(revoke ? { sessionsValidAfter: new Date().toISOString() } : {}),
      });
      forgetSessions(deps.store); // the new roles, department, grids and status apply to the next request
      // AWS: roles, name and status reach Cognito (sessions end when rights shrink); refused → the write is undone.
      const { change, before } = identityChangeOf(current, changes);
      await syncIdentity(
        deps.identity,
        change,
        before,
        async () => {
          await users.update(claims.tenantPath, current.id, updated.version, {
            name: current.name,
            roles: current.roles,
            status: current.status,
          });
          forgetSessions(deps.store);
        },
        deps.log,
      );
      return c.json(publicUser(updated));
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/users/:id/unlock',
      operationId: 'unlockUser',
      response: userSchema,
      isolation: 'tenant',
      permission: 'user.manage',
      summary: 'Clear a user’s failed-login count and login throttles (an administrator’s unlock)',
    },
    async (c) => {
      const user = await users.get(claimsOf(c).tenantPath, param(c, 'id'));
      if (!user) throw new NotFoundError('User');
      await users.clearFailedLogins(user);
      loginThrottleOf(deps.store).forget(user.email);
      return c.json(publicUser({ ...user, failedLogins: 0 }));
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/users/:id/password',
      operationId: 'resetUserPassword',
      isolation: 'tenant',
      permission: 'user.manage',
      summary: 'Reset a user’s password: to the one given, or to a temporary one shown once; every session ends',
      body: resetPasswordSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, resetPasswordSchema);
      const current = await users.get(claims.tenantPath, param(c, 'id'));
      if (!current) throw new NotFoundError('User');
      const temporary = input.password === undefined ? temporaryPassword() : undefined;
      const password = input.password ?? (temporary as string);
      deps.identity?.checkPassword(password, 'password');
      const updated = await users.update(claims.tenantPath, current.id, current.version, {
        passwordHash: await hashPassword(password),
        sessionsValidAfter: new Date().toISOString(), // real time, as tokens are issued
      });
      forgetSessions(deps.store);
      // a reset also lifts the throttle: the owner is about to log in with the new password
      await users.clearFailedLogins(updated);
      loginThrottleOf(deps.store).forget(current.email);
      await syncIdentity(
        deps.identity,
        { email: current.email, password },
        {},
        () => users.update(claims.tenantPath, current.id, updated.version, { passwordHash: current.passwordHash }),
        deps.log,
      );
      return c.json({
        user: publicUser({ ...updated, failedLogins: 0 }),
        ...(temporary ? { temporaryPassword: temporary } : {}),
      });
    },
  );
}

/** Twelve characters from an alphabet without look-alikes (0/O, 1/l/I), easy to read out over the phone. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function temporaryPassword(): string {
  return Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}
