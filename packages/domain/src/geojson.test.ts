import { describe, expect, it } from 'vitest';
import { haversineMeters, type Polygon, pointInPolygon, polygonSchema } from './geojson';

const square: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [117.0, 39.0],
      [117.1, 39.0],
      [117.1, 39.1],
      [117.0, 39.1],
      [117.0, 39.0],
    ],
  ],
};
const withHole: Polygon = {
  type: 'Polygon',
  coordinates: [
    ...square.coordinates,
    [
      [117.04, 39.04],
      [117.06, 39.04],
      [117.06, 39.06],
      [117.04, 39.06],
      [117.04, 39.04],
    ],
  ],
};

describe('polygonSchema', () => {
  it('accepts a closed square and a square with a hole', () => {
    expect(polygonSchema.safeParse(square).success).toBe(true);
    expect(polygonSchema.safeParse(withHole).success).toBe(true);
  });

  it('accepts positions with an altitude', () => {
    const ring = [
      [117, 39, 5],
      [117.1, 39, 5],
      [117.1, 39.1, 5],
      [117, 39, 5],
    ];
    expect(polygonSchema.safeParse({ type: 'Polygon', coordinates: [ring] }).success).toBe(true);
  });

  const ring = (...points: unknown[][]) => ({ type: 'Polygon', coordinates: [points] });
  it.each([
    ['open ring', ring([117, 39], [117.1, 39], [117.1, 39.1], [117, 39.1])],
    ['three positions', ring([117, 39], [117.1, 39], [117, 39])],
    ['longitude out of range', ring([181, 39], [117.1, 39], [117.1, 39.1], [181, 39])],
    ['latitude out of range', ring([117, 91], [117.1, 39], [117.1, 39.1], [117, 91])],
    ['a lone number', ring([117], [117.1, 39], [117.1, 39.1], [117])],
    ['no rings', { type: 'Polygon', coordinates: [] }],
    ['wrong type', { ...square, type: 'MultiPolygon' }],
    ['strings', ring(['117', '39'], [117.1, 39], [117.1, 39.1], ['117', '39'])],
  ])('rejects %s', (_label, input) => {
    expect(polygonSchema.safeParse(input).success).toBe(false);
  });

  it('explains why a ring is rejected', () => {
    const result = polygonSchema.safeParse(ring([117, 39], [117.1, 39], [117.1, 39.1], [117, 39.1]));
    expect(result.error?.issues[0]?.message).toMatch(/closed/);
  });
});

describe('pointInPolygon', () => {
  it.each([
    [117.05, 39.05, square, true, 'centre'],
    [117.2, 39.05, square, false, 'east of it'],
    [117.05, 38.9, square, false, 'south of it'],
    [117.0, 39.05, square, true, 'on the west edge'],
    [117.1, 39.1, square, true, 'on a corner'],
    [117.05, 39.05, withHole, false, 'inside the hole'],
    [117.04, 39.05, withHole, true, 'on the hole edge'],
    [117.02, 39.02, withHole, true, 'between outer ring and hole'],
  ])('(%s, %s) → %s (%s)', (lng, lat, polygon, expected) => {
    expect(pointInPolygon(lng, lat, polygon)).toBe(expected);
  });

  it('handles a concave polygon', () => {
    const u: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [3, 0],
          [3, 3],
          [2, 3],
          [2, 1],
          [1, 1],
          [1, 3],
          [0, 3],
          [0, 0],
        ],
      ],
    };
    expect(pointInPolygon(1.5, 2, u)).toBe(false);
    expect(pointInPolygon(0.5, 2, u)).toBe(true);
    expect(pointInPolygon(1.5, 0.5, u)).toBe(true);
  });
});

describe('haversineMeters', () => {
  it('is 0 for the same point', () => {
    expect(haversineMeters({ lng: 117.7, lat: 39.0 }, { lng: 117.7, lat: 39.0 })).toBe(0);
  });

  it('is ~111.2 km per degree of latitude', () => {
    expect(haversineMeters({ lng: 0, lat: 0 }, { lng: 0, lat: 1 })).toBeCloseTo(111_195, -1);
  });

  it('measures Beijing (Tiananmen) to Tianjin station at ~110 km', () => {
    const d = haversineMeters({ lng: 116.3975, lat: 39.9087 }, { lng: 117.2101, lat: 39.1364 });
    expect(d).toBeGreaterThan(108_000);
    expect(d).toBeLessThan(115_000);
  });

  it('is symmetric and stays finite for antipodes', () => {
    const a = { lng: 10, lat: 20 };
    const b = { lng: -170, lat: -20 };
    expect(haversineMeters(a, b)).toBeCloseTo(haversineMeters(b, a), 6);
    expect(haversineMeters(a, b)).toBeCloseTo(Math.PI * 6_371_008.8, 0);
  });
});
