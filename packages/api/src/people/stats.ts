import { POPULATION_TALLY, readTallies, readTally, TenantRepository } from '@civicgrid/db';
import { levelOf, populationStructure, tenantIdFromPath } from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import type { Route } from '../http/routes';
import { scopedTenantPath } from '../http/scope';
import { queryParams } from '../http/validate';

const statsQuery = z.object({
  groupBy: z.enum(['grid', 'community', 'tenant'], { error: 'groupBy is grid, community or tenant' }).default('grid'),
  tenantId: z.string().max(40).optional(),
});

/**
 * Population structure from the counters written with every change of a person (never by reading people):
 * by grid one Query of the tenant's tallies; by tenant or community one read per tenant of the subtree.
 */
export function registerPopulationStatsRoutes(route: Route, deps: AppDeps): void {
  route(
    {
      method: 'GET',
      path: '/api/stats/population',
      operationId: 'getPopulationStats',
      isolation: 'tenant',
      permission: 'stats.read',
      summary: 'Population by grid / community / tenant: registration, gender, age bands, origin, floating flows',
      query: statsQuery,
    },
    async (c) => {
      const q = queryParams(c, statsQuery);
      const path = await scopedTenantPath(c, deps, q.tenantId);
      const year = Number(deps.clock().toISOString().slice(0, 4));
      if (q.groupBy === 'grid') {
        const rows = await readTallies(deps.store, path, POPULATION_TALLY, 'grid');
        const all = await readTally(deps.store, path, POPULATION_TALLY, 'tenant', 'all');
        return c.json({
          groupBy: 'grid',
          tenantId: tenantIdFromPath(path),
          total: populationStructure(all.counts, year),
          items: rows.map((r) => ({ key: r.value, ...populationStructure(r.counts, year) })),
        });
      }
      const repo = new TenantRepository(deps.store);
      const subtree = await repo.listSubtree(path);
      const self = subtree.some((t) => t.path === path) ? undefined : await repo.get(path);
      const tenants = [...(self ? [self] : []), ...subtree].filter((t) => t.path === path || t.status === 'active');
      const chosen = tenants.filter((t) => (q.groupBy === 'community' ? levelOf(t.path) === 'community' : true));
      const rows = await Promise.all(
        chosen.map(async (t) => ({
          key: tenantIdFromPath(t.path),
          name: t.name,
          ...populationStructure((await readTally(deps.store, t.path, POPULATION_TALLY, 'tenant', 'all')).counts, year),
        })),
      );
      return c.json({ groupBy: q.groupBy, tenantId: tenantIdFromPath(path), items: rows });
    },
  );
}
