import { UserRepository } from '@civicgrid/db';
import type { Context } from 'hono';
import type { AppDeps } from '../deps';
import { type AppEnv, claimsOf } from '../http/context';

/** The staff member acting, with name and grids from the stored account (never from the token alone). */
export interface StaffActor {
  userId: string;
  name?: string;
  roles: string[];
  gridCodes?: string[];
  departmentId?: string;
}

/** True when the actor sees only its own grids' records (grid workers without a wider role). */
export function gridScoped(actor: StaffActor): boolean {
  return (
    actor.roles.includes('grid_worker') &&
    !actor.roles.some((r) => r === 'tenant_admin' || r === 'dispatcher' || r === 'leader')
  );
}

/** True when the actor sees only its own department's records (department users without a wider role). */
export function departmentScoped(actor: StaffActor): boolean {
  return (
    actor.roles.includes('department') &&
    !actor.roles.some((r) => r === 'tenant_admin' || r === 'dispatcher' || r === 'leader')
  );
}

/** The acting staff member of a request. */
export async function staffActor(c: Context<AppEnv>, deps: AppDeps): Promise<StaffActor> {
  const claims = claimsOf(c);
  const user = await new UserRepository(deps.store).get(claims.tenantPath, claims.userId);
  return {
    userId: claims.userId,
    name: user?.name,
    roles: claims.roles,
    gridCodes: user?.gridCodes,
    departmentId: user?.departmentId,
  };
}
