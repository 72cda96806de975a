import type { ApiModule } from '../modules/module';
import { registerOrganisationRoutes } from './routes';
import { organisationSheet } from './sheet';
import { registerOrganisationStatsRoutes } from './stats';

/** The organisations module (组织): organisations, their employees, statistics, the organisation spreadsheet. */
export const organisationsModule: ApiModule = {
  name: 'organisations',
  routes: (route, deps) => {
    registerOrganisationRoutes(route, deps);
    registerOrganisationStatsRoutes(route, deps);
  },
  sheets: [organisationSheet],
};
