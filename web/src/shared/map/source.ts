/** The base map of a tenant (`GET /public/{slug}` → `map`, `GET /api/settings/map` → `source`). */
export interface MapSource {
  tiles: { url: string; subdomains?: string }[];
  coordinateSystem: 'wgs84' | 'cgcs2000' | 'gcj02';
  geocoder: { provider: 'tianditu'; key: string } | null;
}

let current: MapSource | undefined;

/**
 * The source maps use when their caller names none: the console sets its tenant's after sign-in. Kept apart
 * from base-map.ts so setting it does not pull Leaflet into a page's first load.
 */
export function setDefaultMapSource(source: MapSource | undefined): void {
  current = source;
}

/** The source set by `setDefaultMapSource`, if any. */
export function defaultMapSource(): MapSource | undefined {
  return current;
}
