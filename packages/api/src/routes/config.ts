import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  CollectionRepository,
  keys,
  newId,
  TenantRepository,
  UserRepository,
  withPlatformCredentials,
} from '@civicgrid/db';
import {
  type ApiKeyScope,
  apiKeyInputSchema,
  categoryInputSchema,
  defaultCalendar,
  departmentInputSchema,
  gridDivisionProblem,
  gridInputSchema,
  NotFoundError,
  nextYearMissing,
  type TenantPath,
  ValidationError,
  withNationalYears,
  workingCalendarSchema,
} from '@civicgrid/domain';
import * as z from 'zod';
import { apiKeyHash } from '../auth/api-keys';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import { param } from '../http/params';
import {
  calendarViewSchema,
  categoryListSchema,
  categorySchema,
  departmentListSchema,
  departmentSchema,
  gridListSchema,
  gridSchema,
} from '../http/response-schemas';
import type { Route } from '../http/routes';
import { scopedTenantPath } from '../http/scope';
import { jsonBody, queryParams } from '../http/validate';
import { nationalYears } from './national-calendar';

export interface DepartmentRecord {
  id: string;
  name: string;
  phone?: string;
  version: number;
  createdAt: string;
}
/** A grid as stored: the current boundary since `validFrom`, earlier ones in `history` (grids are redrawn). */
export type GridRecord = z.infer<typeof gridInputSchema> & {
  version: number;
  createdAt: string;
  validFrom?: string;
  history?: { name: string; polygon?: z.infer<typeof gridInputSchema>['polygon']; from: string; to: string }[];
};
export type CategoryRecord = z.infer<typeof categoryInputSchema> & {
  version: number;
  createdAt: string;
  /** false once deactivated: kept for old cases, no longer offered or filed under */
  active?: boolean;
};
export interface ApiKeyRecord {
  id: string;
  name: string;
  prefix: string;
  hash: string;
  /** what the key may do on `/api` (none: Open311 only) */
  scopes?: ApiKeyScope[];
  createdAt: string;
  version: number;
}

/** The departments collection of the table. */
export const departmentsOf = (deps: AppDeps) =>
  new CollectionRepository<DepartmentRecord>(deps.store, 'DEPTS', 'Department');
/** The grids collection of the table. */
export const gridsOf = (deps: AppDeps) => new CollectionRepository<GridRecord>(deps.store, 'GRIDS', 'Grid');
/**
 * How long this process may reuse a tenant's categories or calendar as it read them. Both are read on every
 * report (the category named) and every action (time limits, calendar); both change rarely and only through
 * this file's routes, which drop the copy at once in this process. Another process's change (another Lambda
 * instance) is seen within this long: a category created there is never refused (a miss asks the store), a
 * calendar or time-limit change applies to deadlines computed after it within a few seconds.
 */
export const CONFIG_CACHE_MS = 5_000;

const categoryCollections = new WeakMap<AppDeps, CollectionRepository<CategoryRecord>>();
/** The categories collection of the table: one per app, its reads cached for `CONFIG_CACHE_MS`. */
export const categoriesOf = (deps: AppDeps): CollectionRepository<CategoryRecord> => {
  let categories = categoryCollections.get(deps);
  if (!categories) {
    categories = new CollectionRepository<CategoryRecord>(deps.store, 'CATS', 'Category', {
      maxAgeMs: CONFIG_CACHE_MS,
    });
    categoryCollections.set(deps, categories);
  }
  return categories;
};
/** The API keys collection of the table. */
export const apiKeysOf = (deps: AppDeps) => new CollectionRepository<ApiKeyRecord>(deps.store, 'APIKEYS', 'API key');

const listQuery = z.object({ tenantId: z.string().max(40).optional() });

export { apiKeyHash } from '../auth/api-keys';

/** Departments, grids, categories, API keys and the working calendar of a tenant. */
export function registerConfigRoutes(route: Route, deps: AppDeps): void {
  const departments = departmentsOf(deps);
  const grids = gridsOf(deps);
  const categories = categoriesOf(deps);
  const apiKeys = apiKeysOf(deps);

  route(
    {
      method: 'GET',
      path: '/api/departments',
      operationId: 'listDepartments',
      response: departmentListSchema,
      isolation: 'tenant',
      permission: 'department.read',
      summary: 'Departments',
    },
    async (c) =>
      c.json({ items: await departments.list(await scopedTenantPath(c, deps, queryParams(c, listQuery).tenantId)) }),
  );
  route(
    {
      method: 'POST',
      path: '/api/departments',
      operationId: 'createDepartment',
      response: departmentSchema,
      isolation: 'tenant',
      permission: 'department.manage',
      summary: 'Create a department',
    },
    async (c) => {
      const input = await jsonBody(c, departmentInputSchema);
      const now = deps.clock();
      const dept: DepartmentRecord = { id: newId(now), ...input, version: 1, createdAt: now.toISOString() };
      return c.json(await departments.create(claimsOf(c).tenantPath, dept.id, dept), 201);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/grids',
      operationId: 'listGrids',
      response: gridListSchema,
      isolation: 'tenant',
      permission: 'grid.read',
      summary: 'Grids',
    },
    async (c) =>
      c.json({ items: await grids.list(await scopedTenantPath(c, deps, queryParams(c, listQuery).tenantId)) }),
  );
  route(
    {
      method: 'POST',
      path: '/api/grids',
      operationId: 'createGrid',
      response: gridSchema,
      isolation: 'tenant',
      permission: 'grid.manage',
      summary: 'Create a grid',
    },
    async (c) => {
      const input = await jsonBody(c, gridInputSchema);
      await checkGridDivision(deps, claimsOf(c).tenantPath, input.code);
      await checkGridWorkers(deps, claimsOf(c).tenantPath, input.workerIds);
      const now = deps.clock();
      const grid: GridRecord = { ...input, version: 1, createdAt: now.toISOString(), validFrom: now.toISOString() };
      return c.json(await grids.create(claimsOf(c).tenantPath, grid.code, grid, 'code'), 201);
    },
  );
  route(
    {
      method: 'PUT',
      path: '/api/grids/:code',
      operationId: 'updateGrid',
      response: gridSchema,
      isolation: 'tenant',
      permission: 'grid.manage',
      summary: 'Redraw or rename a grid',
    },
    async (c) => {
      const path = claimsOf(c).tenantPath;
      const input = await jsonBody(c, gridInputSchema.extend({ version: z.number().int().positive().optional() }));
      const current = await grids.require(path, param(c, 'code'));
      if (input.code !== current.code)
        throw new ValidationError('Grid codes do not change', [{ path: 'code', message: 'must equal the URL code' }]);
      await checkGridWorkers(deps, path, input.workerIds);
      // a redrawn grid keeps its history: the previous boundary and name with the dates they were valid
      const now = deps.clock().toISOString();
      const redrawn = JSON.stringify(input.polygon) !== JSON.stringify(current.polygon) || input.name !== current.name;
      const history = redrawn
        ? [
            ...(current.history ?? []),
            { name: current.name, polygon: current.polygon, from: current.validFrom ?? current.createdAt, to: now },
          ]
        : current.history;
      return c.json(
        await grids.update(path, current.code, input.version ?? current.version, {
          ...input,
          version: undefined,
          history,
          validFrom: redrawn ? now : current.validFrom,
        }),
      );
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/categories',
      operationId: 'listCategories',
      response: categoryListSchema,
      isolation: 'tenant',
      permission: 'category.read',
      summary: 'Categories',
    },
    async (c) =>
      c.json({ items: await categories.list(await scopedTenantPath(c, deps, queryParams(c, listQuery).tenantId)) }),
  );
  route(
    {
      method: 'POST',
      path: '/api/categories',
      operationId: 'createCategory',
      response: categorySchema,
      isolation: 'tenant',
      permission: 'category.manage',
      summary: 'Create a category',
    },
    async (c) => {
      const path = claimsOf(c).tenantPath;
      const input = await jsonBody(c, categoryInputSchema);
      if (!(await departments.get(path, input.departmentId))) {
        throw new ValidationError('No such department', [
          { path: 'departmentId', message: 'must name a department of this tenant' },
        ]);
      }
      const now = deps.clock();
      const category: CategoryRecord = { ...input, version: 1, createdAt: now.toISOString() };
      return c.json(await categories.create(path, category.code, category, 'code'), 201);
    },
  );

  route(
    {
      method: 'PUT',
      path: '/api/categories/:code',
      operationId: 'updateCategory',
      response: categorySchema,
      isolation: 'tenant',
      permission: 'category.manage',
      summary: 'Edit or deactivate a category (`active: false`; its cases keep it)',
    },
    async (c) => {
      const path = claimsOf(c).tenantPath;
      const input = await jsonBody(
        c,
        categoryInputSchema.extend({
          active: z.boolean({ error: 'active must be true or false' }).optional(),
          version: z.number().int().positive().optional(),
        }),
      );
      const current = await categories.require(path, param(c, 'code'));
      if (input.code !== current.code) {
        throw new ValidationError('Category codes do not change', [
          { path: 'code', message: 'must equal the URL code' },
        ]);
      }
      if (!(await departments.get(path, input.departmentId))) {
        throw new ValidationError('No such department', [
          { path: 'departmentId', message: 'must name a department of this tenant' },
        ]);
      }
      return c.json(
        await categories.update(path, current.code, input.version ?? current.version, { ...input, version: undefined }),
      );
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/api-keys',
      operationId: 'listApiKeys',
      isolation: 'tenant',
      permission: 'apiKey.manage',
      summary: 'API keys (without the secret)',
    },
    async (c) => {
      const items = await apiKeys.list(claimsOf(c).tenantPath);
      return c.json({ items: items.map(({ hash: _h, ...rest }) => rest) });
    },
  );
  route(
    {
      method: 'POST',
      path: '/api/api-keys',
      operationId: 'createApiKey',
      isolation: 'tenant',
      permission: 'apiKey.manage',
      summary: 'Create an API key for Open311 and integrations, with scopes (shown once)',
      body: apiKeyInputSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, apiKeyInputSchema);
      const now = deps.clock();
      const key = `cg_${randomBytes(24).toString('base64url')}`;
      const record: ApiKeyRecord = {
        id: newId(now),
        name: input.name,
        ...(input.scopes ? { scopes: [...new Set(input.scopes)] } : {}),
        prefix: key.slice(0, 7),
        hash: apiKeyHash(key),
        createdAt: now.toISOString(),
        version: 1,
      };
      // platform credentials: the hash lookup item lives in the platform registry (`_platform/APIKEY#…`)
      await withPlatformCredentials(() =>
        deps.store.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: deps.store.tableName,
                  Item: { ...keys.apiKey(claims.tenantPath, record.id), type: 'APIKEYS', ...record },
                },
              },
              {
                Put: {
                  TableName: deps.store.tableName,
                  // the router authenticates from this item alone: tenant, scopes and name
                  Item: {
                    ...keys.apiKeyHash(record.hash),
                    tenantPath: claims.tenantPath,
                    keyId: record.id,
                    name: record.name,
                    scopes: record.scopes ?? [],
                  },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
            ],
          }),
        ),
      );
      const { hash: _h, ...view } = record;
      return c.json({ ...view, key }, 201);
    },
  );
  route(
    {
      method: 'DELETE',
      path: '/api/api-keys/:id',
      isolation: 'tenant',
      permission: 'apiKey.manage',
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key (refused from the next request on)',
    },
    async (c) => {
      const path = claimsOf(c).tenantPath;
      const record = await apiKeys.require(path, param(c, 'id', 'API key'));
      // both items in one transaction: the hash item is what authenticates, so the key is dead once this commits
      await withPlatformCredentials(() =>
        deps.store.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Delete: { TableName: deps.store.tableName, Key: keys.apiKey(path, record.id) } },
              { Delete: { TableName: deps.store.tableName, Key: keys.apiKeyHash(record.hash) } },
            ],
          }),
        ),
      );
      return c.body(null, 204);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/calendar',
      operationId: 'getCalendar',
      response: calendarViewSchema,
      isolation: 'tenant',
      permission: 'category.read',
      summary: 'The working calendar',
    },
    async (c) => {
      const calendar = await calendarOf(deps, claimsOf(c).tenantPath);
      // from 1 November the console warns while next year's holidays are missing
      return c.json({ ...calendar, nextYearMissing: nextYearMissing(calendar, deps.clock()) });
    },
  );
  route(
    {
      method: 'PUT',
      path: '/api/calendar',
      operationId: 'setCalendar',
      response: calendarViewSchema,
      isolation: 'tenant',
      permission: 'calendar.manage',
      summary: 'Replace the working calendar',
    },
    async (c) => {
      const calendar = await jsonBody(c, workingCalendarSchema);
      const path = claimsOf(c).tenantPath;
      forgetCalendar(deps, path);
      try {
        await deps.store.doc.send(
          new PutCommand({ TableName: deps.store.tableName, Item: { ...keys.calendar(path), calendar } }),
        );
      } finally {
        forgetCalendar(deps, path);
      }
      return c.json(calendar);
    },
  );
}

type WorkingCalendar = z.infer<typeof workingCalendarSchema>;
interface CalendarCache {
  entries: Map<string, { calendar: WorkingCalendar; at: number }>;
  generation: number;
}
const calendarCaches = new WeakMap<AppDeps, CalendarCache>();

function calendarCacheOf(deps: AppDeps): CalendarCache {
  let cache = calendarCaches.get(deps);
  if (!cache) {
    cache = { entries: new Map(), generation: 0 };
    calendarCaches.set(deps, cache);
  }
  return cache;
}

/** Drop every cached calendar (a national year was published). */
export function forgetCalendars(deps: AppDeps): void {
  const cache = calendarCacheOf(deps);
  cache.generation++;
  cache.entries.clear();
}

function forgetCalendar(deps: AppDeps, path: string): void {
  const cache = calendarCacheOf(deps);
  cache.generation++;
  cache.entries.delete(path);
}

/**
 * A tenant's working calendar, or the national default when it has none; reused for `CONFIG_CACHE_MS` (callers
 * get their own copy, so nobody changes the cached one).
 */
export async function calendarOf(deps: AppDeps, path: Parameters<typeof keys.calendar>[0]): Promise<WorkingCalendar> {
  const cache = calendarCacheOf(deps);
  const hit = cache.entries.get(path);
  if (hit && Date.now() - hit.at < CONFIG_CACHE_MS) return structuredClone(hit.calendar);
  const generation = cache.generation;
  const at = Date.now();
  const res = await deps.store.doc.send(new GetCommand({ TableName: deps.store.tableName, Key: keys.calendar(path) }));
  const own = (res.Item?.calendar as WorkingCalendar | undefined) ?? defaultCalendar();
  // the platform's national years fill every year the tenant has no own table for
  const calendar = withNationalYears(own, await nationalYears(deps));
  if (generation === cache.generation) cache.entries.set(path, { calendar: structuredClone(calendar), at });
  return calendar;
}

/** Throw a 404 for an unknown department (used by dispatch). */
export async function requireDepartment(deps: AppDeps, path: Parameters<typeof keys.calendar>[0], id: string) {
  const dept = await departmentsOf(deps).get(path, id);
  if (!dept) throw new NotFoundError('Department');
  return dept;
}

/** Workers assigned to a grid must be active grid workers of the same tenant. */
/**
 * Once a tenant has set its division code, a new grid's code starts with it and (for a street) names one of its
 * communities by their own codes; a tenant without one keeps the shape check (docs/domain.md, "Grid codes").
 */
async function checkGridDivision(deps: AppDeps, path: TenantPath, code: string): Promise<void> {
  const tenants = new TenantRepository(deps.store);
  const tenant = await tenants.get(path);
  if (tenant?.divisionCode === undefined) return;
  const communities =
    tenant.level === 'street'
      ? (await tenants.listSubtree(path)).flatMap((t) =>
          t.level === 'community' && t.divisionCode !== undefined ? [t.divisionCode] : [],
        )
      : [];
  const problem = gridDivisionProblem(code, tenant, communities);
  if (problem) {
    throw new ValidationError('The grid code is outside the tenant’s division', [{ path: 'code', message: problem }]);
  }
}

async function checkGridWorkers(
  deps: AppDeps,
  path: Parameters<typeof keys.calendar>[0],
  workerIds: string[] | undefined,
) {
  if (!workerIds?.length) return;
  const users = new UserRepository(deps.store);
  for (const [i, id] of workerIds.entries()) {
    const user = await users.get(path, id);
    if (user?.status !== 'active' || !user.roles.includes('grid_worker')) {
      throw new ValidationError('Not a grid worker of this tenant', [
        { path: `workerIds.${i}`, message: 'must name an active grid worker of this tenant' },
      ]);
    }
  }
}
