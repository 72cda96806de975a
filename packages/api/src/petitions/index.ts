import { type PetitionInput, petitionKind, type TenantPath, ValidationError } from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import type { ApiModule } from '../modules/module';
import { departmentsOf } from '../routes/config';
import { petitionTrailFromDispute } from './from-dispute';
import { registerPetitionRoutes } from './routes';

/**
 * 交办 names one of the tenant's departments (400 naming `departmentId` otherwise); the petition keeps the
 * department's name as it was at the assignment.
 */
async function checkAssignment(deps: AppDeps, path: TenantPath, action: string, body: unknown) {
  if (action !== 'assign') return undefined;
  const b = body as { departmentId: string; departmentName?: string };
  const department = await departmentsOf(deps).get(path, b.departmentId);
  if (!department) {
    throw new ValidationError(
      'Unknown department',
      [{ path: 'departmentId', message: `no department ${b.departmentId} in this tenant` }],
      'unknown_department',
    );
  }
  return { ...b, departmentName: department.name };
}

/** Petitions (信访): statistics, the printable reply (答复意见书), 交办 to a department. The engine serves the rest. */
export const petitionsModule: ApiModule = {
  name: 'petitions',
  routes: registerPetitionRoutes,
  processHooks: {
    [petitionKind.kind]: {
      beforeCreate: (deps, path, input) => petitionTrailFromDispute(deps, path, input as PetitionInput),
      beforeAction: checkAssignment,
    },
  },
};
