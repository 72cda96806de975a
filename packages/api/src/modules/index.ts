import type { RouteModule } from '../app';
import { organisationsModule } from '../organisations';
import { peopleModule } from '../people';
import { placesModule } from '../places';
import { thingsModule } from '../things';
import { registerAccessLogRoutes } from './access-log-routes';
import { registerSheetRoutes } from './import-routes';
import type { ApiModule } from './module';

/**
 * The product's modules beyond the incident loop. Adding a module is one line here: its routes are registered,
 * and its spreadsheets join the shared import / export routes.
 */
export const modules: readonly ApiModule[] = [placesModule, peopleModule, organisationsModule, thingsModule];

/** The routes of every module plus what they share (the access log, imports and exports). */
export function moduleRoutes(list: readonly ApiModule[] = modules): RouteModule {
  return (route, deps) => {
    for (const m of list) m.routes(route, deps);
    registerAccessLogRoutes(route, deps);
    registerSheetRoutes(
      route,
      deps,
      list.flatMap((m) => m.sheets ?? []),
    );
  };
}
