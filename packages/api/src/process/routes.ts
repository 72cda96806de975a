import { pageLimit } from '@civicgrid/db';
import {
  type AnyProcessKind,
  evidenceRequestSchema,
  NotFoundError,
  type ProcessRecord,
  ValidationError,
} from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import { param } from '../http/params';
import type { Route } from '../http/routes';
import { scopedTenantPath } from '../http/scope';
import { jsonBody, parseWith, queryParams } from '../http/validate';
import { staffActor } from '../modules/actor';
import type { ProcessHooks } from '../modules/module';
import { presignWithinQuota } from '../usage/evidence';
import { type Audience, audienceOf, sees, visibleRecord } from './audience';
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
  const { one, many } = kind.operationNouns;
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

  // a kind whose records its module opens (a visit from its profile) has no create route
  if (kind.createRoute !== false) {
    route(
      {
        method: 'POST',
        path: base,
        operationId: `open${one}`,
        isolation: 'tenant',
        permission: kind.permissions.create,
        summary: `Open a ${label.toLowerCase()} (${kind.labelZh}) at its first step, its clock running`,
        body: kind.input,
      },
      async (c) => {
        const claims = claimsOf(c);
        const input = await jsonBody(c, kind.input);
        const actor = await staffActor(c, deps);
        const audience = audienceOf(kind, actor);
        const before = (await hooks?.beforeCreate?.(deps, claims.tenantPath, input)) ?? {};
        const record = await service.create(claims.tenantPath, claims.tenantId, input, actor, before.trail, (r) => {
          // a grid worker opens records in their own grids only
          if (audience && 'gridCodes' in audience && !sees(audience, r)) {
            throw new ValidationError('Not your grid', [
              { path: 'gridCode', message: `must be one of your grids: ${audience.gridCodes.join(', ') || '—'}` },
            ]);
          }
        });
        const linked = await hooks?.afterCreate?.(deps, claims.tenantPath, record as ProcessRecord, actor);
        return c.json(processView(kind, linked ?? (record as ProcessRecord)), 201);
      },
    );
  }

  route(
    {
      method: 'GET',
      path: base,
      operationId: `list${many}`,
      isolation: 'tenant',
      permission: kind.permissions.read,
      hidden,
      summary: `${kind.labelZh}: newest first, by step, grid or ${(kind.filters ?? []).join(' / ') || 'kind'}; \`due=open\` is the worklist by deadline, \`due=overdue\` the late ones`,
      query: listQuery,
    },
    async (c) => {
      const q = queryParams(c, listQuery) as z.infer<typeof listQuery> & Record<string, string | undefined>;
      const path = await scopedTenantPath(c, deps, q.tenantId);
      const audience = audienceOf(kind, await staffActor(c, deps));
      const field = (kind.filters ?? []).find((f) => q[f] !== undefined);
      const now = deps.clock().toISOString();
      const wanted = {
        step: q.step,
        gridCode: q.gridCode,
        open: q.due === 'open',
        dueBefore: q.due === 'overdue' ? now : undefined,
        filter: field ? { field, value: String(q[field]) } : undefined,
      };
      const options = { limit: pageLimit(q.limit), cursor: q.cursor };
      if (!audience) {
        const page = await service.repo.page(path, wanted, options);
        return c.json({ items: page.items.map((r) => processView(kind, r)), cursor: page.cursor });
      }
      // A narrow role's list is its own list — the grid's, or the department's — one Query per page; the other
      // conditions narrow that page (a page may come back short, its cursor goes on), never a read until full.
      const own = audienceList(audience, q.gridCode);
      const page = await service.repo.page(path, own, options);
      const items = page.items.filter((r) => sees(audience, r) && matches(r, wanted, now));
      return c.json({ items: items.map((r) => processView(kind, r)), cursor: page.cursor });
    },
  );

  route(
    {
      method: 'GET',
      path: `${base}/:id`,
      operationId: `get${one}`,
      isolation: 'tenant',
      permission: kind.permissions.read,
      hidden,
      summary: `One ${label.toLowerCase()} with its step, deadline, audit trail and the caller's actions`,
    },
    async (c) => {
      const id = param(c, 'id', label);
      const { path, record } = await visibleRecord(c, deps, service.repo, id, 'read');
      const events = await service.repo.events(path, id);
      return c.json(processDetail(kind, record, events, claimsOf(c).roles));
    },
  );

  route(
    {
      method: 'POST',
      path: `${base}/:id/actions/:action`,
      operationId: `actOn${one}`,
      // wrong role 403, wrong step 409, a broken rule of the kind 422
      errors: [422],
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
      const { path, record, actor } = await visibleRecord(c, deps, service.repo, id, 'write');
      const raw = await jsonBody(c, actionEnvelope);
      const parsed = parseWith(spec.body, raw);
      const body = (await hooks?.beforeAction?.(deps, path, name, parsed)) ?? parsed;
      const next = await service.act(path, id, name, body, actor, raw.version, record);
      const followed = await hooks?.afterAction?.(deps, path, name, next as ProcessRecord, actor);
      return c.json(processView(kind, followed ?? next));
    },
  );

  route(
    {
      method: 'POST',
      path: `${base}/:id/evidence`,
      operationId: `create${one}EvidenceUpload`,
      isolation: 'tenant',
      permission: kind.permissions.read,
      hidden,
      summary: `Presigned upload URL for a document of a ${label.toLowerCase()} (agreement, reply, record; image or PDF)`,
      body: evidenceRequestSchema,
    },
    async (c) => {
      const id = param(c, 'id', label);
      const { path } = await visibleRecord(c, deps, service.repo, id, 'write');
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
      operationId: `get${one}EvidenceUrl`,
      isolation: 'tenant',
      permission: kind.permissions.read,
      hidden,
      summary: `Presigned download URL of a document of a ${label.toLowerCase()} (\`?key=\`)`,
    },
    async (c) => {
      const id = param(c, 'id', label);
      const { path } = await visibleRecord(c, deps, service.repo, id, 'read');
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

/** The list a narrow role reads: the named grid (one of theirs), their only grid, their department's or own. */
function audienceList(audience: NonNullable<Audience>, gridCode: string | undefined) {
  if ('field' in audience) return { filter: { field: audience.field, value: audience.value || '-' } };
  const grids = audience.gridCodes;
  if (gridCode !== undefined && !grids.includes(gridCode)) {
    throw new ValidationError('Not your grid', [{ path: 'gridCode', message: 'must be one of your grids' }]);
  }
  const grid = gridCode ?? (grids.length <= 1 ? (grids[0] ?? '-') : undefined);
  if (grid === undefined) {
    throw new ValidationError('Name the grid', [
      { path: 'gridCode', message: `required: one of your grids (${grids.join(', ')})` },
    ]);
  }
  return { gridCode: grid };
}

/** Whether a record of the page meets the list's other conditions (step, grid, due, filter). */
function matches(
  r: ProcessRecord<unknown>,
  q: { step?: string; gridCode?: string; open: boolean; dueBefore?: string; filter?: { field: string; value: string } },
  now: string,
): boolean {
  if (q.step !== undefined && r.step !== q.step) return false;
  if (q.gridCode !== undefined && r.gridCode !== q.gridCode) return false;
  if ((q.open || q.dueBefore) && r.finishedAt !== undefined) return false;
  if (q.dueBefore && !(r.clock && r.clock.deadline < now)) return false;
  if (q.filter && (r.data as Record<string, unknown>)[q.filter.field] !== q.filter.value) return false;
  return true;
}
