import { toApiError } from '../shared/api-error';

/** A GeoJSON feature of the public layers: a grid outline or a building point, with its name. */
export interface LayerFeature {
  type: 'Feature';
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'Point'; coordinates: number[] };
  properties: { name: string; code?: string };
}

/** The client reads at most this many pages of a layer (50 features each): enough for a street office. */
const MAX_PAGES = 20;
const cache = new Map<string, Promise<LayerFeature[]>>();

/**
 * The office's grids or buildings (`GET /public/{slug}/map/{layer}`), every page, fetched once per page load.
 * The API answers a page per request, so a big office costs more requests, never a bigger one.
 */
export function tenantLayer(slug: string, layer: 'grids' | 'buildings'): Promise<LayerFeature[]> {
  const key = `${slug}/${layer}`;
  let found = cache.get(key);
  if (!found) {
    found = readAll(`/public/${encodeURIComponent(slug)}/map/${layer}`);
    found.catch(() => cache.delete(key)); // a failed read is tried again next time
    cache.set(key, found);
  }
  return found;
}

async function readAll(path: string): Promise<LayerFeature[]> {
  const out: LayerFeature[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await fetch(cursor ? `${path}?cursor=${encodeURIComponent(cursor)}` : path, {
      headers: { Accept: 'application/json' },
    });
    if (!res.ok) throw await toApiError(res);
    const body = (await res.json()) as { features: LayerFeature[]; cursor?: string };
    out.push(...body.features);
    cursor = body.cursor;
    if (!cursor) break;
  }
  return out;
}

/** True when the point lies in one of the grid outlines (ray casting; holes ignored — fine for a warning). */
export function insideAnyGrid(at: { lat: number; lng: number }, grids: LayerFeature[]): boolean {
  return grids.some((g) => g.geometry.type === 'Polygon' && inRing(at.lng, at.lat, g.geometry.coordinates[0] ?? []));
}

function inRing(x: number, y: number, ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, ay] = ring[i] ?? [];
    const [bx, by] = ring[j] ?? [];
    if (ax === undefined || ay === undefined || bx === undefined || by === undefined) continue;
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
  }
  return inside;
}
