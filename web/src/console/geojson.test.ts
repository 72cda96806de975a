import { describe, expect, it } from 'vitest';
import { GRID_CODE, parseGrids } from './geojson';

const ring = [
  [117.7, 39.0],
  [117.71, 39.0],
  [117.71, 39.01],
  [117.7, 39.0],
];

describe('parseGrids', () => {
  it('reads a bare Polygon', () => {
    expect(parseGrids(JSON.stringify({ type: 'Polygon', coordinates: [ring] }))).toEqual([
      { polygon: { type: 'Polygon', coordinates: [ring] } },
    ]);
  });

  it('reads codes and names from a FeatureCollection', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: '120116001001001', name: '一网格' },
          geometry: { type: 'Polygon', coordinates: [ring] },
        },
      ],
    };
    const [grid] = parseGrids(JSON.stringify(fc));
    expect(grid?.code).toBe('120116001001001');
    expect(grid?.name).toBe('一网格');
  });

  it('refuses a Point', () => {
    expect(() => parseGrids('{"type":"Point","coordinates":[1,2]}')).toThrow();
  });

  it('checks grid codes are 15 digits', () => {
    expect(GRID_CODE.test('120116001001001')).toBe(true);
    expect(GRID_CODE.test('12011600100100')).toBe(false);
  });
});
