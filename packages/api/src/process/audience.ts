import type { ProcessRepository } from '@civicgrid/db';
import { type AnyProcessKind, NotFoundError, type ProcessRecord, type TenantPath } from '@civicgrid/domain';
import type { Context } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../http/context';
import { departmentScoped, gridScoped, type StaffActor, staffActor } from '../modules/actor';
import { recordOwner } from '../modules/scope';

/** What a narrow role sees of a kind (`ProcessKind.audience`); undefined: all the read permission allows. */
export type Audience = { gridCodes: readonly string[] } | { field: string; value: string } | undefined;

/** The caller's audience for `kind`: a grid worker's grids or own records, a department's, or no narrowing. */
export function audienceOf(kind: AnyProcessKind, actor: StaffActor): Audience {
  if (kind.audience?.grid && gridScoped(actor)) return { gridCodes: actor.gridCodes ?? [] };
  if (kind.audience?.department && departmentScoped(actor)) {
    // a department user without a department sees nothing
    return { field: kind.audience.department, value: actor.departmentId ?? '' };
  }
  if (kind.audience?.assignee && gridScoped(actor)) return { field: kind.audience.assignee, value: actor.userId };
  return undefined;
}

/** Whether the audience sees the record. */
export function sees(audience: Audience, record: ProcessRecord<unknown>): boolean {
  if (!audience) return true;
  if ('gridCodes' in audience) return record.gridCode !== undefined && audience.gridCodes.includes(record.gridCode);
  return audience.value !== '' && (record.data as Record<string, unknown>)[audience.field] === audience.value;
}

/**
 * The record `id` of `kind` as the caller may see it: another tenant's, or one outside the caller's grids or
 * department, is a 404 of the kind — the same answer as a record that does not exist.
 */
export async function visibleRecord<D>(
  c: Context<AppEnv>,
  deps: AppDeps,
  repo: ProcessRepository<D>,
  id: string,
  access: 'read' | 'write',
): Promise<{ path: TenantPath; record: ProcessRecord<D>; actor: StaffActor }> {
  const kind = repo.kind;
  const path = await recordOwner(c, deps, id, kind.label, access);
  const [record, actor] = await Promise.all([repo.get(path, id), staffActor(c, deps)]);
  if (!record || !sees(audienceOf(kind, actor), record)) throw new NotFoundError(kind.label);
  return { path, record, actor };
}
