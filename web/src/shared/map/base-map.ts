import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './map.css';

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

/** Draws a plain grid so the map is readable with no tile server at all (no request leaves the machine). */
const OfflineGrid = L.GridLayer.extend({
  createTile(): HTMLElement {
    const tile = document.createElement('div');
    tile.className = 'cg-offline-tile';
    return tile;
  },
});

/** A Leaflet map on `el`, with tiles when configured and the offline grid otherwise. */
export function createBaseMap(el: HTMLElement, center: LatLng, zoom = 15): L.Map {
  const map = L.map(el, { center: [center.lat, center.lng], zoom, attributionControl: false });
  const url = tileUrl();
  if (url) L.tileLayer(url, { maxZoom: 19 }).addTo(map);
  else {
    el.classList.add('cg-offline-map');
    new (OfflineGrid as unknown as new (o: L.GridLayerOptions) => L.GridLayer)({ tileSize: 128 }).addTo(map);
  }
  return map;
}

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
