import { newId, POPULATION_TALLY, pageLimit, readTallies } from '@civicgrid/db';
import { type Building, buildingInputSchema } from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import { param } from '../http/params';
import type { Route } from '../http/routes';
import { scopedTenantPath } from '../http/scope';
import { jsonBody, queryParams } from '../http/validate';
import { staffActor } from '../modules/actor';
import { placeInGrid, recordId, recordListQuery } from '../modules/records';
import { recordOwner } from '../modules/scope';
import { peopleRepositories } from '../people/service';

const listQuery = recordListQuery;

/** Buildings and their rooms (地): the grid follows from the building's point when it has one. */
export function registerPlacesRoutes(route: Route, deps: AppDeps): void {
  const { buildings } = peopleRepositories(deps);

  route(
    {
      method: 'POST',
      path: '/api/buildings',
      operationId: 'createBuilding',
      isolation: 'tenant',
      permission: 'places.write',
      summary: 'Add a building with its rooms (its grid from its point, or `gridCode`)',
      body: buildingInputSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, buildingInputSchema);
      const actor = await staffActor(c, deps);
      const gridCode = await placeInGrid(deps, claims.tenantPath, actor, input);
      const now = deps.clock().toISOString();
      const building: Building = {
        id: recordId(claims.tenantId, newId(deps.clock())),
        name: input.name,
        address: input.address,
        gridCode,
        ...(input.location ? { location: input.location } : {}),
        ...(input.floors ? { floors: input.floors } : {}),
        ...(input.units ? { units: input.units } : {}),
        rooms: input.rooms ?? [],
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await buildings.create(claims.tenantPath, building, [{ type: 'created', at: now, actor: actor.userId }]);
      return c.json(building, 201);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/buildings',
      operationId: 'listBuildings',
      isolation: 'tenant',
      permission: 'places.read',
      summary: 'Buildings of the tenant or of a grid, by name prefix (`q`); paged',
      query: listQuery,
    },
    async (c) => {
      const q = queryParams(c, listQuery);
      const path = await scopedTenantPath(c, deps, q.tenantId);
      const list = q.gridCode
        ? { index: 'grid', value: q.gridCode, prefix: q.q }
        : { index: 'all', value: 'all', prefix: q.q };
      const page = await buildings.page(path, list, { limit: pageLimit(q.limit), cursor: q.cursor });
      return c.json({
        items: page.items.map(({ rooms, ...b }) => ({ ...b, roomCount: rooms.length })),
        cursor: page.cursor,
      });
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/buildings/:id',
      operationId: 'getBuilding',
      isolation: 'tenant',
      permission: 'places.read',
      summary: 'One building, its rooms and who lives in each (counts by registration type)',
    },
    async (c) => {
      const id = param(c, 'id', 'Building');
      const path = await recordOwner(c, deps, id, 'Building', 'read');
      const building = await buildings.require(path, id);
      const rooms = await readTallies(deps.store, path, POPULATION_TALLY, `room:${id}`);
      const byRoom = new Map(rooms.map((r) => [r.value, r.counts]));
      return c.json({
        ...building,
        rooms: building.rooms.map((room) => {
          const counts = byRoom.get(room.code) ?? {};
          return {
            ...room,
            residents: counts.total ?? 0,
            registration: Object.fromEntries(
              Object.entries(counts)
                .filter(([k, v]) => k.startsWith('reg:') && v > 0)
                .map(([k, v]) => [k.slice(4), v]),
            ),
          };
        }),
      });
    },
  );
}
