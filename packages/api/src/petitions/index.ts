import type { ApiModule } from '../modules/module';
import { registerPetitionRoutes } from './routes';

/** Petitions (信访): statistics, the printable reply (答复意见书). The engine serves the rest. */
export const petitionsModule: ApiModule = { name: 'petitions', routes: registerPetitionRoutes };
