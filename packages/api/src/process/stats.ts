import { monthsBetween, type TallyRow } from '@civicgrid/db';
import { type Action, processRate, type TenantPath, ValidationError } from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import type { Route } from '../http/routes';
import { scopedTenantPath } from '../http/scope';
import { queryParams } from '../http/validate';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'a month as yyyy-mm' });

/** The query of a kind's KPI endpoint: a tenant below, and a period of intake months (`from`, `to`: yyyy-mm). */
export const kindStatsQuery = z.object({
  tenantId: z.string().max(40).optional(),
  from: month.optional(),
  to: month.optional(),
});

/** The period's months (at most 36), or undefined for all time; 400 naming the field otherwise. */
export function periodOf(q: { from?: string; to?: string }): string[] | undefined {
  if (q.from === undefined && q.to === undefined) return undefined;
  if (q.from === undefined || q.to === undefined) {
    const missing = q.from === undefined ? 'from' : 'to';
    throw new ValidationError('A period names both months', [{ path: missing, message: 'required with the other' }]);
  }
  if (q.from > q.to) throw new ValidationError('Empty period', [{ path: 'to', message: 'must not be before from' }]);
  const months = monthsBetween(`${q.from}-01`, `${q.to}-01`);
  if (months.length > 36) {
    throw new ValidationError('Period too long', [{ path: 'to', message: 'at most 36 months after from' }]);
  }
  return months;
}

/** The rows of one dimension, over all time or summed over the months of a period (one Query per month). */
async function dimensionRows(
  repo: { tallies(path: TenantPath, dimension: string): Promise<TallyRow[]> },
  path: TenantPath,
  dimension: string,
  months: readonly string[] | undefined,
): Promise<TallyRow[]> {
  if (!months) return repo.tallies(path, dimension);
  const perMonth = await Promise.all(months.map((m) => repo.tallies(path, `${dimension}@${m}`)));
  const byValue = new Map<string, TallyRow>();
  for (const row of perMonth.flat()) {
    const sum = byValue.get(row.value) ?? { value: row.value, counts: {} };
    for (const [name, n] of Object.entries(row.counts)) sum.counts[name] = (sum.counts[name] ?? 0) + n;
    byValue.set(row.value, sum);
  }
  return [...byValue.values()];
}

/** A tally row's counts with zeros for counters never incremented. */
export function countsOf(row: TallyRow | undefined, names: readonly string[]): Record<string, number> {
  return Object.fromEntries(names.map((n) => [n, row?.counts[n] ?? 0]));
}

/** Rates over counters: `[name, numerator, denominator]` → 0..1 or null for a zero denominator. */
export function ratesOf(
  counts: Record<string, number>,
  rates: ReadonlyArray<readonly [string, string, string]>,
): Record<string, number | null> {
  return Object.fromEntries(rates.map(([name, num, den]) => [name, processRate(counts[num] ?? 0, counts[den] ?? 0)]));
}

/**
 * A kind's KPI answer from its tallies: the tenant's counts and rates, and one row per value of each dimension
 * (committee, mediator, channel, grid…) with its own counts and rates — one tally read per dimension (and month
 * of the period: the records opened in those months, as they stand now).
 */
export async function kindStats(
  repo: { tallies(path: TenantPath, dimension: string): Promise<TallyRow[]> },
  path: TenantPath,
  spec: {
    counters: readonly string[];
    rates: ReadonlyArray<readonly [string, string, string]>;
    dimensions: readonly string[];
  },
  months?: readonly string[],
) {
  const [total, ...byDimension] = await Promise.all([
    dimensionRows(repo, path, 'tenant', months),
    ...spec.dimensions.map((d) => dimensionRows(repo, path, d, months)),
  ]);
  const counts = countsOf(total[0], spec.counters);
  const rows = Object.fromEntries(
    spec.dimensions.map((d, i) => [
      d,
      (byDimension[i] ?? []).map((row) => {
        const rowCounts = countsOf(row, spec.counters);
        return { key: row.value, ...rowCounts, ...ratesOf(rowCounts, spec.rates) };
      }),
    ]),
  );
  return { ...counts, ...ratesOf(counts, spec.rates), rows };
}

/**
 * `GET /api/stats/<kind>`: the kind's KPIs from its tallies, all time or for a period of intake months
 * (`?from=yyyy-mm&to=yyyy-mm`), for the caller's tenant or an approved one below (`tenantId`). Written once for
 * every kind.
 */
export function registerKindStats(
  route: Route,
  deps: AppDeps,
  repo: { tallies(path: TenantPath, dimension: string): Promise<TallyRow[]> },
  spec: {
    path: string;
    operationId: string;
    permission: Action;
    summary: string;
    counters: readonly string[];
    rates: ReadonlyArray<readonly [string, string, string]>;
    dimensions: readonly string[];
  },
): void {
  const { counters, rates, dimensions } = spec;
  route(
    {
      method: 'GET',
      path: spec.path,
      operationId: spec.operationId,
      isolation: 'tenant',
      permission: spec.permission,
      summary: `${spec.summary}; \`from\` / \`to\` (yyyy-mm): the records opened in those months`,
      query: kindStatsQuery,
    },
    async (c) => {
      const q = queryParams(c, kindStatsQuery);
      const path = await scopedTenantPath(c, deps, q.tenantId);
      return c.json(await kindStats(repo, path, { counters, rates, dimensions }, periodOf(q)));
    },
  );
}
