import { describe, expect, it } from 'vitest';
import { foldTrace, patrolDurationSeconds, patrolPointsSchema } from './patrol';

const square = (lng: number, lat: number, d = 0.004) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [lng, lat],
      [lng + d, lat],
      [lng + d, lat + d],
      [lng, lat + d],
      [lng, lat],
    ] as [number, number][],
  ],
});
const grids = [
  { code: 'A', polygon: square(117.7, 39.02) },
  { code: 'B', polygon: square(117.704, 39.02) },
];
const t0 = Date.parse('2026-04-01T08:00:00+08:00');
const at = (s: number) => new Date(t0 + s * 1000).toISOString();
const empty = { gridSeconds: {}, distanceMeters: 0, pointCount: 0 };

describe('foldTrace', () => {
  it('counts each interval for the grid both fixes lie in, half for each across a line', () => {
    const first = foldTrace(
      empty,
      [
        { lat: 39.021, lng: 117.701, at: at(0) },
        { lat: 39.021, lng: 117.703, at: at(100) },
      ],
      grids,
    );
    expect(first.gridSeconds).toEqual({ A: 100 });
    // the next batch continues from the last fix of the one before
    const second = foldTrace(first, [{ lat: 39.021, lng: 117.705, at: at(160) }], grids);
    expect(second.gridSeconds).toEqual({ A: 130, B: 30 });
    expect(second.pointCount).toBe(3);
    expect(second.distanceMeters).toBeGreaterThan(300);
  });

  it('counts a gap over 15 minutes for no grid, fixes outside every grid as outside, and drops old fixes', () => {
    const folded = foldTrace(
      empty,
      [
        { lat: 39.021, lng: 117.701, at: at(0) },
        { lat: 39.021, lng: 117.702, at: at(1000) },
        { lat: 39.5, lng: 117.9, at: at(1060) },
      ],
      grids,
    );
    expect(folded.gridSeconds).toEqual({ A: 30, outside: 30 });
    const again = foldTrace(folded, [{ lat: 39.021, lng: 117.702, at: at(500) }], grids);
    expect(again.ignored).toBe(1);
    expect(again.gridSeconds).toEqual(folded.gridSeconds);
  });

  it('measures 巡查时长 from start to end', () => {
    expect(patrolDurationSeconds({ startedAt: at(0), endedAt: at(5400) })).toBe(5400);
    expect(patrolDurationSeconds({ startedAt: at(0), lastPoint: { lat: 0, lng: 0, at: at(60) } })).toBe(60);
  });

  it('refuses a batch without points or with a bad fix, naming the field', () => {
    const empty = patrolPointsSchema.safeParse({ seq: 0, points: [] });
    expect(empty.error?.issues[0]?.path).toEqual(['points']);
    const bad = patrolPointsSchema.safeParse({ seq: 0, points: [{ lat: 39, lng: 117, at: 'yesterday' }] });
    expect(bad.error?.issues[0]?.path).toEqual(['points', 0, 'at']);
  });
});
