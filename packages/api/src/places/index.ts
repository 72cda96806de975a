import type { ApiModule } from '../modules/module';
import { registerMapRoutes } from './map-routes';
import { registerPlacesRoutes } from './routes';

/** The places module (地): buildings and their rooms, the base map setting and the public vector layers. */
export const placesModule: ApiModule = {
  name: 'places',
  routes: (route, deps) => {
    registerPlacesRoutes(route, deps);
    registerMapRoutes(route, deps);
  },
};
