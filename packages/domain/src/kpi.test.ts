import { describe, expect, it } from 'vitest';
import { counterNames, emptyCounters, kpiFromCounters, mergeCounters, rate } from './kpi';

describe('mergeCounters', () => {
  it('adds by name and treats missing names as 0', () => {
    const merged = mergeCounters({ reported: 2, closed: 1 }, { reported: 3, satisfactionSum: 9 }, {});
    expect(merged.reported).toBe(5);
    expect(merged.closed).toBe(1);
    expect(merged.satisfactionSum).toBe(9);
    expect(merged.handled).toBe(0);
    expect(Object.keys(merged).sort()).toEqual([...counterNames].sort());
  });

  it('returns zeros for no input', () => {
    expect(mergeCounters()).toEqual(emptyCounters());
  });
});

describe('rate', () => {
  it.each([
    [1, 3, 0.3333],
    [2, 3, 0.6667],
    [0, 5, 0],
    [5, 5, 1],
    [3, 0, 0],
    [7, 5, 1],
    [-1, 5, 0],
  ])('%s / %s = %s', (n, d, expected) => {
    expect(rate(n, d)).toBe(expected);
  });
});

describe('kpiFromCounters', () => {
  it('computes every indicator (the bulletin example: 结案率 93.72 %)', () => {
    const kpis = kpiFromCounters({
      reported: 1200,
      registered: 1000,
      closed: 937,
      closedOnTime: 710,
      handled: 960,
      handledOnTime: 800,
      reworked: 48,
      dispatched: 1010,
      returned: 10,
      extended: 101,
      evaluated: 3,
      satisfactionSum: 13,
    });
    expect(kpis).toEqual({
      reported: 1200,
      registered: 1000,
      closed: 937,
      closedOnTime: 710,
      reworked: 48,
      registerRate: 0.8333,
      closeRate: 0.937,
      onTimeCloseRate: 0.7577,
      onTimeHandleRate: 0.8333,
      reworkRate: 0.05,
      extensionRate: 0.1,
      dispatchAccuracy: 0.9901,
      satisfaction: 4.33,
    });
  });

  it('is all zeros and no satisfaction when nothing happened', () => {
    const kpis = kpiFromCounters({});
    expect(kpis.closeRate).toBe(0);
    expect(kpis.dispatchAccuracy).toBe(0);
    expect(kpis).not.toHaveProperty('satisfaction');
  });

  it('rounds satisfaction to two decimals', () => {
    expect(kpiFromCounters({ evaluated: 6, satisfactionSum: 25 }).satisfaction).toBe(4.17);
  });
});
