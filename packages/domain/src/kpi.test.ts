import { describe, expect, it } from 'vitest';
import {
  compositeScore,
  counterNames,
  defaultScoreWeights,
  emptyCounters,
  kpiFromCounters,
  mergeCounters,
  rankByScore,
  rate,
} from './kpi';

describe('mergeCounters', () => {
  it('adds by name and treats missing names as 0', () => {
    const merged = mergeCounters({ reported: 2, dueClose: 1 }, { reported: 3, satisfactionSum: 9 }, {});
    expect(merged.reported).toBe(5);
    expect(merged.dueClose).toBe(1);
    expect(merged.satisfactionSum).toBe(9);
    expect(merged.dueHandle).toBe(0);
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
    // no denominator: null ("—"), never 0 % or 100 %
    [3, 0, null],
    [0, 0, null],
    // never clamped: a ratio above 1 shows as such (it would be a bug in the counters, not hidden)
    [7, 5, 1.4],
  ])('%s / %s = %s', (n, d, expected) => {
    expect(rate(n, d)).toBe(expected);
  });
});

describe('kpiFromCounters', () => {
  it('computes every indicator over the cohort (the bulletin example: 结案率 93.72 %)', () => {
    // 1000 due in the period + 0 carried; 937 of them closed (900 by their deadline day, 37 later), 710 on time
    const kpis = kpiFromCounters({
      reported: 1200,
      registered: 1000,
      dueClose: 1000,
      dueCloseClosed: 900,
      closedLate: 37,
      dueCloseOnTime: 710,
      closeBacklog: 63,
      dueHandle: 1000,
      dueHandleHandled: 950,
      handledLate: 10,
      dueHandleOnTime: 800,
      dueHandleReworked: 48,
      dueHandleExtended: 100,
      dispatched: 1010,
      returned: 10,
      parked: 5,
      followedUp: 800,
      satisfied: 700,
      basicallySatisfied: 60,
      dissatisfied: 40,
      evaluated: 3,
      satisfactionSum: 13,
    });
    expect(kpis).toMatchObject({
      dueForClose: 1000,
      closed: 937,
      closedOnTime: 710,
      overdueOpen: 63,
      dueForHandle: 1000,
      handled: 960,
      handledOnTime: 800,
      registerRate: 0.8333,
      closeRate: 0.937,
      onTimeCloseRate: 0.71,
      handleRate: 0.96,
      handleOnTimeRate: 0.8,
      reworkRate: 0.05,
      extensionRate: 0.1,
      parkRate: 0.005,
      dispatchAccuracy: 0.9901,
      satisfactionRate: 0.95,
      followUpRate: 0.8538,
      satisfaction: 4.33,
    });
  });

  it('adds the carry-over to the cohort: 按期结案率 is over 应结案, not over the closed', () => {
    // the found bug: one on-time closure beside 99 overdue open cases showed 100 %
    const kpis = kpiFromCounters({ dueClose: 1, dueCloseClosed: 1, dueCloseOnTime: 1 }, { close: 99, handle: 0 });
    expect(kpis.dueForClose).toBe(100);
    expect(kpis.onTimeCloseRate).toBe(0.01);
    expect(kpis.overdueOpen).toBe(99);
  });

  it('is all zeros with null rates and no satisfaction when nothing happened', () => {
    const kpis = kpiFromCounters({});
    expect(kpis.closeRate).toBeNull();
    expect(kpis.onTimeCloseRate).toBeNull();
    expect(kpis.dispatchAccuracy).toBeNull();
    expect(kpis.satisfactionRate).toBeNull();
    expect(kpis.dueForClose).toBe(0);
    expect(kpis).not.toHaveProperty('satisfaction');
  });

  it('rounds satisfaction to two decimals', () => {
    expect(kpiFromCounters({ evaluated: 6, satisfactionSum: 25 }).satisfaction).toBe(4.17);
  });
});

describe('compositeScore and rankByScore', () => {
  it('weights the rates that have a denominator, inverting 返工率; no rate → null, ranked last', () => {
    const full = kpiFromCounters({ dueClose: 4, dueCloseClosed: 2, dueCloseOnTime: 1, closeBacklog: 2 });
    // closeRate 0.5 (w 30), onTimeCloseRate 0.25 (w 30); every other weighted rate has no denominator
    expect(compositeScore(full, defaultScoreWeights)).toBe(37.5);
    const none = kpiFromCounters({});
    expect(compositeScore(none, defaultScoreWeights)).toBeNull();
    const reworked = kpiFromCounters({ dueHandle: 2, dueHandleHandled: 2, dueHandleOnTime: 2, dueHandleReworked: 1 });
    // handleOnTimeRate 1 (w 15), reworkRate 0.5 → 0.5 (w 5): (15 + 2.5) / 20
    expect(compositeScore(reworked, defaultScoreWeights)).toBe(87.5);
    const ranked = rankByScore([
      { key: 'a', score: 50 },
      { key: 'b', score: null },
      { key: 'c', score: 80 },
      { key: 'd', score: 50 },
    ]);
    expect(ranked.map((r) => [r.key, r.rank])).toEqual([
      ['c', 1],
      ['a', 2],
      ['d', 2],
      ['b', null],
    ]);
  });
});
