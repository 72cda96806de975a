/** How long a delivery is retried: a day from the event. */
export const WEBHOOK_RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
const FIRST_RETRY_MS = 30_000;
const LONGEST_WAIT_MS = 3 * 60 * 60 * 1000;

/**
 * When to try again after `attempts` failed tries of an event raised at `eventAt`: 30 s, 1 min, 2 min, 4 min, …
 * doubling up to 3 h between tries, while the next try still falls within a day of the event; undefined when the
 * delivery has failed for good.
 */
export function nextAttemptAt(eventAt: Date, attempts: number, now: Date): Date | undefined {
  const wait = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_WAIT_MS);
  const next = new Date(now.getTime() + wait);
  return next.getTime() - eventAt.getTime() <= WEBHOOK_RETRY_WINDOW_MS ? next : undefined;
}

/** A receiver's answer counts as delivered when it is a 2xx. */
export function deliveredStatus(status: number): boolean {
  return status >= 200 && status < 300;
}
