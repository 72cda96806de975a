import { fieldKpis, fieldTaskKind, pathFromTenantId, type TenantPath } from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { ProcessService } from '../process/service';

/**
 * `groupBy=user`: each worker's row gets `field` — 上报数, 有效上报率, 按期核查率, 巡查时长, 走访数 from the day
 * counters already in the row (the period), tasks done / on time from the task kind's tallies by assignee (to date).
 */
export async function withFieldKpis<R extends { key: string; tenantId?: string }>(
  deps: AppDeps,
  root: TenantPath,
  rows: R[],
): Promise<(R & { field: ReturnType<typeof fieldKpis> })[]> {
  const repo = new ProcessService(deps, fieldTaskKind).repo;
  const paths = new Set<TenantPath>([root]);
  for (const row of rows) {
    const path = row.tenantId ? pathFromTenantId(row.tenantId) : undefined;
    if (path) paths.add(path);
  }
  const tallies = new Map<string, Record<string, number>>();
  await Promise.all(
    [...paths].map(async (path) => {
      for (const t of await repo.tallies(path, 'assignee')) tallies.set(t.value, t.counts);
    }),
  );
  return rows.map((row) => ({
    ...row,
    field: fieldKpis(row as unknown as Record<string, number>, tallies.get(row.key)),
  }));
}
