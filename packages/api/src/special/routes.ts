import { pageLimit } from '@civicgrid/db';
import {
  assistanceSchema,
  can,
  defaultVisitDays,
  ForbiddenError,
  frequencyTableSchema,
  NotFoundError,
  profileInputSchema,
  profileUpdateSchema,
  releaseSchema,
  riskScales,
  specialGroups,
  transferSchema,
  type VisitFrequencyTable,
  visitDaysFor,
  visitRecordSchema,
} from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import { param } from '../http/params';
import type { Route } from '../http/routes';
import { requireVisibleBelow, scopedTenantPath } from '../http/scope';
import { jsonBody, queryParams } from '../http/validate';
import { gridScoped, staffActor } from '../modules/actor';
import { recordOwner } from '../modules/scope';
import { SpecialService } from './service';
import { profileDetail, profileView, visitView } from './views';

const LABEL = 'Special-population profile';

const listQuery = z.object({
  group: z.enum(specialGroups, { error: `group is one of ${specialGroups.join(', ')}` }).optional(),
  gridCode: z
    .string()
    .regex(/^\d{15}$/, { error: 'gridCode has 15 digits' })
    .optional(),
  status: z
    .enum(['listed', 'released', 'transferred'], { error: 'status is listed, released or transferred' })
    .optional(),
  responsibleUserId: z.string().max(64).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.string().optional(),
  tenantId: z.string().max(40).optional(),
});

const pageQuery = z.object({ cursor: z.string().max(2000).optional(), limit: z.string().optional() });
const caseloadQuery = pageQuery.extend({ userId: z.string().max(64).optional() });

/**
 * The special-population routes (特殊人群). Every one is hidden: a role without the permission gets 404, never
 * 403. Reads of profiles are written to the access log.
 */
export function registerSpecialRoutes(route: Route, deps: AppDeps): SpecialService {
  const service = new SpecialService(deps);
  const base = '/api/special-populations';

  route(
    {
      method: 'POST',
      path: base,
      operationId: 'createSpecialProfile',
      isolation: 'tenant',
      permission: 'special.write',
      hidden: true,
      summary:
        'List a person as special population (列管): group, risk grade on the group’s scale, responsible worker, 帮扶 team; opens the first due visit',
      body: profileInputSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, profileInputSchema);
      const profile = await service.create(claims.tenantPath, claims.tenantId, input, await staffActor(c, deps));
      return c.json(profileView(profile), 201);
    },
  );

  route(
    {
      method: 'GET',
      path: base,
      operationId: 'listSpecialProfiles',
      isolation: 'tenant',
      permission: 'special.read',
      hidden: true,
      summary:
        'Profiles, newest first, by group, grid, status or responsible worker (grid workers: their own); each page is logged',
      query: listQuery,
    },
    async (c) => {
      const q = queryParams(c, listQuery);
      const path = await scopedTenantPath(c, deps, q.tenantId);
      const actor = await staffActor(c, deps);
      // one list serves a query: a grid worker's own caseload, else the first filter given
      const list = gridScoped(actor)
        ? { index: 'worker', value: actor.userId }
        : q.responsibleUserId
          ? { index: 'worker', value: q.responsibleUserId }
          : q.gridCode
            ? { index: 'grid', value: q.gridCode }
            : q.group
              ? { index: 'group', value: q.group }
              : q.status
                ? { index: 'status', value: q.status }
                : { index: 'all', value: 'all' };
      const page = await service.profiles.page(path, list, {
        limit: pageLimit(q.limit),
        cursor: q.cursor,
        newestFirst: true,
      });
      const items = page.items.filter(
        (p) =>
          service.visible(actor, p) &&
          (!q.group || p.group === q.group) &&
          (!q.gridCode || p.gridCode === q.gridCode) &&
          (!q.status || p.status === q.status),
      );
      await service.logList(path, items, actor);
      return c.json({ items: items.map(profileView), cursor: page.cursor });
    },
  );

  route(
    {
      method: 'GET',
      path: `${base}/:id`,
      operationId: 'getSpecialProfile',
      isolation: 'tenant',
      permission: 'special.read',
      hidden: true,
      summary:
        'One profile with the person (masked), history, open visit and alerts; the read is written to the access log',
    },
    async (c) => {
      const id = param(c, 'id', LABEL);
      const path = await recordOwner(c, deps, id, LABEL, 'read');
      const actor = await staffActor(c, deps);
      const profile = await service.require(path, id, actor);
      const [person, history, openVisit] = await Promise.all([
        service.people.repos.people.get(path, profile.personId),
        service.profiles.history(path, id),
        service.openVisitOf(path, profile),
      ]);
      const entry = await service.logRead(path, profile, actor, 'view');
      return c.json({
        ...profileDetail(profile, { person, history, openVisit, now: deps.clock() }),
        accessLogEntry: entry.id,
      });
    },
  );

  route(
    {
      method: 'PATCH',
      path: `${base}/:id`,
      operationId: 'updateSpecialProfile',
      isolation: 'tenant',
      permission: 'special.write',
      hidden: true,
      summary:
        'Change the risk grade (a rise is an alert), the worker, the team or the frequency (with `version`); the open visit follows',
      body: profileUpdateSchema,
    },
    async (c) => {
      const id = param(c, 'id', LABEL);
      const path = await recordOwner(c, deps, id, LABEL, 'write');
      const input = await jsonBody(c, profileUpdateSchema);
      return c.json(profileView(await service.update(path, id, input, await staffActor(c, deps))));
    },
  );

  route(
    {
      method: 'POST',
      path: `${base}/:id/visits`,
      operationId: 'recordSpecialVisit',
      isolation: 'tenant',
      permission: 'special.write',
      hidden: true,
      summary: 'A visit record (date, place, findings, photos): closes the due visit and opens the next',
      body: visitRecordSchema,
    },
    async (c) => {
      const id = param(c, 'id', LABEL);
      const path = await recordOwner(c, deps, id, LABEL, 'write');
      const input = await jsonBody(c, visitRecordSchema);
      const { visit, profile } = await service.recordVisit(path, id, input, await staffActor(c, deps));
      return c.json({ visit: visitView(visit), profile: profileView(profile) }, 201);
    },
  );

  route(
    {
      method: 'GET',
      path: `${base}/:id/visits`,
      operationId: 'listSpecialProfileVisits',
      isolation: 'tenant',
      permission: 'special.read',
      hidden: true,
      summary: 'The profile’s visits (due, made, withdrawn), newest first',
      query: pageQuery,
    },
    async (c) => {
      const id = param(c, 'id', LABEL);
      const path = await recordOwner(c, deps, id, LABEL, 'read');
      await service.require(path, id, await staffActor(c, deps));
      const q = queryParams(c, pageQuery);
      const page = await service.visits.repo.page(
        path,
        { filter: { field: 'profileId', value: id } },
        { limit: pageLimit(q.limit), cursor: q.cursor },
      );
      return c.json({ items: page.items.map(visitView), cursor: page.cursor });
    },
  );

  route(
    {
      method: 'POST',
      path: `${base}/:id/assistance`,
      operationId: 'recordSpecialAssistance',
      isolation: 'tenant',
      permission: 'special.write',
      hidden: true,
      summary: 'An assistance record (帮扶): living aid, employment, medical, 司法救助, with an amount',
      body: assistanceSchema,
    },
    async (c) => {
      const id = param(c, 'id', LABEL);
      const path = await recordOwner(c, deps, id, LABEL, 'write');
      const input = await jsonBody(c, assistanceSchema);
      return c.json(profileView(await service.assist(path, id, input, await staffActor(c, deps))), 201);
    },
  );

  route(
    {
      method: 'POST',
      path: `${base}/:id/release`,
      operationId: 'releaseSpecialProfile',
      isolation: 'tenant',
      permission: 'special.write',
      hidden: true,
      summary: '解除列管: the profile stays on record, its due visit is withdrawn',
      body: releaseSchema,
    },
    async (c) => {
      const id = param(c, 'id', LABEL);
      const path = await recordOwner(c, deps, id, LABEL, 'write');
      const input = await jsonBody(c, releaseSchema);
      return c.json(profileView(await service.release(path, id, input, await staffActor(c, deps))));
    },
  );

  route(
    {
      method: 'POST',
      path: `${base}/:id/transfer`,
      operationId: 'requestSpecialProfileTransfer',
      errors: [422],
      isolation: 'tenant',
      permission: 'special.write',
      hidden: true,
      summary: '衔接: ask the district to move the profile to a sibling street (422 on `toTenantId` otherwise)',
      body: transferSchema,
    },
    async (c) => {
      const id = param(c, 'id', LABEL);
      const path = await recordOwner(c, deps, id, LABEL, 'write');
      const input = await jsonBody(c, transferSchema);
      return c.json(profileView(await service.requestTransfer(path, id, input, await staffActor(c, deps))));
    },
  );

  route(
    {
      method: 'POST',
      path: `${base}/:id/transfer/complete`,
      operationId: 'completeSpecialProfileTransfer',
      isolation: 'tenant',
      permission: 'special.write',
      hidden: true,
      summary:
        'The district completes a requested 衔接: the receiving street gets the profile with its history; both sides logged',
    },
    async (c) => {
      const id = param(c, 'id', LABEL);
      const claims = claimsOf(c);
      // only the district above the sending street (approved) completes it: the street itself, a sibling → 404
      const path = await recordOwner(c, deps, id, LABEL, 'read');
      const parent = path.slice(0, path.slice(0, -1).lastIndexOf('/') + 1);
      if (path === claims.tenantPath || parent !== claims.tenantPath) throw new NotFoundError(LABEL);
      await requireVisibleBelow(deps, path, claims.tenantPath).catch(() => Promise.reject(new NotFoundError(LABEL)));
      const moved = await service.completeTransfer(path, id, {
        path: claims.tenantPath,
        actor: await staffActor(c, deps),
      });
      return c.json({ from: profileView(moved.from), to: profileView(moved.to) });
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/special-caseload',
      operationId: 'getSpecialCaseload',
      isolation: 'tenant',
      permission: 'special.read',
      hidden: true,
      summary:
        'A worker’s caseload: the open visits of their profiles with deadlines (`userId`, default the caller; grid workers: their own)',
      query: caseloadQuery,
    },
    async (c) => {
      const claims = claimsOf(c);
      const q = queryParams(c, caseloadQuery);
      const actor = await staffActor(c, deps);
      const userId = gridScoped(actor) || !q.userId ? actor.userId : q.userId;
      const page = await service.visits.repo.page(
        claims.tenantPath,
        { filter: { field: 'openFor', value: userId } },
        { limit: pageLimit(q.limit), cursor: q.cursor },
      );
      const now = deps.clock().getTime();
      const items = page.items
        .map((v) => ({ ...visitView(v), late: v.clock !== undefined && Date.parse(v.clock.deadline) < now }))
        .sort((a, b) => String(a.deadline ?? '~').localeCompare(String(b.deadline ?? '~')));
      return c.json({
        userId,
        due: items.filter((i) => !i.late).length,
        overdue: items.filter((i) => i.late).length,
        items,
        cursor: page.cursor,
      });
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/special-visit-frequencies',
      operationId: 'getSpecialVisitFrequencies',
      isolation: 'tenant',
      permission: 'special.read',
      hidden: true,
      summary: 'The tenant’s visit frequency table: days between visits by group and risk grade (defaults filled in)',
    },
    async (c) => {
      const table = await service.frequencies.get(claimsOf(c).tenantPath);
      return c.json(frequencyView(table));
    },
  );

  route(
    {
      method: 'PUT',
      path: '/api/special-visit-frequencies',
      operationId: 'setSpecialVisitFrequencies',
      isolation: 'tenant',
      permission: 'special.write',
      hidden: true,
      summary: 'Set the visit frequency table (tenant admin); profiles created or regraded afterwards follow it',
      body: frequencyTableSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      if (!can(claims.roles, 'process.configure')) throw new ForbiddenError();
      const input = await jsonBody(c, frequencyTableSchema);
      await service.frequencies.set(claims.tenantPath, input.table);
      return c.json(frequencyView(input.table));
    },
  );

  return service;
}

/** The table with every group and grade: the tenant's value or the default. */
function frequencyView(table: VisitFrequencyTable) {
  return {
    table: Object.fromEntries(
      specialGroups.map((g) => {
        const { min, max } = riskScales[g];
        const grades = Array.from({ length: max - min + 1 }, (_, i) => String(min + i));
        return [g, Object.fromEntries(grades.map((grade) => [grade, visitDaysFor(g, Number(grade), table)]))];
      }),
    ),
    defaults: defaultVisitDays,
  };
}
