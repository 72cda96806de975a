import * as z from 'zod';

/**
 * Coordinate systems of tile services. Storage is always WGS-84; 天地图 (CGCS2000) lines up with it within
 * centimetres, while GCJ-02 tiles (AMap, Tencent) are shifted by hundreds of metres: points are converted for
 * drawing and clicks converted back.
 */
export const coordinateSystems = ['wgs84', 'cgcs2000', 'gcj02'] as const;
export type CoordinateSystem = (typeof coordinateSystems)[number];

/** Tile providers: none (the offline vector map), 天地图 with the office's key, or any WMTS/XYZ URL template. */
export const mapProviders = ['none', 'tianditu', 'custom'] as const;

/** A 天地图 browser key: 32 hexadecimal characters. */
const tiandituKey = z
  .string({ error: 'tiandituKey must be text' })
  .trim()
  .regex(/^[0-9a-f]{32}$/i, { error: 'tiandituKey must be the 32-character key from the 天地图 console' });

/**
 * A tile URL template: https, with `{z}`, `{x}` and `{y}` (a WMTS KVP request names them as
 * `TILEMATRIX={z}&TILEROW={y}&TILECOL={x}`), optionally `{s}` for subdomains; no quotes, spaces or other
 * placeholders.
 */
const urlTemplate = z
  .string({ error: 'urlTemplate must be text' })
  .trim()
  .max(500, { error: 'urlTemplate must be at most 500 characters' })
  .regex(/^https:\/\/[^\s"'<>\\]+$/, { error: 'urlTemplate must be an https URL without spaces or quotes' })
  .refine((u) => ['{z}', '{x}', '{y}'].every((p) => u.includes(p)), {
    error: 'urlTemplate must contain {z}, {x} and {y}',
  })
  .refine((u) => (u.match(/\{[^}]*\}/g) ?? []).every((p) => ['{z}', '{x}', '{y}', '{s}'].includes(p)), {
    error: 'urlTemplate may only use {z}, {x}, {y} and {s}',
  });

/** `PUT /api/settings/map`: the tenant's base map (the version it read, for a conditional write). */
export const mapSettingsInputSchema = z
  .object({
    provider: z.enum(mapProviders, { error: 'provider must be none, tianditu or custom' }),
    tiandituKey: tiandituKey.optional(),
    urlTemplate: urlTemplate.optional(),
    /** subdomains `{s}` takes, e.g. `abc` or `01234567` */
    subdomains: z
      .string({ error: 'subdomains must be text' })
      .regex(/^[a-z0-9]{1,10}$/i, { error: 'subdomains must be 1–10 letters or digits' })
      .optional(),
    coordinateSystem: z
      .enum(coordinateSystems, { error: 'coordinateSystem must be wgs84, cgcs2000 or gcj02' })
      .optional(),
    version: z.int({ error: 'version must be a whole number' }).nonnegative().optional(),
  })
  .superRefine((m, ctx) => {
    if (m.provider === 'tianditu' && !m.tiandituKey) {
      ctx.addIssue({ code: 'custom', path: ['tiandituKey'], message: 'tiandituKey is required for 天地图' });
    }
    if (m.provider === 'custom' && !m.urlTemplate) {
      ctx.addIssue({ code: 'custom', path: ['urlTemplate'], message: 'urlTemplate is required for a custom provider' });
    }
    if (m.urlTemplate?.includes('{s}') && !m.subdomains) {
      ctx.addIssue({ code: 'custom', path: ['subdomains'], message: 'subdomains are required when the URL uses {s}' });
    }
  });
export type MapSettingsInput = z.infer<typeof mapSettingsInputSchema>;

/** A tenant's base map as stored. */
export interface MapSettings {
  provider: (typeof mapProviders)[number];
  tiandituKey?: string;
  urlTemplate?: string;
  subdomains?: string;
  coordinateSystem: CoordinateSystem;
  version: number;
  updatedAt?: string;
}

/** What a tenant without settings gets: no tiles, the offline vector map. */
export const DEFAULT_MAP_SETTINGS: MapSettings = { provider: 'none', coordinateSystem: 'wgs84', version: 0 };

/** One tile layer as Leaflet takes it. */
export interface TileLayerSpec {
  url: string;
  subdomains?: string;
}

/** What the pages need to draw the map: tile layers (none = offline), their coordinate system, the geocoder. */
export interface MapSource {
  tiles: TileLayerSpec[];
  coordinateSystem: CoordinateSystem;
  /** the address search service the provider offers (天地图's needs its key), or null */
  geocoder: { provider: 'tianditu'; key: string } | null;
}

/** 天地图 WMTS in web Mercator (`_w`): the vector base map and its Chinese annotation layer. */
export function tiandituTiles(key: string): TileLayerSpec[] {
  const layer = (name: string) =>
    `https://t{s}.tianditu.gov.cn/${name}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${name}` +
    `&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${key}`;
  return [
    { url: layer('vec'), subdomains: '01234567' },
    { url: layer('cva'), subdomains: '01234567' },
  ];
}

/** The map source of stored settings. */
export function mapSourceOf(settings: MapSettings): MapSource {
  if (settings.provider === 'tianditu' && settings.tiandituKey) {
    return {
      tiles: tiandituTiles(settings.tiandituKey),
      coordinateSystem: 'cgcs2000',
      geocoder: { provider: 'tianditu', key: settings.tiandituKey },
    };
  }
  if (settings.provider === 'custom' && settings.urlTemplate) {
    return {
      tiles: [{ url: settings.urlTemplate, ...(settings.subdomains ? { subdomains: settings.subdomains } : {}) }],
      coordinateSystem: settings.coordinateSystem,
      geocoder: null,
    };
  }
  return { tiles: [], coordinateSystem: 'wgs84', geocoder: null };
}
