import { newId, pageLimit, type StoredCase, UserRepository } from '@civicgrid/db';
import {
  type ActionName,
  actionBodySchemas,
  availableActions,
  type CaseActor,
  type CaseState,
  caseSteps,
  createCaseSchema,
  evidenceRequestSchema,
  ForbiddenError,
  instantSchema,
  isActionName,
  isAssisting,
  isCalendarDate,
  isWithin,
  maskPhone,
  NotFoundError,
  pathFromTenantId,
  type TenantPath,
  tenantIdFromPath,
  ValidationError,
} from '@civicgrid/domain';
import type { Context } from 'hono';
import * as z from 'zod';
import type { Claims } from '../auth/tokens';
import { CaseService, holderOf } from '../cases/case-service';
import { canonicalTrackingCode } from '../cases/citizen-channel';
import type { AppDeps } from '../deps';
import { FieldService } from '../fieldwork/service';
import { type AppEnv, claimsOf } from '../http/context';
import { idempotencyKeyOf } from '../http/idempotency';
import { param } from '../http/params';
import { caseDetailSchema, caseItemSchema, casePageSchema } from '../http/response-schemas';
import type { Route } from '../http/routes';
import { requireVisibleBelow, scopedTenantPath } from '../http/scope';
import { jsonBody, parseWith, queryParams } from '../http/validate';
import { staffActor } from '../modules/actor';
import { ThingService } from '../things/service';
import { presignWithinQuota } from '../usage/evidence';
import { registerCaseToolRoutes } from './case-tools';
import { defaultDepartment } from './routing';

/** The reporter as the caller may see them: staff in full, an integration key only a masked phone (PIPL). */
function reporterFor(claims: Claims, reporter: StoredCase['private']['reporter']) {
  if (!claims.integration || !reporter) return reporter;
  return reporter.phone ? { phone: maskPhone(reporter.phone) } : {};
}

export const listQuery = z.object({
  step: z
    .enum(caseSteps, {
      error: 'unknown step',
    })
    .optional(),
  gridCode: z
    .string()
    .regex(/^\d{15}$/, { error: 'gridCode has 15 digits' })
    .optional(),
  categoryCode: z.string().max(32).optional(),
  departmentId: z.string().max(64).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  dueFrom: z.string().refine(isCalendarDate, { error: 'dueFrom must be a date YYYY-MM-DD' }).optional(),
  dueTo: z.string().refine(isCalendarDate, { error: 'dueTo must be a date YYYY-MM-DD' }).optional(),
  cursor: z.string().max(2000).optional(),
  trackingCode: z.string().max(20).optional(),
  limit: z.string().optional(),
  tenantId: z.string().max(40).optional(),
  /** `subtree`: the cases of the caller's tenant and every tenant below it (each item names its tenant) */
  scope: z.enum(['own', 'subtree'], { error: 'scope must be own or subtree' }).optional(),
  /** search: tracking code, case number or reporter phone (exact), else free text (the description's terms) */
  q: z.string().min(1).max(40).optional(),
  /** `true`: the cases a department assists (协办) — the caller's own department, or `departmentId` for the centre */
  assisting: z.enum(['true'], { error: 'assisting must be true' }).optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  supervised: z.enum(['true', 'false']).optional(),
  sort: z.enum(['created', 'deadline'], { error: 'sort must be created or deadline' }).optional(),
});

/** True when a list asks for something only the maintained list index serves. */
function needsIndex(q: z.infer<typeof listQuery>): boolean {
  return (
    q.scope === 'subtree' ||
    q.supervised !== undefined ||
    q.overdue !== undefined ||
    q.q !== undefined ||
    q.from !== undefined ||
    q.to !== undefined ||
    q.sort === 'deadline' ||
    q.assisting !== undefined
  );
}

/** Every action's body (each is one of these, plus the optional `version`), for the OpenAPI document. */
const actionBodyDocSchema = z.union(
  Object.values(actionBodySchemas).map((schema) =>
    schema.extend({ version: z.number().int().positive().optional() }),
  ) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]],
);

const versionSchema = z.object({
  version: z.number().int().positive({ error: 'version must be a positive integer' }).optional(),
});

/** The staff side of the incident loop: report, list, read, act, evidence. */
export function registerCaseRoutes(route: Route, deps: AppDeps): void {
  const service = new CaseService(deps);
  const users = new UserRepository(deps.store);

  /** The acting staff member, with department and grids from the stored account (not from the token). */
  async function actorOf(c: Context<AppEnv>): Promise<CaseActor> {
    const claims = claimsOf(c);
    const user = await users.get(claims.tenantPath, claims.userId);
    return {
      userId: claims.userId,
      name: user?.name,
      roles: claims.roles,
      departmentId: user?.departmentId,
      gridCodes: user?.gridCodes,
    };
  }

  /** Resolve a case id to its owner path (the caller's tenant or an approved tenant below it) and load it. */
  async function locate(
    c: Context<AppEnv>,
    id: string,
  ): Promise<{ path: ReturnType<typeof claimsOf>['tenantPath']; stored: StoredCase }> {
    const own = claimsOf(c).tenantPath;
    const path = caseOwner(id);
    if (path && path !== own && isWithin(own, path)) {
      // a case a street moved down (下派) to this community: visible to the community that holds it
      const held = await service.cases.get(path, id);
      if (held && held.state.holderPath === own) return { path, stored: held };
      throw new NotFoundError('Case');
    }
    if (!path || !isWithin(path, own)) throw new NotFoundError('Case');
    if (path !== own) await requireVisibleBelow(deps, path, own).catch(() => Promise.reject(new NotFoundError('Case')));
    const stored = await service.cases.get(path, id);
    if (!stored) throw new NotFoundError('Case');
    return { path, stored };
  }

  /** One page of the case list for these filters (each filter served by its index; see case-list-index.ts). */
  async function listPage(
    c: Context<AppEnv>,
    q: z.infer<typeof listQuery>,
  ): Promise<{ items: CaseState[]; cursor?: string }> {
    const path = await scopedTenantPath(c, deps, q.tenantId);
    const claims = claimsOf(c);
    // a department user sees its own department's cases only
    const departmentId = isDepartmentOnly(claims) ? ((await actorOf(c)).departmentId ?? '-') : q.departmentId;
    if (needsIndex(q)) {
      const assisting = q.assisting === undefined ? undefined : departmentId;
      if (q.assisting !== undefined && !assisting) {
        throw new ValidationError('Whose 协办 cases?', [
          { path: 'departmentId', message: 'assisting=true lists one department: name it with departmentId' },
        ]);
      }
      if (isDepartmentOnly(claims) && assisting === undefined) {
        throw new ForbiddenError('A department lists its own cases only (no scope, search or flags)', 'forbidden');
      }
      // the lead department is a view of the index too (the centre's filter); a department's own list is its queue
      const legacy = (['step', 'gridCode', 'trackingCode'] as const).filter((k) => q[k] !== undefined);
      if (legacy.length > 0) {
        throw new ValidationError(
          `The filter combination ${['scope/flags', ...legacy].join(' + ')} cannot be served from an index`,
          [
            {
              path: legacy[0] ?? 'query',
              code: 'unsupported_filter_combination',
              params: { filters: ['scope/flags', ...legacy].join(' + ') },
              message: `${legacy.join(', ')} cannot be combined with scope=subtree, q, from/to, supervised or sort=deadline`,
            },
          ],
          'unsupported_filter_combination',
        );
      }
      const page = await service.cases.listByIndex(
        path,
        {
          scope: q.scope === 'subtree' ? 'subtree' : 'self',
          categoryCode: q.categoryCode,
          departmentId: assisting === undefined ? q.departmentId : undefined,
          supervised: q.supervised === undefined ? undefined : q.supervised === 'true',
          overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
          q: q.q,
          assistingDepartmentId: assisting,
          // the index orders by the stored UTC instant: compare like with like
          from: q.from === undefined ? undefined : new Date(q.from).toISOString(),
          to: q.to === undefined ? undefined : new Date(q.to).toISOString(),
          sort: q.sort,
          limit: pageLimit(q.limit),
          cursor: q.cursor,
        },
        deps.clock(),
      );
      return { items: page.items.map((i) => i.state), cursor: page.cursor };
    }
    if (q.trackingCode) {
      // answering a citizen's call: the code names at most one case
      const code = canonicalTrackingCode(q.trackingCode);
      const found = code ? await service.cases.getByTrackingCode(path, code) : undefined;
      const visible = found && (!isDepartmentOnly(claims) || found.state.departmentId === departmentId);
      return { items: visible ? [found.state] : [] };
    }
    const page = await service.cases.list(path, {
      step: q.step,
      gridCode: q.gridCode,
      categoryCode: q.categoryCode,
      departmentId,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
      ...(q.dueFrom || q.dueTo ? { due: dueWindow(q.dueFrom, q.dueTo) } : {}),
      cursor: q.cursor,
      limit: pageLimit(q.limit),
    });
    return page;
  }

  /** Act on a case the caller's tenant holds (its own, or one moved to it by 上报 / 下派); others are a 404. */
  async function actOn(
    c: Context<AppEnv>,
    id: string,
    action: ActionName,
    body: Record<string, unknown>,
    version?: number,
  ): Promise<CaseState> {
    const claims = claimsOf(c);
    const path = caseOwner(id);
    if (!path) throw new NotFoundError('Case');
    const actor = await actorOf(c);
    const stored =
      isWithin(path, claims.tenantPath) || isWithin(claims.tenantPath, path)
        ? await service.cases.get(path, id)
        : undefined;
    if (!stored || holderOf(path, stored.state) !== claims.tenantPath) throw new NotFoundError('Case');
    if (isDepartmentOnly(claims) && !departmentSees(stored.state, actor.departmentId)) throw new NotFoundError('Case');
    return service.act(path, id, action, body, actor, version, stored);
  }

  registerCaseToolRoutes(route, deps, { listPage, actOn, locate, listQuery });

  route(
    {
      method: 'POST',
      path: '/api/cases',
      operationId: 'reportCase',
      response: caseItemSchema,
      isolation: 'tenant',
      permission: 'case.create',
      apiKeyScope: 'reports:create',
      summary: 'Report a case (grid worker patrol, staff)',
      body: createCaseSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const key = idempotencyKeyOf(c);
      const { snapshot, photos: fieldPhotos, patrolId, ...input } = await jsonBody(c, createCaseSchema);
      const actor = await actorOf(c);
      const field = new FieldService(deps);
      const staff = await staffActor(c, deps);
      await field.checkPatrol(claims.tenantPath, patrolId, staff);
      await field.checkPhotos(claims.tenantPath, fieldPhotos ?? []);
      // a camera or 部件 named by the case: checked, and its point / grid / class fill what the report leaves out
      const { photos: carried, ...defaults } = await new ThingService(deps).caseReferences(claims.tenantPath, {
        ...input,
        snapshot,
      });
      const photos = [...carried, ...(fieldPhotos ?? [])];
      const { state, created } = await service.create(
        claims.tenantPath,
        {
          ...input,
          ...defaults,
          id: caseIdFor(claims.tenantPath, deps.clock()),
          source: input.source ?? (claims.roles.includes('grid_worker') ? 'grid_worker' : 'staff'),
        },
        actor,
        {
          ...(photos.length > 0 ? { private: { photos } } : {}),
          // a phone's queued report sent twice (weak signal) is one case: the key is the worker's own
          ...(key ? { idempotency: { scope: `staff:${claims.userId}`, key } } : {}),
        },
      );
      if (created && patrolId) await field.linkToPatrol(claims.tenantPath, patrolId, staff, { caseId: state.id });
      return c.json(caseSummary(state), created ? 201 : 200);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/cases',
      operationId: 'listCases',
      response: casePageSchema,
      isolation: 'tenant',
      permission: 'case.read',
      apiKeyScope: 'cases:read',
      summary: 'Cases of the tenant, newest first, filtered and paged',
      query: listQuery,
    },
    async (c) => {
      const page = await listPage(c, queryParams(c, listQuery));
      return c.json({ items: page.items.map(caseSummary), cursor: page.cursor });
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/cases/:id',
      operationId: 'getCase',
      response: caseDetailSchema,
      isolation: 'tenant',
      permission: 'case.read',
      apiKeyScope: 'cases:read',
      summary: 'One case with its audit trail and the caller’s allowed actions',
    },
    async (c) => {
      const { path, stored } = await locate(c, param(c, 'id', 'Case'));
      const actor = await actorOf(c);
      const claims = claimsOf(c);
      if (isDepartmentOnly(claims) && !departmentSees(stored.state, actor.departmentId))
        throw new NotFoundError('Case');
      const [events, published] = await Promise.all([
        service.cases.events(path, stored.state.id),
        stored.state.trackingCode ? service.cases.publications(path, [stored.state.id]) : undefined,
      ]);
      const holder = holderOf(path, stored.state);
      const own = holder === claims.tenantPath;
      return c.json({
        ...stored.state,
        tenantId: tenantIdFromPath(path),
        holderTenantId: tenantIdFromPath(holder),
        reporter: stored.private.anonymous ? undefined : reporterFor(claims, stored.private.reporter),
        photos: stored.private.photos ?? [],
        publication: published?.get(stored.state.id),
        events,
        // a district reading a street's case sees it but acts only in its own tenant
        allowedActions: own ? availableActions(stored.state, actor) : [],
        // where a dispatch without a department would send it (grid × category routing)
        suggestedDepartmentId: own ? await defaultDepartment(deps, holder, stored.state) : undefined,
      });
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/cases/:id/actions/:action',
      operationId: 'actOnCase',
      response: caseItemSchema,
      isolation: 'tenant',
      permission: 'case.read',
      summary: 'Act on a case (register, dispatch, handle, …)',
      body: actionBodyDocSchema,
    },
    async (c) => {
      const id = param(c, 'id', 'Case');
      const action = param(c, 'action', 'Action');
      if (!isActionName(action) || action === 'evaluate') throw new NotFoundError('Action');
      const body = await jsonBody(c, z.record(z.string(), z.unknown()));
      const { version } = parseWith(versionSchema, { version: body.version });
      return c.json(caseSummary(await actOn(c, id, action, body, version)));
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/cases/:id/evidence',
      operationId: 'createCaseEvidenceUpload',
      isolation: 'tenant',
      permission: 'case.evidence',
      summary: 'Presigned upload URL for an evidence photo or PDF',
      body: evidenceRequestSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const id = param(c, 'id', 'Case');
      if (caseOwner(id) !== claims.tenantPath) throw new NotFoundError('Case');
      await service.require(claims.tenantPath, id);
      const input = await jsonBody(c, evidenceRequestSchema);
      const upload = await presignWithinQuota(deps, claims.tenantPath, input.size, () =>
        deps.files.presignUpload({ tenantPath: claims.tenantPath, caseId: id, ...input }),
      );
      return c.json(upload, 201);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/cases/:id/evidence',
      operationId: 'getCaseEvidenceUrl',
      isolation: 'tenant',
      permission: 'case.read',
      summary: 'Presigned download URL of an evidence file (`?key=`)',
    },
    async (c) => {
      const { path, stored } = await locate(c, param(c, 'id', 'Case'));
      const key = c.req.query('key') ?? '';
      const carried = stored.private.photos?.includes(key) === true; // e.g. a video case's camera snapshot
      if (!carried && !key.startsWith(`${path}cases/${stored.state.id}/`) && !key.startsWith(`${path}reports/`)) {
        throw new ValidationError('Not an evidence file of this case', [{ path: 'key', message: 'unknown key' }]);
      }
      return c.json(await deps.files.presignDownload(path, key));
    },
  );
}

/** A case id embeds its tenant: `<tenantId>-<random>`, so a district can address a street's case. */
export function caseIdFor(path: Parameters<typeof tenantIdFromPath>[0], now: Date): string {
  return `${tenantIdFromPath(path)}-${newId(now)}`;
}

/** The owner tenant path of a case id, or undefined for a malformed id. */
export function caseOwner(id: string) {
  const dash = id.indexOf('-');
  return dash > 0 ? pathFromTenantId(id.slice(0, dash)) : undefined;
}

/** A department sees the cases it leads (主办) or assists (协办). */
function departmentSees(s: CaseState, departmentId: string | undefined): boolean {
  return departmentId !== undefined && (s.departmentId === departmentId || isAssisting(s, departmentId));
}

function isDepartmentOnly(claims: Claims): boolean {
  return (
    claims.roles.includes('department') &&
    !claims.roles.some((r) => r === 'tenant_admin' || r === 'dispatcher' || r === 'leader')
  );
}

/** The public id of the tenant a case was reported in (embedded in its id). */
function tenantIdOfCase(id: string): string | undefined {
  const owner = caseOwner(id);
  return owner ? tenantIdFromPath(owner) : undefined;
}

/** A case in lists: no private data. */
export function caseSummary(s: CaseState) {
  return {
    id: s.id,
    tenantId: tenantIdOfCase(s.id),
    number: s.number,
    step: s.step,
    version: s.version,
    source: s.source,
    description: s.description,
    categoryCode: s.categoryCode,
    gridCode: s.gridCode,
    departmentId: s.departmentId,
    trackingCode: s.trackingCode,
    location: s.location,
    address: s.address,
    cameraId: s.cameraId,
    thingId: s.thingId,
    deadline: s.deadline,
    overdue: s.overdue,
    urgency: s.urgency,
    outsideGrids: s.outsideGrids === true,
    supervised: s.supervised === true,
    possibleDuplicate: (s.possibleDuplicateOf?.length ?? 0) > 0,
    assistingDepartmentIds: s.assistingDepartmentIds,
    holderTenantId: s.holderPath ? tenantIdFromPath(s.holderPath as TenantPath) : undefined,
    parked: s.parked !== undefined,
    extension: s.extension?.status,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/** The instants of a closing-cohort window of China days (either end may be left open). */
function dueWindow(from: string | undefined, to: string | undefined): { start: string; end: string } {
  if (from && to && from > to) {
    throw new ValidationError('dueFrom is after dueTo', [{ path: 'dueFrom', message: 'must not be after dueTo' }]);
  }
  const start = from ? new Date(`${from}T00:00:00+08:00`).toISOString() : '0000';
  const end = to ? new Date(`${to}T23:59:59.999+08:00`).toISOString() : '9999';
  return { start, end };
}
