import type { ApiModule } from '../modules/module';
import { registerPeopleRoutes } from './routes';
import { peopleSheet } from './sheet';
import { registerPopulationStatsRoutes } from './stats';

/** The people module (人): people, households, population statistics, the people spreadsheet. */
export const peopleModule: ApiModule = {
  name: 'people',
  routes: (route, deps) => {
    registerPeopleRoutes(route, deps);
    registerPopulationStatsRoutes(route, deps);
  },
  sheets: [peopleSheet],
};
