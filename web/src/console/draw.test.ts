import { describe, expect, it } from 'vitest';
import { addCorner, ringPolygon } from './draw';

describe('ringPolygon', () => {
  it('closes the ring with a copy of the first corner, [lng, lat]', () => {
    const p = ringPolygon([
      { lat: 39.0, lng: 117.7 },
      { lat: 39.0, lng: 117.71 },
      { lat: 39.01, lng: 117.71 },
    ]);
    expect(p).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [117.7, 39.0],
          [117.71, 39.0],
          [117.71, 39.01],
          [117.7, 39.0],
        ],
      ],
    });
  });

  it('rounds to 7 decimals and refuses fewer than 3 corners', () => {
    const p = ringPolygon([
      { lat: 39.123456789, lng: 117.1 },
      { lat: 39.2, lng: 117.2 },
      { lat: 39.3, lng: 117.1 },
    ]);
    expect(p.coordinates[0]?.[0]).toEqual([117.1, 39.1234568]);
    expect(() => ringPolygon([{ lat: 39, lng: 117 }])).toThrow();
  });
});

describe('addCorner', () => {
  it('ignores a repeat of the last corner', () => {
    const one = addCorner([], { lat: 39, lng: 117 });
    expect(addCorner(one, { lat: 39, lng: 117 })).toBe(one);
    expect(addCorner(one, { lat: 39.1, lng: 117 })).toHaveLength(2);
  });
});
