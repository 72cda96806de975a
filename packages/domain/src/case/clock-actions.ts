import { addWorkingMs, isNaturalLimit, workingTimeBetween } from '../calendar/working-time';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import { can } from '../permissions';
import type { ActionBody } from './action-bodies';
import { increment } from './counters';
import { type ActionResult, advance, type CaseContext, eventOf } from './result';
import type { CaseActor, CaseState, Extension } from './state';

function laterOf(a: string | undefined, b: string): string {
  return a !== undefined && Date.parse(a) > Date.parse(b) ? a : b;
}

function assertLater(until: string, s: CaseState, now: Date): void {
  const floor = Math.max(now.getTime(), s.deadline === undefined ? 0 : Date.parse(s.deadline));
  if (Date.parse(until) <= floor) {
    throw new ValidationError(
      'An extension must end after the current deadline',
      [{ path: 'until', message: 'must be later than the current deadline and now' }],
      'invalid_extension',
    );
  }
}

/**
 * 延期. A leader (or tenant admin) decides: with a pending request, `approve: false` rejects it and anything else
 * grants it (the leader may set a different `until`); without one, the leader grants directly. A department only
 * requests: one pending request at a time, decided later by a leader.
 */
export function extend(s: CaseState, b: ActionBody<'extend'>, a: CaseActor, now: Date): ActionResult {
  const pending = s.extension?.status === 'pending' ? s.extension : undefined;
  if (!can(a.roles, 'case.extend.approve')) {
    if (b.approve !== undefined) throw new ForbiddenError('Only a leader may decide on an extension', 'forbidden');
    if (pending) throw new ConflictError('An extension request is already pending', 'extension_pending');
    assertLater(b.until, s, now);
    const extension: Extension = {
      status: 'pending',
      reason: b.reason,
      until: b.until,
      requestedBy: a.userId,
      requestedAt: now.toISOString(),
    };
    const next = advance(s, now, { extension });
    const event = eventOf('extension_requested', s, next, a, now, { note: b.reason, data: { until: b.until } });
    return { next, events: [event], counters: [] };
  }
  const decision = { decidedBy: a.userId, decidedAt: now.toISOString(), decisionNote: b.reason };
  if (b.approve === false) {
    if (!pending) throw new ConflictError('There is no pending extension request', 'no_pending_extension');
    const next = advance(s, now, { extension: { ...pending, ...decision, status: 'rejected' } });
    return { next, events: [eventOf('extension_rejected', s, next, a, now, { note: b.reason })], counters: [] };
  }
  assertLater(b.until, s, now);
  const extension: Extension = {
    status: 'granted',
    reason: pending?.reason ?? b.reason,
    until: b.until,
    requestedBy: pending?.requestedBy ?? a.userId,
    requestedAt: pending?.requestedAt ?? now.toISOString(),
    ...decision,
  };
  // the closing deadline moves with a granted extension (never earlier than it was)
  const closeDeadline = laterOf(s.closeDeadline ?? s.deadline, b.until);
  const next = advance(s, now, { extension, deadline: b.until, closeDeadline, overdue: false });
  const event = eventOf('extension_granted', s, next, a, now, {
    note: b.reason,
    data: { until: b.until, previousDeadline: s.deadline },
  });
  return { next, events: [event], counters: [] };
}

/** 挂账: the department cannot solve it now (funding, a court case…); the SLA clock stops until `unpark`. */
export function park(s: CaseState, b: ActionBody<'park'>, a: CaseActor, now: Date): ActionResult {
  const next = advance(s, now, { parked: { since: now.toISOString(), reason: b.reason, by: a.userId } });
  return {
    next,
    events: [eventOf('parked', s, next, a, now, { note: b.reason })],
    counters: [increment('parked', next, now)],
  };
}

/**
 * Resume a parked case: the time it spent parked is added to its deadline — working time, or wall-clock time when
 * the case runs on a natural-hour limit (urgent cases).
 */
export function unpark(s: CaseState, b: ActionBody<'unpark'>, a: CaseActor, now: Date, ctx: CaseContext): ActionResult {
  const since = s.parked ? new Date(s.parked.since) : now;
  const limit = s.categoryCode === undefined ? undefined : ctx.timeLimitFor(s.categoryCode, s.urgency);
  const natural = limit !== undefined && isNaturalLimit(limit);
  const paused = natural ? Math.max(0, now.getTime() - since.getTime()) : workingTimeBetween(since, now, ctx.calendar);
  const moved = (d: string) =>
    natural ? new Date(Date.parse(d) + paused) : addWorkingMs(new Date(d), paused, ctx.calendar);
  const deadline = s.deadline === undefined ? undefined : moved(s.deadline).toISOString();
  const closeBefore = s.closeDeadline ?? s.deadline;
  const closeDeadline = closeBefore === undefined ? undefined : moved(closeBefore).toISOString();
  const next = advance(s, now, {
    parked: undefined,
    parkedWorkingMs: s.parkedWorkingMs + paused,
    deadline,
    closeDeadline,
  });
  const event = eventOf('unparked', s, next, a, now, {
    note: b.note,
    data: { pausedWorkingMs: paused, deadline },
  });
  return { next, events: [event], counters: [] };
}
