import type { ApiModule } from '../modules/module';
import { registerThingRoutes } from './routes';

/** The things module (物): 部件 with object codes and camera points (GB/T 28181), and the cases that name them. */
export const thingsModule: ApiModule = { name: 'things', routes: registerThingRoutes };
