import { newId, pageLimit } from '@civicgrid/db';
import {
  can,
  householdInputSchema,
  idNumberSchema,
  moveInSchema,
  moveOutSchema,
  personInputSchema,
  personUpdateSchema,
  registrationTypes,
  revealSchema,
  tagSchema,
} from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import { param } from '../http/params';
import type { Route } from '../http/routes';
import { scopedTenantPath } from '../http/scope';
import { jsonBody, queryParams } from '../http/validate';
import { staffActor } from '../modules/actor';
import { recordOwner } from '../modules/scope';
import { SpecialService } from '../special/service';
import { PeopleService } from './service';
import { householdView, personView } from './views';

const listQuery = z.object({
  q: z.string().trim().max(50).optional(),
  gridCode: z
    .string()
    .regex(/^\d{15}$/, { error: 'gridCode has 15 digits' })
    .optional(),
  registration: z.enum(registrationTypes, { error: 'registration is resident, floating or overseas' }).optional(),
  tag: tagSchema.optional(),
  buildingId: z.string().max(100).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.string().optional(),
  tenantId: z.string().max(40).optional(),
});

/** The ID number travels in the body, never in a URL (URLs end up in access logs). */
const lookupSchema = z.object({ idNumber: idNumberSchema });

const householdQuery = z.object({
  buildingId: z.string().max(100).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.string().optional(),
  tenantId: z.string().max(40).optional(),
});

/** People and households of the base database (人): masked reads, reveal with a reason, moves with history. */
export function registerPeopleRoutes(route: Route, deps: AppDeps): void {
  const service = new PeopleService(deps);
  const special = new SpecialService(deps);
  /**
   * The special-population groups of these people — only for a caller holding `special.read`; for anyone else
   * nobody is flagged (PIPL: the lists must not tell who is special).
   */
  const flags = async (path: Parameters<typeof special.listedGroups>[0], roles: readonly string[], ids: string[]) =>
    can(roles, 'special.read') ? special.listedGroups(path, ids) : new Map<string, string[]>();

  route(
    {
      method: 'POST',
      path: '/api/people',
      operationId: 'createPerson',
      isolation: 'tenant',
      permission: 'people.write',
      summary: 'Register a person (ID number checked by its GB 11643 check digit)',
      body: personInputSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, personInputSchema);
      const actor = await staffActor(c, deps);
      const person = await service.create(claims.tenantPath, claims.tenantId, input, actor, newId(deps.clock()));
      return c.json(personView(person), 201);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/people',
      operationId: 'listPeople',
      isolation: 'tenant',
      permission: 'people.read',
      summary: 'People, masked, by name / ID number / phone (`q`), grid, registration, tag or building; paged',
      query: listQuery,
    },
    async (c) => {
      const q = queryParams(c, listQuery);
      const path = await scopedTenantPath(c, deps, q.tenantId);
      const actor = await staffActor(c, deps);
      const page = await service.list(path, { ...q, limit: pageLimit(q.limit) }, actor);
      const listed = await flags(
        path,
        actor.roles,
        page.items.map((p) => p.id),
      );
      return c.json({
        items: page.items.map((p) => {
          const groups = listed.get(p.id);
          return { ...personView(p), ...(groups ? { special: groups } : {}) };
        }),
        cursor: page.cursor,
      });
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/people/lookup',
      operationId: 'lookUpPeople',
      isolation: 'tenant',
      permission: 'people.read',
      summary:
        'People with an ID number in the caller’s tenant and every approved tenant below it (by the ID hash), masked',
      body: lookupSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const { idNumber } = await jsonBody(c, lookupSchema);
      const actor = await staffActor(c, deps);
      const { tenantsSearched, found } = await service.lookupIdNumber(claims.tenantPath, idNumber, actor);
      return c.json({
        tenantsSearched,
        items: found.map(({ tenant, person }) => ({
          ...personView(person),
          tenantId: tenant?.id ?? claims.tenantId,
          ...(tenant ? { tenantName: tenant.name } : {}),
        })),
      });
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/people/:id',
      operationId: 'getPerson',
      isolation: 'tenant',
      permission: 'people.read',
      summary: 'One person, masked, with the move-in / move-out history',
    },
    async (c) => {
      const id = param(c, 'id', 'Person');
      const path = await recordOwner(c, deps, id, 'Person', 'read');
      const person = await service.require(path, id, await staffActor(c, deps));
      const [history, listed] = await Promise.all([
        service.repos.people.history(path, id),
        flags(path, claimsOf(c).roles, [id]),
      ]);
      const groups = listed.get(id);
      return c.json({ ...personView(person), ...(groups ? { special: groups } : {}), history });
    },
  );

  route(
    {
      method: 'PATCH',
      path: '/api/people/:id',
      operationId: 'updatePerson',
      isolation: 'tenant',
      permission: 'people.write',
      summary: 'Change a person’s name, phone, address, origin, registration or tags (with `version`)',
      body: personUpdateSchema,
    },
    async (c) => {
      const id = param(c, 'id', 'Person');
      const path = await recordOwner(c, deps, id, 'Person', 'write');
      const actor = await staffActor(c, deps);
      const input = await jsonBody(c, personUpdateSchema);
      return c.json(personView(await service.update(path, id, input, actor)));
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/people/:id/reveal',
      operationId: 'revealPerson',
      isolation: 'tenant',
      permission: 'people.reveal',
      summary: 'The clear ID number and phone, with a reason; written to the access log',
      body: revealSchema,
    },
    async (c) => {
      const id = param(c, 'id', 'Person');
      // a district may reveal an approved street's person (found by the district lookup): the entry is written to
      // the street's access log, naming the district user
      const path = await recordOwner(c, deps, id, 'Person', 'read');
      const actor = await staffActor(c, deps);
      const { reason } = await jsonBody(c, revealSchema);
      const { person, entry } = await service.reveal(path, id, reason, actor);
      return c.json({
        id: person.id,
        idNumber: person.idNumber,
        ...(person.phone ? { phone: person.phone } : {}),
        accessLogEntry: entry,
      });
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/people/:id/move-in',
      operationId: 'movePersonIn',
      isolation: 'tenant',
      permission: 'people.write',
      summary: 'Move a person into a room (kept as history)',
      body: moveInSchema,
    },
    async (c) => {
      const id = param(c, 'id', 'Person');
      const path = await recordOwner(c, deps, id, 'Person', 'write');
      const actor = await staffActor(c, deps);
      const input = await jsonBody(c, moveInSchema);
      return c.json(personView(await service.moveIn(path, id, input, actor)));
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/people/:id/move-out',
      operationId: 'movePersonOut',
      isolation: 'tenant',
      permission: 'people.write',
      summary: 'Record that a person moved out (kept on record, no longer counted)',
      body: moveOutSchema,
    },
    async (c) => {
      const id = param(c, 'id', 'Person');
      const path = await recordOwner(c, deps, id, 'Person', 'write');
      const actor = await staffActor(c, deps);
      const input = await jsonBody(c, moveOutSchema);
      return c.json(personView(await service.moveOut(path, id, input, actor)));
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/households',
      operationId: 'createHousehold',
      isolation: 'tenant',
      permission: 'people.write',
      summary: 'A household in a room: head and members with their relation',
      body: householdInputSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, householdInputSchema);
      const actor = await staffActor(c, deps);
      const household = await service.createHousehold(
        claims.tenantPath,
        claims.tenantId,
        input,
        actor,
        newId(deps.clock()),
      );
      return c.json(householdView(household), 201);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/households',
      operationId: 'listHouseholds',
      isolation: 'tenant',
      permission: 'people.read',
      summary: 'Households of the tenant, or of one building by room; paged',
      query: householdQuery,
    },
    async (c) => {
      const q = queryParams(c, householdQuery);
      const path = await scopedTenantPath(c, deps, q.tenantId);
      const list = q.buildingId ? { index: 'bldg', value: q.buildingId } : { index: 'all', value: 'all' };
      const page = await service.repos.households.page(path, list, {
        limit: pageLimit(q.limit),
        cursor: q.cursor,
        newestFirst: !q.buildingId,
      });
      return c.json({ items: page.items.map(householdView), cursor: page.cursor });
    },
  );
}
