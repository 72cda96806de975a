import type { ApiModule } from '../modules/module';
import { registerPlacesRoutes } from './routes';

/** The places module (地): buildings and their rooms. */
export const placesModule: ApiModule = { name: 'places', routes: registerPlacesRoutes };
