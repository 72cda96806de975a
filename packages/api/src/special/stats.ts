import { processStoreKind, readTallies, type TallyRow } from '@civicgrid/db';
import { processRate, specialGroupLabels, specialGroups, specialVisitKind, type TenantPath } from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import type { Route } from '../http/routes';
import { scopedTenantPath } from '../http/scope';
import { queryParams } from '../http/validate';
import { gridsOf } from '../routes/config';

/** A grid's density below this many listed people is not shown (small counts identify people). */
export const DENSITY_MIN_COUNT = 5;

const PROFILE_TALLY = 'SPECIAL';
const VISIT_TALLY = processStoreKind(specialVisitKind.kind);
const DIMENSIONS = ['group', 'grid', 'worker'] as const;

const statsQuery = z.object({ tenantId: z.string().max(40).optional() });
const densityQuery = z.object({
  group: z.enum(specialGroups, { error: `group is one of ${specialGroups.join(', ')}` }).optional(),
  tenantId: z.string().max(40).optional(),
});

/** 列管数, visits made, on time, 失控漏管 (missed, still not made) and 按期走访率 of one row. */
function kpis(profile: TallyRow | undefined, visit: TallyRow | undefined) {
  const listed = profile?.counts.listed ?? 0;
  const visited = visit?.counts.visited ?? 0;
  const visitedOnTime = visit?.counts.visitedOnTime ?? 0;
  const missed = visit?.counts.missed ?? 0;
  return { listed, visited, visitedOnTime, missed, onTimeRate: processRate(visitedOnTime, visited + missed) };
}

/** One dimension's rows: every value either tally names, its KPIs. */
async function rowsOf(deps: AppDeps, path: TenantPath, dimension: string) {
  const [profiles, visits] = await Promise.all([
    readTallies(deps.store, path, PROFILE_TALLY, dimension),
    readTallies(deps.store, path, VISIT_TALLY, dimension),
  ]);
  const keys = [...new Set([...profiles.map((r) => r.value), ...visits.map((r) => r.value)])].sort();
  return keys.map((key) => ({
    key,
    ...(dimension === 'group' ? { label: specialGroupLabels[key as keyof typeof specialGroupLabels] ?? key } : {}),
    ...kpis(
      profiles.find((r) => r.value === key),
      visits.find((r) => r.value === key),
    ),
  }));
}

/** KPIs (列管数, 按期走访率, 失控漏管数) by group, grid and worker, and the density per grid — aggregates only. */
export function registerSpecialStatsRoutes(route: Route, deps: AppDeps): void {
  route(
    {
      method: 'GET',
      path: '/api/stats/special-populations',
      operationId: 'getSpecialPopulationStats',
      isolation: 'tenant',
      permission: 'special.stats',
      hidden: true,
      summary:
        'Special-population KPIs: listed (列管数), visited, visitedOnTime, missed (失控漏管数), onTimeRate (按期走访率) = visitedOnTime ÷ (visited + missed); rows by group, grid and worker',
      query: statsQuery,
    },
    async (c) => {
      const q = queryParams(c, statsQuery);
      const path = await scopedTenantPath(c, deps, q.tenantId);
      const [profile, visit, ...rows] = await Promise.all([
        readTallies(deps.store, path, PROFILE_TALLY, 'tenant'),
        readTallies(deps.store, path, VISIT_TALLY, 'tenant'),
        ...DIMENSIONS.map((d) => rowsOf(deps, path, d)),
      ]);
      return c.json({
        ...kpis(profile[0], visit[0]),
        rows: Object.fromEntries(DIMENSIONS.map((d, i) => [d, rows[i] ?? []])),
      });
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/stats/special-populations/density',
      operationId: 'getSpecialPopulationDensity',
      isolation: 'tenant',
      permission: 'special.stats',
      hidden: true,
      summary: `Listed people per grid (optionally one group): a count only from ${DENSITY_MIN_COUNT} up, below that \`count: null, suppressed: true\` — never individual points`,
      query: densityQuery,
    },
    async (c) => {
      const q = queryParams(c, densityQuery);
      const path = await scopedTenantPath(c, deps, q.tenantId);
      const [tallies, grids] = await Promise.all([
        readTallies(deps.store, path, PROFILE_TALLY, q.group ? `grid:${q.group}` : 'grid'),
        gridsOf(deps).list(path),
      ]);
      const count = new Map(tallies.map((t) => [t.value, t.counts.listed ?? 0]));
      return c.json({
        threshold: DENSITY_MIN_COUNT,
        ...(q.group ? { group: q.group } : {}),
        grids: (grids as { code: string; name?: string }[]).map((g) => {
          const n = count.get(g.code) ?? 0;
          return n >= DENSITY_MIN_COUNT
            ? { gridCode: g.code, name: g.name, count: n, suppressed: false }
            : { gridCode: g.code, name: g.name, count: null, suppressed: true };
        }),
      });
    },
  );
}
