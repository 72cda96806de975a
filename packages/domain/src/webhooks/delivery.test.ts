import { describe, expect, it } from 'vitest';
import { nextAttemptAt, WEBHOOK_RETRY_WINDOW_MS } from './delivery';

describe('webhook retry backoff', () => {
  it('doubles from 30 s, caps at 3 h and stops a day after the event', () => {
    const at = new Date('2026-12-01T00:00:00Z');
    let now = at;
    const waits: number[] = [];
    for (let attempts = 1; ; attempts++) {
      const next = nextAttemptAt(at, attempts, now);
      if (!next) break;
      waits.push(next.getTime() - now.getTime());
      now = next;
    }
    expect(waits.slice(0, 4)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(Math.max(...waits)).toBe(3 * 3600_000);
    expect(now.getTime() - at.getTime()).toBeLessThanOrEqual(WEBHOOK_RETRY_WINDOW_MS);
    expect(now.getTime() - at.getTime()).toBeGreaterThan(WEBHOOK_RETRY_WINDOW_MS - 3 * 3600_000);
    expect(waits.length).toBeGreaterThan(10);
  });
});
