import { UserRepository } from '@civicgrid/db';
import { type TenantPath, ValidationError } from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import type { ApiModule } from '../modules/module';
import { registerFieldRoutes } from './routes';

/** A task's assignee is a grid worker of the tenant (400 on `assigneeId`). */
async function checkAssignee(deps: AppDeps, path: TenantPath, input: unknown) {
  const { assigneeId } = input as { assigneeId: string };
  const user = await new UserRepository(deps.store).get(path, assigneeId);
  if (!user?.roles.includes('grid_worker')) {
    throw new ValidationError('Unknown assignee', [
      { path: 'assigneeId', message: 'must name a grid worker of this tenant' },
    ]);
  }
  return {};
}

/** Field work of grid workers (巡查, 走访, 任务); tasks run on the process engine (kind `fieldtask`). */
export const fieldworkModule: ApiModule = {
  name: 'fieldwork',
  routes: registerFieldRoutes,
  processHooks: { fieldtask: { beforeCreate: checkAssignee } },
};
