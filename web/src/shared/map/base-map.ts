import gcoord from 'gcoord';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './map.css';
import { defaultMapSource, type MapSource } from './source';

export type { MapSource } from './source';

export interface LatLng {
  lat: number;
  lng: number;
}

/** Used when neither the tenant nor its data give a position (Binhai New Area, Tianjin — the seed's district). */
export const DEFAULT_CENTER: LatLng = { lat: 39.0245, lng: 117.7115 };

/** The tile URL template from `<meta name="civicgrid-tiles">`; empty means work offline with no tiles. */
export function tileUrl(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="civicgrid-tiles"]')?.content.trim() ?? '';
}

/** The build's `<meta name="civicgrid-tiles">` template as a source (WGS-84), or none. */
function buildSource(): MapSource {
  const url = tileUrl();
  return { tiles: url ? [{ url }] : [], coordinateSystem: 'wgs84', geocoder: null };
}

/** Draws a plain grid so the map is readable with no tile server at all (no request leaves the machine). */
const OfflineGrid = L.GridLayer.extend({
  createTile(): HTMLElement {
    const tile = document.createElement('div');
    tile.className = 'cg-offline-tile';
    return tile;
  },
});

export interface BaseMapOptions {
  /** the tenant's base map; default: the console's tenant source, else the build's template, else offline */
  source?: MapSource | undefined;
  /** called once when the map has no tiles to show: none configured, or the tile server failed */
  onOffline?: () => void;
}

/** Tile errors before any tile arrives that make the map give the tiles up (one bad tile is not an outage). */
const FAILED_TILES = 3;

/**
 * A Leaflet map on `el`: the tenant's tiles in their coordinate system (GCJ-02 through a CRS that shifts WGS-84
 * data onto the tiles, so every layer and click stays WGS-84), and the offline grid background when there are
 * none or they fail to load.
 */
export function createBaseMap(el: HTMLElement, center: LatLng, zoom = 15, options: BaseMapOptions = {}): L.Map {
  const source = options.source ?? defaultMapSource() ?? buildSource();
  const crs = source.tiles.length && source.coordinateSystem === 'gcj02' ? GCJ02 : L.CRS.EPSG3857;
  const map = L.map(el, { center: [center.lat, center.lng], zoom, attributionControl: false, crs });
  let offline = false;
  const goOffline = (layers: L.TileLayer[]) => {
    if (offline) return;
    offline = true;
    for (const layer of layers) layer.remove();
    el.classList.add('cg-offline-map');
    new (OfflineGrid as unknown as new (o: L.GridLayerOptions) => L.GridLayer)({ tileSize: 128 }).addTo(map);
    options.onOffline?.();
  };
  if (!source.tiles.length) {
    goOffline([]);
    return map;
  }
  let loaded = 0;
  let failed = 0;
  const layers = source.tiles.map((t) =>
    L.tileLayer(t.url, { maxZoom: 18, className: 'cg-tiles', ...(t.subdomains ? { subdomains: t.subdomains } : {}) }),
  );
  for (const layer of layers) {
    layer.on('tileload', () => loaded++);
    layer.on('tileerror', () => {
      if (++failed >= FAILED_TILES && loaded === 0) goOffline(layers);
    });
    layer.addTo(map);
  }
  return map;
}

/** GCJ-02 tiles (AMap, Tencent): web Mercator of the shifted coordinates; data and clicks stay WGS-84. */
const GCJ02: L.CRS = L.extend({}, L.CRS.EPSG3857, {
  code: 'GCJ02',
  projection: {
    bounds: L.Projection.SphericalMercator.bounds,
    project(at: L.LatLng): L.Point {
      const [lng, lat] = gcoord.transform([at.lng, at.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
      return L.Projection.SphericalMercator.project(L.latLng(lat, lng));
    },
    unproject(point: L.Point): L.LatLng {
      const at = L.Projection.SphericalMercator.unproject(point);
      const [lng, lat] = gcoord.transform([at.lng, at.lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
      return L.latLng(lat, lng);
    },
  },
});

/** A round pin (no marker images: those need asset URLs that bundlers break). */
export function pin(
  at: LatLng,
  color = '#d4380d',
  radius = 9,
  options: Pick<L.CircleMarkerOptions, 'pane' | 'className'> = {},
): L.CircleMarker {
  return L.circleMarker([at.lat, at.lng], {
    radius,
    color: '#fff',
    weight: 2,
    fillColor: color,
    fillOpacity: 0.95,
    ...options,
  });
}

/**
 * Tooltip or popup content for Leaflet as a DOM node holding `text` literally. Leaflet puts a *string* into
 * `innerHTML`, so stored text (a citizen's description, a grid name) must never be passed as one: always this.
 */
export function textContent(text: string): HTMLElement {
  const span = document.createElement('span');
  span.textContent = text;
  return span;
}

export { L };
