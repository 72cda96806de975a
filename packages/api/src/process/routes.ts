import { pageLimit } from '@civicgrid/db';
import { type AnyProcessKind, evidenceRequestSchema, NotFoundError, ValidationError } from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import { param } from '../http/params';
import type { Route } from '../http/routes';
import { scopedTenantPath } from '../http/scope';
import { jsonBody, parseWith, queryParams } from '../http/validate';
import { staffActor } from '../modules/actor';
import type { ProcessHooks } from '../modules/module';
import { recordOwner } from '../modules/scope';
import { presignWithinQuota } from '../usage/evidence';
import { ProcessService } from './service';
import { processDetail, processView } from './views';

const actionEnvelope = z.looseObject({
  version: z
    .int({ error: 'version is a whole number' })
    .nonnegative({ error: 'version must not be negative' })
    .optional(),
});

/**
 * The routes every process kind gets, written once: create, list (by step, grid, the kind's filters, open by
 * deadline, overdue), read with the trail, act, evidence. `/api/<kind.path>`.
 */
export function registerProcessRoutes(
  route: Route,
  deps: AppDeps,
  kind: AnyProcessKind,
  hooks?: ProcessHooks,
): ProcessService {
  const service = new ProcessService(deps, kind);
  const base = `/api/${kind.path}`;
  const label = kind.label;
  const hidden = kind.hidden === true;
  const filterFields = Object.fromEntries((kind.filters ?? []).map((f) => [f, z.string().max(50).optional()]));
  const listQuery = z.object({
    step: z
      .enum(Object.keys(kind.steps) as [string, ...string[]], {
        error: `step is one of ${Object.keys(kind.steps).join(', ')}`,
      })
      .optional(),
    gridCode: z
      .string()
      .regex(/^\d{15}$/, { error: 'gridCode has 15 digits' })
      .optional(),
    due: z.enum(['open', 'overdue'], { error: 'due is open or overdue' }).optional(),
    cursor: z.string().max(2000).optional(),
    limit: z.string().optional(),
    tenantId: z.string().max(40).optional(),
    ...filterFields,
  });

  if (kind.createRoute !== false)
    route(
      {
        method: 'POST',
        path: base,
        isolation: 'tenant',
        permission: kind.permissions.create,
        summary: `Open a ${label.toLowerCase()} (${kind.labelZh}) at its first step, its clock running`,
        body: kind.input,
      },
      async (c) => {
        const claims = claimsOf(c);
        const input = await jsonBody(c, kind.input);
        const before = (await hooks?.beforeCreate?.(deps, claims.tenantPath, input)) ?? {};
        const actor = await staffActor(c, deps);
        const record = await service.create(claims.tenantPath, claims.tenantId, input, actor, before.trail);
        return c.json(processView(kind, record), 201);
      },
    );

  route(
    {
      method: 'GET',
      path: base,
      isolation: 'tenant',
      permission: kind.permissions.read,
      hidden,
      summary: `${kind.labelZh}: newest first, by step, grid or ${(kind.filters ?? []).join(' / ') || 'kind'}; \`due=open\` is the worklist by deadline, \`due=overdue\` the late ones`,
      query: listQuery,
    },
    async (c) => {
      const q = queryParams(c, listQuery) as z.infer<typeof listQuery> & Record<string, string | undefined>;
      const path = await scopedTenantPath(c, deps, q.tenantId);
      const field = (kind.filters ?? []).find((f) => q[f] !== undefined);
      const page = await service.repo.page(
        path,
        {
          step: q.step,
          gridCode: q.gridCode,
          open: q.due === 'open',
          dueBefore: q.due === 'overdue' ? deps.clock().toISOString() : undefined,
          filter: field ? { field, value: String(q[field]) } : undefined,
        },
        { limit: pageLimit(q.limit), cursor: q.cursor },
      );
      const visible = hooks?.visible;
      const actor = visible ? await staffActor(c, deps) : undefined;
      const items = actor && visible ? page.items.filter((r) => visible(actor, r)) : page.items;
      return c.json({ items: items.map((r) => processView(kind, r)), cursor: page.cursor });
    },
  );

  route(
    {
      method: 'GET',
      path: `${base}/:id`,
      isolation: 'tenant',
      permission: kind.permissions.read,
      hidden,
      summary: `One ${label.toLowerCase()} with its step, deadline, audit trail and the caller's actions`,
    },
    async (c) => {
      const id = param(c, 'id', label);
      const path = await recordOwner(c, deps, id, label, 'read');
      const record = await service.repo.require(path, id);
      if (hooks?.visible && !hooks.visible(await staffActor(c, deps), record)) throw new NotFoundError(label);
      const events = await service.repo.events(path, id);
      return c.json(processDetail(kind, record, events, claimsOf(c).roles));
    },
  );

  route(
    {
      method: 'POST',
      path: `${base}/:id/actions/:action`,
      isolation: 'tenant',
      permission: kind.permissions.read,
      hidden,
      summary: `Act on a ${label.toLowerCase()}: ${Object.keys(kind.actions).join(' | ')} (optional \`version\`; wrong role 403, wrong step 409, broken rule 422)`,
    },
    async (c) => {
      const id = param(c, 'id', label);
      const name = c.req.param('action') ?? '';
      const spec = Object.hasOwn(kind.actions, name) ? kind.actions[name] : undefined;
      if (!spec) throw new NotFoundError('Action');
      const path = await recordOwner(c, deps, id, label, 'write');
      const raw = await jsonBody(c, actionEnvelope);
      const body = parseWith(spec.body, raw);
      const actor = await staffActor(c, deps);
      if (hooks?.visible && !hooks.visible(actor, await service.repo.require(path, id))) {
        throw new NotFoundError(label);
      }
      await hooks?.beforeAction?.(deps, path, name, body);
      const next = await service.act(path, id, name, body, actor, raw.version);
      await hooks?.afterAction?.(deps, path, name, next, actor);
      return c.json(processView(kind, next));
    },
  );

  route(
    {
      method: 'POST',
      path: `${base}/:id/evidence`,
      isolation: 'tenant',
      permission: kind.permissions.read,
      hidden,
      summary: `Presigned upload URL for a document of a ${label.toLowerCase()} (agreement, reply, record; image or PDF)`,
      body: evidenceRequestSchema,
    },
    async (c) => {
      const id = param(c, 'id', label);
      const path = await recordOwner(c, deps, id, label, 'write');
      const record = await service.repo.require(path, id);
      if (hooks?.visible && !hooks.visible(await staffActor(c, deps), record)) throw new NotFoundError(label);
      const input = await jsonBody(c, evidenceRequestSchema);
      const upload = await presignWithinQuota(deps, path, input.size, () =>
        deps.files.presignUpload({ tenantPath: path, caseId: id, folder: `${kind.path}/${id}`, ...input }),
      );
      return c.json(upload, 201);
    },
  );

  route(
    {
      method: 'GET',
      path: `${base}/:id/evidence`,
      isolation: 'tenant',
      permission: kind.permissions.read,
      hidden,
      summary: `Presigned download URL of a document of a ${label.toLowerCase()} (\`?key=\`)`,
    },
    async (c) => {
      const id = param(c, 'id', label);
      const path = await recordOwner(c, deps, id, label, 'read');
      const record = await service.repo.require(path, id);
      if (hooks?.visible && !hooks.visible(await staffActor(c, deps), record)) throw new NotFoundError(label);
      const key = c.req.query('key') ?? '';
      if (!key.startsWith(`${path}${kind.path}/${id}/`)) {
        throw new ValidationError(`Not a document of this ${label.toLowerCase()}`, [
          { path: 'key', message: 'unknown key' },
        ]);
      }
      return c.json(await deps.files.presignDownload(path, key));
    },
  );

  return service;
}
