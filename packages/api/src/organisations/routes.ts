import { pageLimit } from '@civicgrid/db';
import {
  employmentInputSchema,
  organisationInputSchema,
  organisationKinds,
  organisationUpdateSchema,
} from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import { param } from '../http/params';
import type { Route } from '../http/routes';
import { scopedTenantPath } from '../http/scope';
import { jsonBody, queryParams } from '../http/validate';
import { staffActor } from '../modules/actor';
import { pageQuery, recordListQuery } from '../modules/records';
import { recordOwner } from '../modules/scope';
import { PeopleService } from '../people/service';
import { OrganisationService } from './service';

const listQuery = recordListQuery.extend({
  kind: z.enum(organisationKinds, { error: 'kind is enterprise, social or institution' }).optional(),
});

/** Organisations (组织): enterprises, social organisations, institutions; their employees (people's workplaces). */
export function registerOrganisationRoutes(route: Route, deps: AppDeps): void {
  const service = new OrganisationService(deps);
  const people = new PeopleService(deps);

  route(
    {
      method: 'POST',
      path: '/api/organisations',
      operationId: 'createOrganisation',
      isolation: 'tenant',
      permission: 'organisation.write',
      summary: 'Register an organisation (credit code checked by its GB 32100 check character)',
      body: organisationInputSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, organisationInputSchema);
      const org = await service.create(claims.tenantPath, claims.tenantId, input, await staffActor(c, deps));
      return c.json(org, 201);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/organisations',
      operationId: 'listOrganisations',
      isolation: 'tenant',
      permission: 'organisation.read',
      summary: 'Organisations by name prefix or credit code (`q`), grid or kind; paged',
      query: listQuery,
    },
    async (c) => {
      const q = queryParams(c, listQuery);
      const path = await scopedTenantPath(c, deps, q.tenantId);
      return c.json(await service.list(path, { ...q, limit: pageLimit(q.limit) }));
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/organisations/:id',
      operationId: 'getOrganisation',
      isolation: 'tenant',
      permission: 'organisation.read',
      summary: 'One organisation with its history',
    },
    async (c) => {
      const id = param(c, 'id', 'Organisation');
      const path = await recordOwner(c, deps, id, 'Organisation', 'read');
      const org = await service.organisations.require(path, id);
      return c.json({ ...org, history: await service.organisations.history(path, id) });
    },
  );

  route(
    {
      method: 'PATCH',
      path: '/api/organisations/:id',
      operationId: 'updateOrganisation',
      isolation: 'tenant',
      permission: 'organisation.write',
      summary:
        'Change an organisation’s name, address, status, stage, legal representative or contacts (with `version`)',
      body: organisationUpdateSchema,
    },
    async (c) => {
      const id = param(c, 'id', 'Organisation');
      const path = await recordOwner(c, deps, id, 'Organisation', 'write');
      const input = await jsonBody(c, organisationUpdateSchema);
      return c.json(await service.update(path, id, input, await staffActor(c, deps)));
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/organisations/:id/employees',
      operationId: 'addOrganisationEmployee',
      isolation: 'tenant',
      permission: 'organisation.write',
      summary: 'Link a person as an employee (the person’s workplace)',
      body: employmentInputSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const id = param(c, 'id', 'Organisation');
      const path = await recordOwner(c, deps, id, 'Organisation', 'write');
      const org = await service.organisations.require(path, id);
      const input = await jsonBody(c, employmentInputSchema);
      const employment = await service.addEmployee(path, claims.tenantId, org, input, await staffActor(c, deps));
      return c.json(employment, 201);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/organisations/:id/employees',
      operationId: 'listOrganisationEmployees',
      isolation: 'tenant',
      permission: 'organisation.read',
      summary: 'The employees of an organisation, by name; paged',
      query: pageQuery,
    },
    async (c) => {
      const id = param(c, 'id', 'Organisation');
      const path = await recordOwner(c, deps, id, 'Organisation', 'read');
      await service.organisations.require(path, id);
      const q = queryParams(c, pageQuery);
      const page = await service.employments.page(
        path,
        { index: 'org', value: id },
        { limit: pageLimit(q.limit), cursor: q.cursor },
      );
      return c.json(page);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/people/:id/workplaces',
      operationId: 'listPersonWorkplaces',
      isolation: 'tenant',
      permission: 'organisation.read',
      summary: 'Where a person works (their employments); paged',
      query: pageQuery,
    },
    async (c) => {
      const id = param(c, 'id', 'Person');
      const path = await recordOwner(c, deps, id, 'Person', 'read');
      await people.require(path, id, await staffActor(c, deps));
      const q = queryParams(c, pageQuery);
      const page = await service.employments.page(
        path,
        { index: 'person', value: id },
        { limit: pageLimit(q.limit), cursor: q.cursor },
      );
      return c.json(page);
    },
  );
}
