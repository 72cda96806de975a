import type { TallyRow } from '@civicgrid/db';
import { processRate, type TenantPath } from '@civicgrid/domain';

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
 * (committee, mediator, channel, grid…) with its own counts and rates — one tally read per dimension.
 */
export async function kindStats(
  repo: { tallies(path: TenantPath, dimension: string): Promise<TallyRow[]> },
  path: TenantPath,
  spec: {
    counters: readonly string[];
    rates: ReadonlyArray<readonly [string, string, string]>;
    dimensions: readonly string[];
  },
) {
  const [total, ...byDimension] = await Promise.all([
    repo.tallies(path, 'tenant'),
    ...spec.dimensions.map((d) => repo.tallies(path, d)),
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
