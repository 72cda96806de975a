import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_MS, setLongTimeout } from './long-timer';

describe('setLongTimeout', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires a one-year delay on time, not after 1 ms like a plain setTimeout', () => {
    const fired = vi.fn();
    const year = 31_536_000_000;
    setLongTimeout(fired, year);
    vi.advanceTimersByTime(MAX_TIMER_MS + 1);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(year - MAX_TIMER_MS - 2);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('chains links no longer than the chunk and can be cancelled between links', () => {
    const fired = vi.fn();
    const cancel = setLongTimeout(fired, 1000, 300);
    vi.advanceTimersByTime(700);
    expect(vi.getTimerCount()).toBe(1);
    cancel();
    vi.advanceTimersByTime(1000);
    expect(fired).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fires at once for a delay of zero or less', () => {
    const fired = vi.fn();
    setLongTimeout(fired, -5);
    expect(fired).toHaveBeenCalledTimes(1);
  });
});
