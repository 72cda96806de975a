import { shanghaiDate } from '../calendar/shanghai-time';
import { workingDeadline } from '../calendar/working-time';
import { ValidationError } from '../errors';
import type { ActionBody } from './action-bodies';
import { type CounterIncrement, increment } from './counters';
import { type ActionResult, advance, type CaseContext, eventOf } from './result';
import type { CaseActor, CaseState } from './state';

/** The handling deadline of a case's category counted from `now`; a category that vanished is a 400. */
function deadlineFrom(state: CaseState, now: Date, ctx: CaseContext): string {
  const limit = state.categoryCode === undefined ? undefined : ctx.timeLimitFor(state.categoryCode);
  if (!limit) {
    throw new ValidationError('The case has no known category', [
      { path: 'categoryCode', message: 'unknown category' },
    ]);
  }
  return workingDeadline(now, limit, ctx.calendar).toISOString();
}

/** 立案: the centre files the report under a category (which fixes the department and the time limit). */
export function register(
  s: CaseState,
  b: ActionBody<'register'>,
  a: CaseActor,
  now: Date,
  ctx: CaseContext,
): ActionResult {
  if (!ctx.timeLimitFor(b.categoryCode)) {
    throw new ValidationError(
      'Unknown category',
      [{ path: 'categoryCode', message: `no category ${b.categoryCode} in this tenant` }],
      'unknown_category',
    );
  }
  const next = advance(s, now, {
    step: 'registered',
    categoryCode: b.categoryCode,
    gridCode: b.gridCode ?? s.gridCode,
  });
  return {
    next,
    events: [eventOf('registered', s, next, a, now, { note: b.note, data: { categoryCode: b.categoryCode } })],
    counters: [increment('registered', next, now, 1, s.reportedBy), ...lateAttribution(s, next)],
  };
}

/**
 * A report that got its category (or grid) only at 立案 is counted as reported for that category / grid too, on
 * its report day — so 立案率 by category is registered ÷ reported of that category, not ÷ 0.
 */
function lateAttribution(s: CaseState, next: CaseState): CounterIncrement[] {
  const dimensions: CounterIncrement['dimensions'] = {};
  if (s.categoryCode === undefined && next.categoryCode !== undefined) dimensions.categoryCode = next.categoryCode;
  if (s.gridCode === undefined && next.gridCode !== undefined) dimensions.gridCode = next.gridCode;
  if (Object.keys(dimensions).length === 0) return [];
  return [{ name: 'reported', by: 1, day: shanghaiDate(new Date(s.createdAt)), dimensions, dimensionsOnly: true }];
}

/** 不予立案: duplicate, out of scope or not enough information. Ends the case. */
export function reject(s: CaseState, b: ActionBody<'reject'>, a: CaseActor, now: Date): ActionResult {
  const next = advance(s, now, { step: 'rejected' });
  return {
    next,
    events: [eventOf('rejected', s, next, a, now, { note: b.reason })],
    counters: [increment('rejected', next, now, 1, s.reportedBy)],
  };
}

/** 派遣: the department's clock starts now (the category's time limit in working time). */
export function dispatch(
  s: CaseState,
  b: ActionBody<'dispatch'>,
  a: CaseActor,
  now: Date,
  ctx: CaseContext,
): ActionResult {
  const deadline = deadlineFrom(s, now, ctx);
  const next = advance(s, now, {
    step: 'dispatched',
    departmentId: b.departmentId,
    dispatchedAt: now.toISOString(),
    dispatchedBy: a.userId,
    deadline,
    closeDeadline: deadline,
    handledLateOnce: undefined,
    overdue: false,
    extension: undefined,
    parked: undefined,
  });
  return {
    next,
    events: [eventOf('dispatched', s, next, a, now, { data: { departmentId: b.departmentId, deadline } })],
    counters: [increment('dispatched', next, now, 1, a.userId)],
  };
}

/** 退回: wrong department; back to the centre, counted against dispatch accuracy (for the returning department). */
export function returnCase(s: CaseState, b: ActionBody<'return'>, a: CaseActor, now: Date): ActionResult {
  const next = advance(s, now, {
    step: 'registered',
    departmentId: undefined,
    dispatchedAt: undefined,
    dispatchedBy: undefined,
    deadline: undefined,
    closeDeadline: undefined,
    handledLateOnce: undefined,
    overdue: false,
    extension: undefined,
    returnCount: s.returnCount + 1,
  });
  return {
    next,
    events: [eventOf('returned', s, next, a, now, { note: b.reason, data: { departmentId: s.departmentId } })],
    counters: [increment('returned', s, now, 1, s.dispatchedBy)],
  };
}

/**
 * 处置反馈: the department reports it fixed; on time when at or before the (extended, unparked) deadline and no
 * earlier handling of the case was late (rework restarts the clock but does not make a late case on time).
 * Its KPI counters are the due-cohort difference the store writes (cohort.ts).
 */
export function handle(s: CaseState, b: ActionBody<'handle'>, a: CaseActor, now: Date): ActionResult {
  const onTime = (s.deadline === undefined || now.getTime() <= Date.parse(s.deadline)) && s.handledLateOnce !== true;
  const extension = s.extension?.status === 'pending' ? { ...s.extension, status: 'withdrawn' as const } : s.extension;
  const next = advance(s, now, {
    step: 'handled',
    handledAt: now.toISOString(),
    handledOnTime: onTime,
    extension,
    ...(onTime ? {} : { handledLateOnce: true }),
  });
  return {
    next,
    events: [eventOf('handled', s, next, a, now, { note: b.note, evidence: b.evidence, data: { onTime } })],
    counters: [],
  };
}

/** 核查通过: the grid worker saw on site that it is fixed. */
export function verify(s: CaseState, b: ActionBody<'verify'>, a: CaseActor, now: Date): ActionResult {
  const next = advance(s, now, { step: 'verified' });
  return { next, events: [eventOf('verified', s, next, a, now, { note: b.note })], counters: [] };
}

/**
 * 返工: not fixed; back to the same department with a fresh handling time limit (the closing deadline stays),
 * counted against the department (返工数 of its handling cohort).
 */
export function rework(s: CaseState, b: ActionBody<'rework'>, a: CaseActor, now: Date, ctx: CaseContext): ActionResult {
  const deadline = deadlineFrom(s, now, ctx);
  const next = advance(s, now, {
    step: 'dispatched',
    deadline,
    overdue: false,
    handledAt: undefined,
    handledOnTime: undefined,
    reworkCount: s.reworkCount + 1,
  });
  return {
    next,
    events: [eventOf('reworked', s, next, a, now, { note: b.reason, data: { deadline } })],
    counters: [],
  };
}

/**
 * 结案: on time (按期结案) when closed at or before the closing deadline; the due-cohort counters are the
 * difference the store writes (cohort.ts).
 */
export function close(s: CaseState, b: ActionBody<'close'>, a: CaseActor, now: Date): ActionResult {
  const next = advance(s, now, { step: 'closed', closedAt: now.toISOString() });
  const closeDeadline = s.closeDeadline ?? s.deadline;
  const onTime = closeDeadline === undefined || now.getTime() <= Date.parse(closeDeadline);
  return {
    next,
    events: [eventOf('closed', s, next, a, now, { note: b.note, data: { onTime } })],
    counters: [increment('closures', next, now)],
  };
}

/** 评价: the citizen's rating (or staff recording it on a follow-up call); once only. */
export function evaluate(s: CaseState, b: ActionBody<'evaluate'>, a: CaseActor, now: Date): ActionResult {
  const next = advance(s, now, { step: 'evaluated', rating: b.rating, ratingComment: b.comment });
  return {
    next,
    events: [eventOf('evaluated', s, next, a, now, { note: b.comment, data: { rating: b.rating } })],
    counters: [increment('evaluated', next, now), increment('satisfactionSum', next, now, b.rating)],
  };
}
