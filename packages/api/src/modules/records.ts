import { FieldCipher, type RecordBase, type RecordDefinition, RecordRepository } from '@civicgrid/db';
import {
  buildingGrid,
  ConflictError,
  NotFoundError,
  type Polygon,
  type TenantPath,
  ValidationError,
} from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import { gridsOf } from '../routes/config';
import { gridScoped, type StaffActor } from './actor';

/** A module's repository of one record kind, with the app's cursor secret and field cipher. */
export function recordRepository<T extends RecordBase>(deps: AppDeps, definition: RecordDefinition<T>) {
  return new RecordRepository<T>(deps.store, definition, {
    cursorSecret: deps.config.cursorSecret,
    cipher: new FieldCipher(deps.config.fieldSecret),
  });
}

/** A new record id that names its tenant (`<tenantId>-<random>`), so reads can find the owner without a lookup. */
export function recordId(tenantId: string, id: string): string {
  return `${tenantId}-${id}`;
}

/** The defined fields of a change. */
export function dropUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The 409 of a change made to a version someone else has already changed. */
export function staleVersion(label: string): never {
  throw new ConflictError(`${label} was changed by someone else`, 'stale_version');
}

/**
 * Change a placed record (organisation, 部件, camera) the caller read at `changes.version`: stale → 409; a grid
 * worker only in their own grids (404 otherwise); the defined fields replace the stored ones, `settle` may check or
 * adjust the result (400), and the change is kept as a `changed` event. Lists, uniques and tallies follow.
 */
export async function changeRecord<T extends RecordBase & { gridCode: string }>(
  deps: AppDeps,
  repo: RecordRepository<T>,
  label: string,
  target: { path: TenantPath; id: string; actor: StaffActor },
  changes: { version: number },
  settle?: (after: T) => void | Promise<void>,
): Promise<T> {
  const { path, id, actor } = target;
  const before = await repo.require(path, id);
  if (before.version !== changes.version) return staleVersion(label);
  if (gridScoped(actor) && !actor.gridCodes?.includes(before.gridCode)) throw new NotFoundError(label);
  const { version: _v, ...fields } = changes as Record<string, unknown>;
  const defined = dropUndefined(fields);
  const after = { ...before, ...defined, updatedAt: deps.clock().toISOString() } as T;
  await settle?.(after);
  return repo.update(path, before, after, [
    { type: 'changed', at: after.updatedAt, actor: actor.userId, fields: Object.keys(defined) },
  ]);
}

/**
 * The grid a placed record (building, organisation, 部件, camera) belongs to: the tenant's grid its point lies in,
 * else the grid it names. 400 on `gridCode` when neither gives one of the tenant's grids, or when a grid worker
 * places it outside their own grids.
 */
export async function placeInGrid(
  deps: AppDeps,
  path: TenantPath,
  actor: StaffActor,
  input: { gridCode?: string; location?: { lat: number; lng: number } },
): Promise<string> {
  const grids = (await gridsOf(deps).list(path)) as { code: string; polygon?: Polygon }[];
  const gridCode = buildingGrid(input, grids);
  if (!gridCode) {
    throw new ValidationError('No grid', [
      { path: 'gridCode', message: 'must name a grid of this tenant (or give a location inside one)' },
    ]);
  }
  if (gridScoped(actor) && !actor.gridCodes?.includes(gridCode)) {
    throw new ValidationError('Not your grid', [{ path: 'gridCode', message: 'must be one of your grids' }]);
  }
  return gridCode;
}

/** The query of a module's paged list: a grid, a search text, the cursor, the page size, a tenant below. */
export const recordListQuery = z.object({
  q: z.string().trim().max(50).optional(),
  gridCode: z
    .string()
    .regex(/^\d{15}$/, { error: 'gridCode has 15 digits' })
    .optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.string().optional(),
  tenantId: z.string().max(40).optional(),
});

/** The query of a paged sub-list (a record's cases, an organisation's employees). */
export const pageQuery = z.object({ cursor: z.string().max(2000).optional(), limit: z.string().optional() });

/** Zod issues as the import's row problems (`field` = the issue's path). */
export function rowProblems(issues: readonly z.core.$ZodIssue[]) {
  return issues.map((i) => ({ field: i.path.map(String).join('.') || 'row', message: i.message }));
}

/** Every record a paged list yields, page by page, up to `maxRows` (a module's export rows). */
export async function* pagedRows<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; cursor?: string }>,
  maxRows: number,
): AsyncIterable<T> {
  let cursor: string | undefined;
  let count = 0;
  do {
    const result = await page(cursor);
    for (const item of result.items) {
      if (count++ >= maxRows) return;
      yield item;
    }
    cursor = result.cursor;
  } while (cursor);
}
