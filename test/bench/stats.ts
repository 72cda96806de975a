/** The q-quantile (0..1) of a list of numbers, nearest rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** The median of a list of numbers. */
export const median = (values: number[]): number => quantile(values, 0.5);

/** Round to a number of decimals (for the table). */
export const round = (value: number, decimals = 2): number => Number(value.toFixed(decimals));

/**
 * Run `worker` from `concurrency` loops until `durationMs` has passed (or `items` run out); return each call's
 * latency in ms and the completed calls per second.
 */
export async function closedLoop<T>(
  concurrency: number,
  durationMs: number,
  worker: (item: T | undefined) => Promise<void>,
  items?: T[],
): Promise<{ latencies: number[]; perSecond: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        if (items && next >= items.length) return;
        const item = items?.[next++];
        const t0 = performance.now();
        try {
          await worker(item);
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { latencies, perSecond: latencies.length / seconds, errors };
}
