import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { CursorCodec, conditions, isConditionFailure, keys } from '@civicgrid/db';
import {
  ConflictError,
  DEFAULT_MAP_SETTINGS,
  type MapSettings,
  mapSettingsInputSchema,
  mapSourceOf,
  type TenantPath,
  ValidationError,
} from '@civicgrid/domain';
import * as z from 'zod';
import { requireOpenTenant } from '../cases/citizen-channel';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import type { Route } from '../http/routes';
import { tileTemplateAllowed } from '../http/security-headers';
import { jsonBody, queryParams } from '../http/validate';
import { peopleRepositories } from '../people/service';
import { gridsOf } from '../routes/config';

/** Features per page of the public vector layers: a page is one Query, whatever the tenant holds. */
const FEATURES_PER_PAGE = 50;

const pageQuery = z.object({
  cursor: z.string({ error: 'cursor must be text' }).max(2000).optional(),
});

/** The tenant's base map settings, or the default (no tiles: the offline vector map). */
export async function mapSettingsOf(deps: AppDeps, path: TenantPath): Promise<MapSettings> {
  const res = await deps.store.doc.send(
    new GetCommand({ TableName: deps.store.tableName, Key: keys.mapSettings(path) }),
  );
  if (!res.Item) return DEFAULT_MAP_SETTINGS;
  const { PK: _pk, SK: _sk, ...settings } = res.Item;
  return settings as MapSettings;
}

/**
 * The base map as a tenant setting (`/api/settings/map`: 天地图 with a key, any WMTS/XYZ template, coordinate
 * system), and the public vector layers the citizen map draws when there are no tiles (`/public/{slug}/map/…`).
 */
export function registerMapRoutes(route: Route, deps: AppDeps): void {
  const cursors = new CursorCodec(deps.config.cursorSecret);
  const { buildings } = peopleRepositories(deps);

  route(
    {
      method: 'GET',
      path: '/api/settings/map',
      operationId: 'getMapSettings',
      isolation: 'tenant',
      permission: 'grid.read',
      summary: 'The tenant’s base map (tile provider, key, coordinate system) and the map source it gives',
    },
    async (c) => {
      const settings = await mapSettingsOf(deps, claimsOf(c).tenantPath);
      return c.json({ ...settings, source: mapSourceOf(settings) });
    },
  );

  route(
    {
      method: 'PUT',
      path: '/api/settings/map',
      operationId: 'setMapSettings',
      isolation: 'tenant',
      permission: 'tenant.settings',
      summary: 'Set the base map: none (offline vector map), 天地图 with a key, or a WMTS/XYZ URL template',
      body: mapSettingsInputSchema,
    },
    async (c) => {
      const path = claimsOf(c).tenantPath;
      const input = await jsonBody(c, mapSettingsInputSchema);
      if (input.provider === 'custom' && input.urlTemplate) {
        // the pages' CSP names the tile hosts it allows: another host's tiles would be refused by every browser
        if (!tileTemplateAllowed(input.urlTemplate, deps.config.tileSources ?? [])) {
          throw new ValidationError(
            'Tile host not allowed',
            [{ path: 'urlTemplate', message: 'this deployment’s pages may not load tiles from that host' }],
            'tile_host_not_allowed',
          );
        }
      }
      const current = await mapSettingsOf(deps, path);
      const expected = input.version ?? current.version;
      if (expected !== current.version)
        throw new ConflictError('The map settings were changed; reload', 'stale_version');
      const next: MapSettings = {
        provider: input.provider,
        ...(input.provider === 'tianditu' && input.tiandituKey ? { tiandituKey: input.tiandituKey } : {}),
        ...(input.provider === 'custom' && input.urlTemplate ? { urlTemplate: input.urlTemplate } : {}),
        ...(input.provider === 'custom' && input.subdomains ? { subdomains: input.subdomains } : {}),
        coordinateSystem:
          input.provider === 'custom'
            ? (input.coordinateSystem ?? 'wgs84')
            : input.provider === 'tianditu'
              ? 'cgcs2000'
              : 'wgs84',
        version: current.version + 1,
        updatedAt: deps.clock().toISOString(),
      };
      try {
        await deps.store.doc.send(
          new PutCommand({
            TableName: deps.store.tableName,
            Item: { ...keys.mapSettings(path), ...next },
            // two admins saving at once: the second, who read the older version, is told to reload
            ...(current.version === 0
              ? { ConditionExpression: conditions.keyDoesNotExist }
              : {
                  ConditionExpression: '#version = :expected',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':expected': current.version },
                }),
          }),
        );
      } catch (error) {
        if (isConditionFailure(error))
          throw new ConflictError('The map settings were changed; reload', 'stale_version');
        throw error;
      }
      return c.json({ ...next, source: mapSourceOf(next) });
    },
  );

  route(
    {
      method: 'GET',
      path: '/public/:slug/map/grids',
      operationId: 'getPublicMapGrids',
      isolation: 'public',
      summary: 'The office’s grid outlines as GeoJSON (a page of 50; `cursor` for the next)',
    },
    async (c) => {
      const tenant = await requireOpenTenant(deps, c.req.param('slug'));
      const q = queryParams(c, pageQuery);
      const page = await gridsOf(deps).page(tenant.path, { limit: FEATURES_PER_PAGE, cursor: q.cursor, cursors });
      const features = page.items.flatMap((grid) =>
        grid.polygon
          ? [{ type: 'Feature' as const, geometry: grid.polygon, properties: { code: grid.code, name: grid.name } }]
          : [],
      );
      return c.json({ type: 'FeatureCollection', features, ...(page.cursor ? { cursor: page.cursor } : {}) });
    },
  );

  route(
    {
      method: 'GET',
      path: '/public/:slug/map/buildings',
      operationId: 'getPublicMapBuildings',
      isolation: 'public',
      summary: 'The office’s buildings as GeoJSON points with their names (a page of 50; `cursor` for the next)',
    },
    async (c) => {
      const tenant = await requireOpenTenant(deps, c.req.param('slug'));
      const q = queryParams(c, pageQuery);
      const page = await buildings.page(
        tenant.path,
        { index: 'all', value: 'all' },
        { limit: FEATURES_PER_PAGE, cursor: q.cursor },
      );
      // a building's name and point only: its rooms, their use and the people in them are not public
      const features = page.items.flatMap((b) =>
        b.location
          ? [
              {
                type: 'Feature' as const,
                geometry: { type: 'Point' as const, coordinates: [b.location.lng, b.location.lat] },
                properties: { name: b.name },
              },
            ]
          : [],
      );
      return c.json({ type: 'FeatureCollection', features, ...(page.cursor ? { cursor: page.cursor } : {}) });
    },
  );
}
