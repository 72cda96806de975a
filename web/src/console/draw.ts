import type { Polygon } from 'geojson';
import type { LatLng } from './types';

/** A ring needs three corners; the closing position (a copy of the first) is added by `ringPolygon`. */
export const MIN_CORNERS = 3;

/** Coordinates are kept to 7 decimals (≈ 1 cm), so a saved boundary reads back exactly as drawn. */
const round = (n: number) => Math.round(n * 1e7) / 1e7;

/** The drawn corners as a closed GeoJSON Polygon (`[lng, lat]`, first position repeated last). */
export function ringPolygon(corners: LatLng[]): Polygon {
  if (corners.length < MIN_CORNERS) throw new Error(`A boundary needs at least ${MIN_CORNERS} corners`);
  const ring = corners.map((p) => [round(p.lng), round(p.lat)]);
  const first = ring[0] as number[];
  return { type: 'Polygon', coordinates: [[...ring, [...first]]] };
}

/** Adds a corner unless it repeats the last one (a double click must not make a zero-length edge). */
export function addCorner(corners: LatLng[], p: LatLng): LatLng[] {
  const last = corners[corners.length - 1];
  if (last && round(last.lat) === round(p.lat) && round(last.lng) === round(p.lng)) return corners;
  return [...corners, p];
}
