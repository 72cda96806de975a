import type { RouteModule } from '../app';
import { disputesModule } from '../disputes';
import { earlyWarningsModule } from '../early-warnings';
import { fieldworkModule } from '../fieldwork';
import { legalServicesModule } from '../legal-services';
import { organisationsModule } from '../organisations';
import { peopleModule } from '../people';
import { petitionsModule } from '../petitions';
import { placesModule } from '../places';
import { registerProcessRoutes } from '../process/routes';
import { kindsOf } from '../process/service';
import { registerProcessSettingsRoutes } from '../process/settings-routes';
import { riskAssessmentsModule } from '../risk-assessments';
import { specialModule } from '../special';
import { thingsModule } from '../things';
import { registerAccessLogRoutes } from './access-log-routes';
import { registerSheetRoutes } from './import-routes';
import type { ApiModule } from './module';

/**
 * The product's modules beyond the incident loop. Adding a module is one line here: its routes are registered,
 * and its spreadsheets join the shared import / export routes.
 */
export const modules: readonly ApiModule[] = [
  placesModule,
  peopleModule,
  organisationsModule,
  thingsModule,
  disputesModule,
  petitionsModule,
  riskAssessmentsModule,
  earlyWarningsModule,
  legalServicesModule,
  specialModule,
  fieldworkModule,
];

/** The routes of every module plus what they share (the access log, imports and exports). */
export function moduleRoutes(list: readonly ApiModule[] = modules): RouteModule {
  return (route, deps) => {
    // every process kind (the registry's, or the deployment's list) gets the engine's routes, written once
    for (const kind of kindsOf(deps)) {
      const hooks = list.map((m) => m.processHooks?.[kind.kind]).find((h) => h !== undefined);
      registerProcessRoutes(route, deps, kind, hooks);
    }
    registerProcessSettingsRoutes(route, deps);
    for (const m of list) m.routes(route, deps);
    registerAccessLogRoutes(route, deps);
    registerSheetRoutes(
      route,
      deps,
      list.flatMap((m) => m.sheets ?? []),
    );
  };
}
