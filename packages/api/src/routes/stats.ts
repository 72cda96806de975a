import { type KpiDimension, readCounters, TenantRepository } from '@civicgrid/db';
import {
  isCalendarDate,
  type KpiCounters,
  kpiFromCounters,
  mergeCounters,
  shanghaiDate,
  type TenantPath,
  ValidationError,
} from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import type { Route } from '../http/routes';
import { scopedTenantPath } from '../http/scope';
import { queryParams } from '../http/validate';

const kpiQuery = z.object({
  from: z.string().refine(isCalendarDate, { error: 'from must be a date YYYY-MM-DD' }).optional(),
  to: z.string().refine(isCalendarDate, { error: 'to must be a date YYYY-MM-DD' }).optional(),
  groupBy: z
    .enum(['tenant', 'department', 'category', 'grid', 'day'], {
      error: 'groupBy must be tenant, department, category, grid or day',
    })
    .default('tenant'),
  tenantId: z.string().max(40).optional(),
});

const MAX_DAYS = 366 * 2;

/** KPIs computed from the counters written with each transition — never from the cases themselves. */
export function registerStatsRoutes(route: Route, deps: AppDeps): void {
  const tenants = new TenantRepository(deps.store);

  route(
    {
      method: 'GET',
      path: '/api/stats/kpis',
      isolation: 'tenant',
      permission: 'stats.read',
      summary:
        'KPIs (结案率, 按期结案率, 返工率, …) by tenant, department, category, grid or day; districts roll up their subtree',
      query: kpiQuery,
    },
    async (c) => {
      const q = queryParams(c, kpiQuery);
      const today = shanghaiDate(deps.clock());
      const to = q.to ?? today;
      const from = q.from ?? `${to.slice(0, 7)}-01`;
      if (from > to) throw new ValidationError('from is after to', [{ path: 'from', message: 'must not be after to' }]);
      if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_DAYS) {
        throw new ValidationError('Period too long', [
          { path: 'from', message: `the period may span at most ${MAX_DAYS} days` },
        ]);
      }
      const root = await scopedTenantPath(c, deps, q.tenantId);
      // the subtree: the tenant itself and every active tenant below it whose ancestors are active too
      const below = (await tenants.listSubtree(root)).filter((t) => t.status === 'active');
      const active = new Set<string>([root, ...below.map((t) => t.path)]);
      const included = [root, ...below.filter((t) => visible(t.path, root, active)).map((t) => t.path)] as TenantPath[];
      const names = new Map(below.map((t) => [t.path as string, t]));

      const dimension: KpiDimension = q.groupBy === 'tenant' || q.groupBy === 'day' ? 'tenant' : q.groupBy;
      const groups = new Map<string, Partial<KpiCounters>[]>();
      await Promise.all(
        included.map(async (path) => {
          const rows = await readCounters(deps.store, path, dimension, from, to, { byDay: q.groupBy === 'day' });
          for (const row of rows) {
            const key =
              q.groupBy === 'tenant'
                ? tenantKey(path, root, claimsOf(c).tenantId, names)
                : q.groupBy === 'day'
                  ? row.day
                  : row.value;
            groups.set(key, [...(groups.get(key) ?? []), row.counters as Partial<KpiCounters>]);
          }
        }),
      );
      if (q.groupBy === 'tenant' && groups.size === 0)
        groups.set(tenantKey(root, root, claimsOf(c).tenantId, names), []);
      const rows = [...groups.entries()]
        .map(([key, sets]) => {
          const counters = mergeCounters(...sets);
          return { key, ...counters, ...kpiFromCounters(counters) };
        })
        .sort((a, b) => a.key.localeCompare(b.key));
      return c.json({ from, to, groupBy: q.groupBy, rows });
    },
  );
}

function visible(path: string, root: string, active: Set<string>): boolean {
  // every ancestor between root and path must be active (a pending street hides its communities)
  let cursor = path;
  while (cursor !== root) {
    if (!active.has(cursor)) return false;
    const parent = `${cursor.slice(0, -1).split('/').slice(0, -1).join('/')}/`;
    if (parent === '/') return false;
    cursor = parent;
  }
  return true;
}

function tenantKey(path: string, root: string, rootId: string, names: Map<string, { id: string }>): string {
  if (path === root) return rootId;
  return names.get(path)?.id ?? path;
}
