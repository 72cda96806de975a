import { type CaseLinkKind, pageLimit, type RecordBase, type RecordRepository } from '@civicgrid/db';
import {
  type Action,
  cameraInputSchema,
  cameraUpdateSchema,
  categoryCodeSchema,
  evidenceContentTypes,
  maxEvidenceBytes,
  requiredText,
  type TenantPath,
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
import { type StaffActor, staffActor } from '../modules/actor';
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

/** One kind of placed record (部件, camera) and what its five routes need. */
interface PlacedKind<T extends RecordBase, I, U extends { version: number }, Q extends z.ZodType> {
  /** `/api/things` */
  base: string;
  /** `Thing` (in 404s) */
  label: string;
  link: CaseLinkKind;
  repo: RecordRepository<T>;
  input: z.ZodType<I>;
  change: z.ZodType<U>;
  query: Q;
  create(path: TenantPath, tenantId: string, input: I, actor: StaffActor): Promise<T>;
  list(path: TenantPath, query: z.infer<Q> & { limit: number }): Promise<{ items: T[]; cursor?: string }>;
  update(path: TenantPath, id: string, changes: U, actor: StaffActor): Promise<T>;
  summaries: { create: string; list: string; one: string; change: string; cases: string };
  /** the five routes' OpenAPI operationIds */
  operationIds: { create: string; list: string; one: string; change: string; cases: string };
}

/** Register, list, read, change and the cases of one kind of placed record: the same five routes for each kind. */
function registerPlaced<T extends RecordBase, I, U extends { version: number }, Q extends z.ZodType>(
  route: Route,
  deps: AppDeps,
  service: ThingService,
  kind: PlacedKind<T, I, U, Q>,
  permissions: { read: Action; write: Action },
): void {
  const { base, label } = kind;
  route(
    {
      method: 'POST',
      path: base,
      isolation: 'tenant',
      permission: permissions.write,
      operationId: kind.operationIds.create,
      summary: kind.summaries.create,
      body: kind.input,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, kind.input);
      return c.json(await kind.create(claims.tenantPath, claims.tenantId, input, await staffActor(c, deps)), 201);
    },
  );

  route(
    {
      method: 'GET',
      path: base,
      isolation: 'tenant',
      permission: permissions.read,
      operationId: kind.operationIds.list,
      summary: kind.summaries.list,
      query: kind.query,
    },
    async (c) => {
      const q = queryParams(c, kind.query) as z.infer<Q> & { tenantId?: string; limit?: string };
      const path = await scopedTenantPath(c, deps, q.tenantId);
      return c.json(await kind.list(path, { ...q, limit: pageLimit(q.limit) }));
    },
  );

  route(
    {
      method: 'GET',
      path: `${base}/:id`,
      isolation: 'tenant',
      permission: permissions.read,
      operationId: kind.operationIds.one,
      summary: kind.summaries.one,
    },
    async (c) => {
      const id = param(c, 'id', label);
      const path = await recordOwner(c, deps, id, label, 'read');
      const record = await kind.repo.require(path, id);
      return c.json({ ...record, history: await kind.repo.history(path, id) });
    },
  );

  route(
    {
      method: 'PATCH',
      path: `${base}/:id`,
      isolation: 'tenant',
      permission: permissions.write,
      operationId: kind.operationIds.change,
      summary: kind.summaries.change,
      body: kind.change,
    },
    async (c) => {
      const id = param(c, 'id', label);
      const path = await recordOwner(c, deps, id, label, 'write');
      const input = await jsonBody(c, kind.change);
      return c.json(await kind.update(path, id, input, await staffActor(c, deps)));
    },
  );

  route(
    {
      method: 'GET',
      path: `${base}/:id/cases`,
      isolation: 'tenant',
      permission: 'case.read',
      operationId: kind.operationIds.cases,
      summary: kind.summaries.cases,
      query: pageQuery,
    },
    async (c) => {
      const id = param(c, 'id', label);
      const path = await recordOwner(c, deps, id, label, 'read');
      await kind.repo.require(path, id);
      const q = queryParams(c, pageQuery);
      const page = await service.cases(path, { kind: kind.link, id }, await staffActor(c, deps), {
        limit: pageLimit(q.limit),
        cursor: q.cursor,
      });
      return c.json({ items: page.items.map(caseSummary), cursor: page.cursor });
    },
  );
}

/** 部件 (things) and camera points: registration, lists by grid, the cases that reference each. */
export function registerThingRoutes(route: Route, deps: AppDeps): void {
  const service = new ThingService(deps);
  const permissions = { read: 'thing.read', write: 'thing.write' } as const;

  route(
    {
      method: 'GET',
      path: '/api/thing-classes',
      operationId: 'listThingClasses',
      isolation: 'self',
      permission: 'thing.read',
      summary: 'The 部件 classes (大类 → 小类) a thing’s object code may name',
    },
    (c) => c.json({ items: thingClasses }),
  );

  registerPlaced(
    route,
    deps,
    service,
    {
      base: '/api/things',
      operationIds: {
        create: 'createThing',
        list: 'listThings',
        one: 'getThing',
        change: 'updateThing',
        cases: 'listThingCases',
      },
      label: 'Thing',
      link: 'thing',
      repo: service.things,
      input: thingInputSchema,
      change: thingUpdateSchema,
      query: thingListQuery,
      create: (path, tenantId, input, actor) => service.createThing(path, tenantId, input, actor),
      list: (path, q) => service.listThings(path, q),
      update: (path, id, changes, actor) => service.updateThing(path, id, changes, actor),
      summaries: {
        create: 'Register a 部件 (16-digit object code: county 6 + 大类 2 + 小类 2 + sequence 6)',
        list: '部件 by code prefix (`q`), grid or class (`categoryCode`); paged',
        one: 'One 部件 with its history',
        change: 'Change a 部件’s name, owner, maintaining department or status (with `version`)',
        cases: 'The cases that reference a 部件 (its case history), newest first; paged',
      },
    },
    permissions,
  );

  registerPlaced(
    route,
    deps,
    service,
    {
      base: '/api/cameras',
      operationIds: {
        create: 'createCamera',
        list: 'listCameras',
        one: 'getCamera',
        change: 'updateCamera',
        cases: 'listCameraCases',
      },
      label: 'Camera',
      link: 'camera',
      repo: service.cameras,
      input: cameraInputSchema,
      change: cameraUpdateSchema,
      query: recordListQuery,
      create: (path, tenantId, input, actor) => service.createCamera(path, tenantId, input, actor),
      list: (path, q) => service.listCameras(path, q),
      update: (path, id, changes, actor) => service.updateCamera(path, id, changes, actor),
      summaries: {
        create: 'Register a camera point (20-digit GB/T 28181 device id)',
        list: 'Camera points by name prefix or device id (`q`) or grid; paged',
        one: 'One camera point with its history',
        change: 'Change a camera point’s name, owner or status (with `version`)',
        cases: 'The video cases seen on a camera, newest first; paged',
      },
    },
    permissions,
  );

  route(
    {
      method: 'POST',
      path: '/api/cameras/:id/snapshots',
      operationId: 'createCameraSnapshotUpload',
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
