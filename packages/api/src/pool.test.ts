import { describe, expect, it } from 'vitest';
import { inPool } from './pool';

describe('inPool', () => {
  it('runs every item with at most the given number in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await inPool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await Promise.resolve();
      await Promise.resolve();
      done.push(n);
      inFlight--;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('rejects with the first failure after the started calls finish, and starts no more', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = inPool([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await Promise.resolve();
      if (n === 1) throw new Error('first failed');
      finished.push(n);
    });
    await expect(run).rejects.toThrow('first failed');
    expect(finished).toEqual([2]);
    expect(started).toEqual([1, 2]);
  });

  it('does nothing for no items', async () => {
    await expect(inPool([], 4, async () => Promise.reject(new Error('never')))).resolves.toBeUndefined();
  });
});
