import { randomUUID } from 'node:crypto';
import { pageLimit } from '@civicgrid/db';
import {
  entityIdSchema,
  evidenceContentTypes,
  fieldTaskKind,
  maxEvidenceBytes,
  NotFoundError,
  noWorkerFor,
  patrolDurationSeconds,
  patrolEndSchema,
  patrolPointsSchema,
  patrolStartSchema,
  proposalDecisionSchema,
  requiredText,
  subjectsByGrid,
  taskSpreadSchema,
  ValidationError,
  visitInputSchema,
} from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import { idempotencyKeyOf } from '../http/idempotency';
import { param } from '../http/params';
import type { Route } from '../http/routes';
import { jsonBody, queryParams } from '../http/validate';
import { gridScoped, staffActor } from '../modules/actor';
import { recordOwner } from '../modules/scope';
import { ProcessService } from '../process/service';
import { processView } from '../process/views';
import { gridsOf } from '../routes/config';
import { presignWithinQuota } from '../usage/evidence';
import { FieldService } from './service';

const page = { cursor: z.string().max(2000).optional(), limit: z.string().optional() };
const patrolListQuery = z.object({ userId: entityIdSchema.optional(), ...page });
const visitListQuery = z.object({
  userId: entityIdSchema.optional(),
  targetId: entityIdSchema.optional(),
  taskId: entityIdSchema.optional(),
  gridCode: z
    .string()
    .regex(/^\d{15}$/, { error: 'gridCode has 15 digits' })
    .optional(),
  ...page,
});
const proposalListQuery = z.object({
  status: z.enum(['pending', 'accepted', 'rejected'], { error: 'status is pending, accepted or rejected' }).optional(),
  targetId: entityIdSchema.optional(),
  ...page,
});
const photoUploadSchema = z.object({
  fileName: requiredText('fileName', 200),
  contentType: z.enum(evidenceContentTypes.filter((t) => t.startsWith('image/')) as [string, ...string[]], {
    error: 'contentType must be image/jpeg, image/png or image/webp',
  }),
  size: z
    .int({ error: 'size must be a whole number of bytes' })
    .min(1, { error: 'size must be at least 1 byte' })
    .max(maxEvidenceBytes, { error: 'size must be at most 10 MiB' }),
});

/** Field work: patrols with their trace and time per grid, visits (走访), the review queue, spreading tasks. */
export function registerFieldRoutes(route: Route, deps: AppDeps): void {
  const service = new FieldService(deps);
  const tasks = new ProcessService(deps, fieldTaskKind);

  route(
    {
      method: 'POST',
      path: '/api/field-uploads',
      operationId: 'createFieldPhotoUpload',
      isolation: 'tenant',
      permission: 'visit.write',
      summary: 'Presigned upload URL for a field photo (a new case’s or a visit’s `photos`)',
      body: photoUploadSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, photoUploadSchema);
      const folderId = randomUUID();
      const upload = await presignWithinQuota(deps, claims.tenantPath, input.size, () =>
        deps.files.presignUpload({
          tenantPath: claims.tenantPath,
          caseId: folderId,
          folder: `field/${folderId}`,
          ...input,
        }),
      );
      return c.json(upload, 201);
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/patrols',
      operationId: 'startPatrol',
      isolation: 'tenant',
      permission: 'patrol.write',
      summary: 'Start a patrol (巡查); one open patrol per worker (409 `patrol_open`)',
      body: patrolStartSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, patrolStartSchema);
      const patrol = await service.startPatrol(
        claims.tenantPath,
        claims.tenantId,
        await staffActor(c, deps),
        input.location,
      );
      return c.json(patrol, 201);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/patrols',
      operationId: 'listPatrols',
      isolation: 'tenant',
      permission: 'patrol.read',
      summary: 'Patrols, newest first: the tenant’s, or one worker’s (`userId`; a grid worker sees their own)',
      query: patrolListQuery,
    },
    async (c) => {
      const claims = claimsOf(c);
      const q = queryParams(c, patrolListQuery);
      const actor = await staffActor(c, deps);
      const userId = gridScoped(actor) ? actor.userId : q.userId;
      const list = userId ? { index: 'user', value: userId } : { index: 'all', value: 'all' };
      const result = await service.patrols.page(claims.tenantPath, list, {
        limit: pageLimit(q.limit),
        cursor: q.cursor,
        newestFirst: true,
      });
      return c.json({
        items: result.items.map((p) => ({ ...p, durationSeconds: patrolDurationSeconds(p) })),
        cursor: result.cursor,
      });
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/patrols/:id',
      operationId: 'getPatrol',
      isolation: 'tenant',
      permission: 'patrol.read',
      summary: 'One patrol: the grids crossed and the time in each, its trace, the cases and visits made on it',
    },
    async (c) => {
      const id = param(c, 'id', 'Patrol');
      const path = await recordOwner(c, deps, id, 'Patrol', 'read');
      const patrol = await service.patrolOf(path, id, await staffActor(c, deps));
      const [trace, grids] = await Promise.all([service.trace(path, id), gridsOf(deps).list(path)]);
      const names = new Map(grids.map((g) => [g.code, g.name]));
      const gridTimes = Object.entries(patrol.gridSeconds)
        .map(([code, seconds]) => ({
          gridCode: code,
          name: names.get(code) ?? (code === 'outside' ? '网格外' : code),
          seconds,
        }))
        .sort((a, b) => b.seconds - a.seconds || a.gridCode.localeCompare(b.gridCode));
      return c.json({ ...patrol, durationSeconds: patrolDurationSeconds(patrol), grids: gridTimes, trace });
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/patrols/:id/points',
      operationId: 'addPatrolPoints',
      isolation: 'tenant',
      permission: 'patrol.write',
      summary: 'Post one numbered batch of the GPS trace (`seq`; the same batch twice is applied once)',
      body: patrolPointsSchema,
    },
    async (c) => {
      const id = param(c, 'id', 'Patrol');
      const path = await recordOwner(c, deps, id, 'Patrol', 'write');
      const input = await jsonBody(c, patrolPointsSchema);
      const { patrol, duplicate, ignored } = await service.addPoints(path, id, input, await staffActor(c, deps));
      return c.json({ ...patrol, duplicate, ignored }, duplicate ? 200 : 201);
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/patrols/:id/end',
      operationId: 'endPatrol',
      isolation: 'tenant',
      permission: 'patrol.write',
      summary: 'End a patrol (巡查时长 counts for the worker); ending it again answers it as it is',
      body: patrolEndSchema,
    },
    async (c) => {
      const id = param(c, 'id', 'Patrol');
      const path = await recordOwner(c, deps, id, 'Patrol', 'write');
      const input = await jsonBody(c, patrolEndSchema);
      const patrol = await service.endPatrol(path, id, await staffActor(c, deps), input.note);
      return c.json({ ...patrol, durationSeconds: patrolDurationSeconds(patrol) });
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/visits',
      operationId: 'recordVisit',
      isolation: 'tenant',
      permission: 'visit.write',
      summary:
        'Record a visit (走访) to a household, person or organisation; `proposals` go to the review queue; `Idempotency-Key` makes a retry answer the first visit',
      body: visitInputSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const key = idempotencyKeyOf(c);
      const input = await jsonBody(c, visitInputSchema);
      const { visit, created } = await service.createVisit(
        claims.tenantPath,
        claims.tenantId,
        input,
        await staffActor(c, deps),
        key,
      );
      return c.json(visit, created ? 201 : 200);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/visits',
      operationId: 'listVisits',
      isolation: 'tenant',
      permission: 'visit.read',
      summary: 'Visits, newest first: by worker, target record, task or grid (a grid worker sees their own)',
      query: visitListQuery,
    },
    async (c) => {
      const claims = claimsOf(c);
      const q = queryParams(c, visitListQuery);
      const actor = await staffActor(c, deps);
      const mine = gridScoped(actor);
      const list = q.targetId
        ? { index: 'target', value: q.targetId }
        : q.taskId
          ? { index: 'task', value: q.taskId }
          : q.gridCode
            ? { index: 'grid', value: q.gridCode }
            : mine || q.userId
              ? { index: 'user', value: mine ? actor.userId : (q.userId as string) }
              : { index: 'all', value: 'all' };
      const result = await service.visits.page(claims.tenantPath, list, {
        limit: pageLimit(q.limit),
        cursor: q.cursor,
        newestFirst: true,
      });
      const items = mine ? result.items.filter((v) => v.userId === actor.userId) : result.items;
      return c.json({ items, cursor: result.cursor });
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/visits/:id',
      operationId: 'getVisit',
      isolation: 'tenant',
      permission: 'visit.read',
      summary: 'One visit with its proposals',
    },
    async (c) => {
      const id = param(c, 'id', 'Visit');
      const path = await recordOwner(c, deps, id, 'Visit', 'read');
      const visit = await service.visits.require(path, id);
      const actor = await staffActor(c, deps);
      if (gridScoped(actor) && visit.userId !== actor.userId) throw new NotFoundError('Visit');
      const proposals = await Promise.all(visit.proposalIds.map((p) => service.proposals.get(path, p)));
      return c.json({ ...visit, proposals: proposals.filter((p) => p !== undefined) });
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/field-proposals',
      operationId: 'listFieldProposals',
      isolation: 'tenant',
      permission: 'proposal.review',
      summary: 'The review queue: base-data changes proposed on visits, oldest first (`status`, default pending)',
      query: proposalListQuery,
    },
    async (c) => {
      const claims = claimsOf(c);
      const q = queryParams(c, proposalListQuery);
      const list = q.targetId
        ? { index: 'target', value: q.targetId }
        : { index: 'status', value: q.status ?? 'pending' };
      return c.json(
        await service.proposals.page(claims.tenantPath, list, { limit: pageLimit(q.limit), cursor: q.cursor }),
      );
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/field-proposals/:id/decide',
      operationId: 'decideFieldProposal',
      isolation: 'tenant',
      permission: 'proposal.review',
      summary: 'Accept or reject a proposed base-data change (with `version`)',
      body: proposalDecisionSchema,
    },
    async (c) => {
      const id = param(c, 'id', 'Proposal');
      const path = await recordOwner(c, deps, id, 'Proposal', 'write');
      const body = await jsonBody(c, proposalDecisionSchema);
      return c.json(await service.decide(path, id, body, await staffActor(c, deps)));
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/tasks/spread',
      operationId: 'spreadTasks',
      isolation: 'tenant',
      permission: 'task.assign',
      summary: 'Spread subjects over the grid workers of their grids: one task each, due at `dueAt`',
      body: taskSpreadSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, taskSpreadSchema);
      const byGrid = subjectsByGrid(input.subjects);
      const grids = new Set((await gridsOf(deps).list(claims.tenantPath)).map((g) => g.code));
      for (const [i, s] of input.subjects.entries()) {
        if (!grids.has(s.gridCode)) {
          throw new ValidationError('Unknown grid', [
            { path: `subjects.${i}.gridCode`, message: 'must name a grid of this tenant' },
          ]);
        }
      }
      const workers = await service.workersOf(claims.tenantPath, [...byGrid.keys()]);
      for (const code of byGrid.keys()) if (!workers.has(code)) throw noWorkerFor(code);
      // one task per worker (a worker holding two grids gets one task with both grids' subjects)
      const perWorker = new Map<string, typeof input.subjects>();
      for (const [code, subjects] of byGrid) {
        const worker = workers.get(code) as string;
        perWorker.set(worker, [...(perWorker.get(worker) ?? []), ...subjects]);
      }
      const actor = await staffActor(c, deps);
      const created = [];
      for (const [assigneeId, subjects] of perWorker) {
        const gridCode = subjects[0]?.gridCode;
        const record = await tasks.create(
          claims.tenantPath,
          claims.tenantId,
          { ...input, assigneeId, subjects, ...(gridCode ? { gridCode } : {}) },
          actor,
        );
        created.push(processView(fieldTaskKind, record));
      }
      return c.json({ items: created }, 201);
    },
  );
}
