import type { ProcessRecord } from '@civicgrid/domain';
import { type SpecialVisitData, specialVisitKind } from '@civicgrid/domain';
import type { ApiModule } from '../modules/module';
import { registerSpecialRoutes } from './routes';
import { SpecialService } from './service';
import { registerSpecialStatsRoutes } from './stats';

/**
 * Special populations (特殊人群): profiles, the visit plan on the process engine (kind `specialvisit`), visit and
 * assistance records, transfers through the district, KPIs and the density per grid. Hidden behind `special.*`.
 */
export const specialModule: ApiModule = {
  name: 'special',
  routes: (route, deps) => {
    registerSpecialRoutes(route, deps);
    registerSpecialStatsRoutes(route, deps);
  },
  processHooks: {
    [specialVisitKind.kind]: {
      // a visit made through the engine's own action route opens the profile's next visit, as the profile's does
      // (the visit itself is unchanged: undefined)
      afterAction: async (deps, path, action, record, actor) => {
        if (action !== 'visit') return undefined;
        await new SpecialService(deps).afterVisit(path, record as unknown as ProcessRecord<SpecialVisitData>, actor);
        return undefined;
      },
    },
  },
};

export { SpecialService };
