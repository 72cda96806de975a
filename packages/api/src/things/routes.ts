import { pageLimit } from '@civicgrid/db';
import {
  cameraInputSchema,
  cameraUpdateSchema,
  categoryCodeSchema,
  evidenceContentTypes,
  maxEvidenceBytes,
  requiredText,
  thingClasses,
  thingInputSchema,
  thingUpdateSchema,
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
import { caseSummary } from '../routes/cases';
import { presignWithinQuota } from '../usage/evidence';
import { ThingService } from './service';

const thingListQuery = recordListQuery.extend({ categoryCode: categoryCodeSchema.optional() });

/** A camera snapshot is a photo. */
const snapshotSchema = z.object({
  fileName: requiredText('fileName', 200),
  contentType: z.enum(evidenceContentTypes.filter((t) => t.startsWith('image/')) as [string, ...string[]], {
    error: 'contentType must be image/jpeg, image/png or image/webp',
  }),
  size: z
    .int({ error: 'size must be a whole number of bytes' })
    .min(1, { error: 'size must be at least 1 byte' })
    .max(maxEvidenceBytes, { error: 'size must be at most 10 MiB' }),
});

/** 部件 (things) and camera points: registration, lists by grid, the cases that reference each. */
export function registerThingRoutes(route: Route, deps: AppDeps): void {
  const service = new ThingService(deps);

  route(
    {
      method: 'GET',
      path: '/api/thing-classes',
      isolation: 'self',
      permission: 'thing.read',
      summary: 'The 部件 classes (大类 → 小类) a thing’s object code may name',
    },
    (c) => c.json({ items: thingClasses }),
  );

  route(
    {
      method: 'POST',
      path: '/api/things',
      isolation: 'tenant',
      permission: 'thing.write',
      summary: 'Register a 部件 (16-digit object code: county 6 + 大类 2 + 小类 2 + sequence 6)',
      body: thingInputSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, thingInputSchema);
      const thing = await service.createThing(claims.tenantPath, claims.tenantId, input, await staffActor(c, deps));
      return c.json(thing, 201);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/things',
      isolation: 'tenant',
      permission: 'thing.read',
      summary: '部件 by code prefix (`q`), grid or class (`categoryCode`); paged',
      query: thingListQuery,
    },
    async (c) => {
      const q = queryParams(c, thingListQuery);
      const path = await scopedTenantPath(c, deps, q.tenantId);
      return c.json(await service.listThings(path, { ...q, limit: pageLimit(q.limit) }));
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/things/:id',
      isolation: 'tenant',
      permission: 'thing.read',
      summary: 'One 部件 with its history',
    },
    async (c) => {
      const id = param(c, 'id', 'Thing');
      const path = await recordOwner(c, deps, id, 'Thing', 'read');
      const thing = await service.things.require(path, id);
      return c.json({ ...thing, history: await service.things.history(path, id) });
    },
  );

  route(
    {
      method: 'PATCH',
      path: '/api/things/:id',
      isolation: 'tenant',
      permission: 'thing.write',
      summary: 'Change a 部件’s name, owner, maintaining department or status (with `version`)',
      body: thingUpdateSchema,
    },
    async (c) => {
      const id = param(c, 'id', 'Thing');
      const path = await recordOwner(c, deps, id, 'Thing', 'write');
      const input = await jsonBody(c, thingUpdateSchema);
      return c.json(await service.updateThing(path, id, input, await staffActor(c, deps)));
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/things/:id/cases',
      isolation: 'tenant',
      permission: 'case.read',
      summary: 'The cases that reference a 部件 (its case history), newest first; paged',
      query: pageQuery,
    },
    async (c) => {
      const id = param(c, 'id', 'Thing');
      const path = await recordOwner(c, deps, id, 'Thing', 'read');
      await service.things.require(path, id);
      const q = queryParams(c, pageQuery);
      const page = await service.cases(path, { kind: 'thing', id }, await staffActor(c, deps), {
        limit: pageLimit(q.limit),
        cursor: q.cursor,
      });
      return c.json({ items: page.items.map(caseSummary), cursor: page.cursor });
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/cameras',
      isolation: 'tenant',
      permission: 'thing.write',
      summary: 'Register a camera point (20-digit GB/T 28181 device id)',
      body: cameraInputSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, cameraInputSchema);
      const camera = await service.createCamera(claims.tenantPath, claims.tenantId, input, await staffActor(c, deps));
      return c.json(camera, 201);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/cameras',
      isolation: 'tenant',
      permission: 'thing.read',
      summary: 'Camera points by name prefix or device id (`q`) or grid; paged',
      query: recordListQuery,
    },
    async (c) => {
      const q = queryParams(c, recordListQuery);
      const path = await scopedTenantPath(c, deps, q.tenantId);
      return c.json(await service.listCameras(path, { ...q, limit: pageLimit(q.limit) }));
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/cameras/:id',
      isolation: 'tenant',
      permission: 'thing.read',
      summary: 'One camera point with its history',
    },
    async (c) => {
      const id = param(c, 'id', 'Camera');
      const path = await recordOwner(c, deps, id, 'Camera', 'read');
      const camera = await service.cameras.require(path, id);
      return c.json({ ...camera, history: await service.cameras.history(path, id) });
    },
  );

  route(
    {
      method: 'PATCH',
      path: '/api/cameras/:id',
      isolation: 'tenant',
      permission: 'thing.write',
      summary: 'Change a camera point’s name, owner or status (with `version`)',
      body: cameraUpdateSchema,
    },
    async (c) => {
      const id = param(c, 'id', 'Camera');
      const path = await recordOwner(c, deps, id, 'Camera', 'write');
      const input = await jsonBody(c, cameraUpdateSchema);
      return c.json(await service.updateCamera(path, id, input, await staffActor(c, deps)));
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/cameras/:id/cases',
      isolation: 'tenant',
      permission: 'case.read',
      summary: 'The video cases seen on a camera, newest first; paged',
      query: pageQuery,
    },
    async (c) => {
      const id = param(c, 'id', 'Camera');
      const path = await recordOwner(c, deps, id, 'Camera', 'read');
      await service.cameras.require(path, id);
      const q = queryParams(c, pageQuery);
      const page = await service.cases(path, { kind: 'camera', id }, await staffActor(c, deps), {
        limit: pageLimit(q.limit),
        cursor: q.cursor,
      });
      return c.json({ items: page.items.map(caseSummary), cursor: page.cursor });
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/cameras/:id/snapshots',
      isolation: 'tenant',
      permission: 'case.create',
      summary: 'A presigned upload for a camera snapshot (the evidence of a video case)',
      body: snapshotSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const id = param(c, 'id', 'Camera');
      const path = await recordOwner(c, deps, id, 'Camera', 'write');
      await service.cameras.require(path, id);
      const input = await jsonBody(c, snapshotSchema);
      const upload = await presignWithinQuota(deps, claims.tenantPath, input.size, () =>
        deps.files.presignUpload({ tenantPath: path, caseId: '', folder: `cameras/${id}`, ...input }),
      );
      return c.json(upload, 201);
    },
  );
}
