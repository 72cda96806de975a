import type { TallyRow } from '@civicgrid/db';
import { processRate } from '@civicgrid/domain';

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
