import type { Camera, Organisation, Thing } from '@civicgrid/domain';
import type { LatLng } from '../../shared/map/base-map';
import { get } from '../api';

/** A 部件 (`GET /api/things`), a camera point (`GET /api/cameras`), an organisation (`GET /api/organisations`). */
export type ThingRow = Thing;
export type CameraRow = Camera;
export type OrganisationRow = Organisation;

/** The map's layers besides grids and cases. */
export const mapLayers = ['things', 'cameras', 'organisations'] as const;
export type MapLayer = (typeof mapLayers)[number];

/** One point of a layer on the map. */
export interface LayerPoint {
  id: string;
  layer: MapLayer;
  location: LatLng;
  /** the tooltip: stored text, shown as a DOM text node */
  label: string;
  /** where a click goes */
  href?: string;
}

/** At most this many pages (of 100) of one layer are drawn: each page is one read on the server. */
const MAX_PAGES = 5;

async function pages<T>(path: string, gridCode: string | undefined): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await get<{ items: T[]; cursor?: string }>(path, { gridCode, cursor, limit: 100 });
    out.push(...page.items);
    cursor = page.cursor;
    if (!cursor) break;
  }
  return out;
}

/** The points of one layer, in one grid or the whole tenant. */
export async function loadLayer(layer: MapLayer, gridCode: string | undefined): Promise<LayerPoint[]> {
  if (layer === 'things') {
    return (await pages<ThingRow>('/api/things', gridCode)).map((t) => ({
      id: t.id,
      layer,
      location: t.location,
      label: `${t.name} ${t.code}`,
      href: `/things/${encodeURIComponent(t.id)}`,
    }));
  }
  if (layer === 'cameras') {
    return (await pages<CameraRow>('/api/cameras', gridCode)).map((c) => ({
      id: c.id,
      layer,
      location: c.location,
      label: c.name,
      href: `/cameras/${encodeURIComponent(c.id)}`,
    }));
  }
  return (await pages<OrganisationRow>('/api/organisations', gridCode)).flatMap((o) =>
    o.location ? [{ id: o.id, layer, location: o.location, label: o.name, href: '/organisations' }] : [],
  );
}

/** The colour of each layer's pins. */
export const layerColours: Readonly<Record<MapLayer, string>> = {
  things: '#08979c',
  cameras: '#531dab',
  organisations: '#d48806',
};
