import type { Polygon } from 'geojson';

export interface ImportedGrid {
  code?: string;
  name?: string;
  polygon: Polygon;
}

function isPolygon(v: unknown): v is Polygon {
  const p = v as Polygon | undefined;
  return (
    p?.type === 'Polygon' &&
    Array.isArray(p.coordinates) &&
    p.coordinates.every((ring) => Array.isArray(ring) && ring.length >= 4)
  );
}

/**
 * Reads pasted or imported GeoJSON: a Polygon, a Feature with a Polygon, or a FeatureCollection of them.
 * Feature properties `code` / `name` (or `gridCode` / `gridName`) name the grid. Throws on anything else.
 */
export function parseGrids(text: string): ImportedGrid[] {
  const json = JSON.parse(text) as {
    type?: string;
    features?: unknown[];
    geometry?: unknown;
    properties?: Record<string, unknown>;
  };
  const fromFeature = (f: typeof json): ImportedGrid => {
    if (!isPolygon(f.geometry)) throw new Error('Feature geometry must be a Polygon');
    const props = f.properties ?? {};
    const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
    return { polygon: f.geometry, code: str(props.code ?? props.gridCode), name: str(props.name ?? props.gridName) };
  };
  if (isPolygon(json)) return [{ polygon: json }];
  if (json.type === 'Feature') return [fromFeature(json)];
  if (json.type === 'FeatureCollection' && Array.isArray(json.features))
    return json.features.map((f) => fromFeature(f as typeof json));
  throw new Error('Expected a GeoJSON Polygon, Feature or FeatureCollection');
}

/** 15 digits: 6 district (GB/T 2260) + 3 street + 3 community + 3 grid sequence. */
export const GRID_CODE = /^\d{15}$/;
