import * as z from 'zod';

/** A point on the map in WGS 84 degrees (GeoJSON order is lng, lat). */
export interface LngLat {
  lng: number;
  lat: number;
}

/** GeoJSON position `[lng, lat]` or `[lng, lat, altitude]` with the WGS 84 ranges (RFC 7946 §3.1.1). */
export const positionSchema = z.union([
  z.tuple([
    z.number().min(-180, { error: 'longitude must be ≥ -180' }).max(180, { error: 'longitude must be ≤ 180' }),
    z.number().min(-90, { error: 'latitude must be ≥ -90' }).max(90, { error: 'latitude must be ≤ 90' }),
  ]),
  z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number()]),
]);

/** A GeoJSON position. */
export type Position = z.infer<typeof positionSchema>;

/** A linear ring: at least 4 positions, the last equal to the first (RFC 7946 §3.1.6). */
export const linearRingSchema = z
  .array(positionSchema)
  .min(4, { error: 'a ring needs at least 4 positions' })
  .max(10_000, { error: 'a ring may have at most 10000 positions' })
  .refine(
    (ring) => {
      const first = ring[0];
      const last = ring.at(-1);
      return first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
    },
    { error: 'a ring must be closed: its last position must equal its first' },
  );

/** A GeoJSON Polygon: an outer ring then optional holes. This is how a grid's boundary is drawn. */
export const polygonSchema = z.object({
  type: z.literal('Polygon', { error: 'type must be "Polygon"' }),
  coordinates: z
    .array(linearRingSchema)
    .min(1, { error: 'a polygon needs an outer ring' })
    .max(100, { error: 'a polygon may have at most 100 rings' }),
});

/** A validated GeoJSON Polygon. */
export type Polygon = z.infer<typeof polygonSchema>;

function onSegment(x: number, y: number, a: Position, b: Position): boolean {
  const [ax, ay] = a;
  const [bx, by] = b;
  const cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
  if (Math.abs(cross) > 1e-12) return false;
  return x >= Math.min(ax, bx) && x <= Math.max(ax, bx) && y >= Math.min(ay, by) && y <= Math.max(ay, by);
}

/** -1 outside, 0 on the boundary, 1 inside (even-odd ray casting). */
function ringSide(x: number, y: number, ring: readonly Position[]): -1 | 0 | 1 {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (!a || !b) continue;
    if (onSegment(x, y, a, b)) return 0;
    if (a[1] > y !== b[1] > y && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside ? 1 : -1;
}

/**
 * True when the point lies in the polygon (its boundary included, so a report on the line between two grids is
 * claimed by both rather than by neither); points inside a hole are outside. Planar: fine at grid scale.
 */
export function pointInPolygon(lng: number, lat: number, polygon: Polygon): boolean {
  const [outer, ...holes] = polygon.coordinates;
  if (!outer || ringSide(lng, lat, outer) === -1) return false;
  return holes.every((hole) => ringSide(lng, lat, hole) !== 1);
}

/** Mean Earth radius (IUGG), metres. */
const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres (haversine): how far a report is from a grid worker or a camera. */
export function haversineMeters(a: LngLat, b: LngLat): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
