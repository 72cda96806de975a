import { ConflictError, ValidationError } from '../errors';
import { isWithin, pathFromTenantId, type TenantPath } from '../tenant-path';
import type { ActionBody } from './action-bodies';
import { increment } from './counters';
import { type ActionResult, advance, type CaseContext, eventOf } from './result';
import type { CaseActor, CaseState } from './state';

/**
 * 上报: the acting street cannot solve the case; it moves to its district centre's queue with its trail. A filed
 * case keeps its category and waits for the district's dispatch (to a district department); a bare report waits
 * for the district's 立案.
 */
export function escalateUp(
  s: CaseState,
  b: ActionBody<'escalate'>,
  a: CaseActor,
  now: Date,
  ctx: CaseContext,
): ActionResult {
  if (!ctx.parentPath) throw new ConflictError('There is no level above to escalate to', 'no_parent_level');
  const next = advance(s, now, {
    holderPath: ctx.parentPath,
    stepDeadline: undefined,
    outsideGrids: undefined,
  });
  const event = eventOf('referred_up', s, next, a, now, { note: b.reason, data: { to: ctx.parentPath } });
  return { next, events: [event], counters: [increment('referredUp', s, now)] };
}

/**
 * 下派: to a community below the acting tenant, whose own dispatcher files and runs it (back to `reported`, no
 * category: the community files it under its own).
 */
export function assignDown(
  s: CaseState,
  b: ActionBody<'assignDown'>,
  a: CaseActor,
  now: Date,
  ctx: CaseContext,
): ActionResult {
  const target = pathFromTenantId(b.tenantId);
  const acting = ctx.actingPath as TenantPath | undefined;
  if (!target || (acting !== undefined && (target === acting || !isWithin(target, acting)))) {
    throw new ValidationError('Not a tenant below yours', [
      { path: 'tenantId', message: 'must name a community below your tenant' },
    ]);
  }
  const next = advance(s, now, {
    step: 'reported',
    holderPath: target,
    categoryCode: undefined,
    urgency: undefined,
    stepDeadline: undefined,
  });
  const event = eventOf('assigned_down', s, next, a, now, { note: b.note, data: { to: target } });
  return { next, events: [event], counters: [increment('assignedDown', s, now)] };
}
