import { ORGANISATION_TALLY, readTallies, readTally } from '@civicgrid/db';
import { organisationStructure, tenantIdFromPath } from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import type { Route } from '../http/routes';
import { scopedTenantPath } from '../http/scope';
import { queryParams } from '../http/validate';

const statsQuery = z.object({ tenantId: z.string().max(40).optional() });

/**
 * Organisations by kind, status and cultivation stage, for the tenant and per grid — from the counters written with
 * every change of an organisation (one Query of the grid tallies and one read of the tenant's), never from records.
 */
export function registerOrganisationStatsRoutes(route: Route, deps: AppDeps): void {
  route(
    {
      method: 'GET',
      path: '/api/stats/organisations',
      operationId: 'getOrganisationStats',
      isolation: 'tenant',
      permission: 'stats.read',
      summary: 'Organisations by kind, status and cultivation stage: the tenant and each grid',
      query: statsQuery,
    },
    async (c) => {
      const q = queryParams(c, statsQuery);
      const path = await scopedTenantPath(c, deps, q.tenantId);
      const [rows, all] = await Promise.all([
        readTallies(deps.store, path, ORGANISATION_TALLY, 'grid'),
        readTally(deps.store, path, ORGANISATION_TALLY, 'tenant', 'all'),
      ]);
      return c.json({
        tenantId: tenantIdFromPath(path),
        total: organisationStructure(all.counts),
        items: rows.map((r) => ({ key: r.value, ...organisationStructure(r.counts) })),
      });
    },
  );
}
