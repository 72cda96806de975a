import { TooManyRequestsError } from '@civicgrid/domain';

/**
 * Sliding-window-ish fixed-window limiter held in process memory. On Lambda each instance counts on its own,
 * so the effective limit is per instance (documented); account lock-outs that must hold globally live in the table.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Count one hit for `key`; throws 429 with Retry-After when over the limit. */
  hit(key: string, what = 'requests'): void {
    const t = this.now();
    const w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      this.windows.set(key, { start: t, count: 1 });
      this.prune(t);
      return;
    }
    w.count++;
    if (w.count > this.limit) {
      const retry = Math.max(1, Math.ceil((w.start + this.windowMs - t) / 1000));
      throw new TooManyRequestsError(`Too many ${what}; try again in ${retry} s`, retry);
    }
  }

  private prune(t: number): void {
    if (this.windows.size < 10_000) return;
    for (const [k, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(k);
  }
}
