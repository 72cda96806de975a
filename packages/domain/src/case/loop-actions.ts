import { shanghaiDate } from '../calendar/shanghai-time';
import { workingDeadline } from '../calendar/working-time';
import { ConflictError, ValidationError } from '../errors';
import type { ActionBody } from './action-bodies';
import { type CounterIncrement, increment } from './counters';
import { type ActionResult, advance, type CaseContext, eventOf, type StepLimitName } from './result';
import type { CaseActor, CaseState } from './state';

/**
 * The handling deadline of a case's category counted from `now`, for its urgency (an urgent case's natural-hour
 * clock runs through nights and holidays); a category that vanished is a 400.
 */
export function deadlineFrom(state: CaseState, now: Date, ctx: CaseContext): string {
  const limit = state.categoryCode === undefined ? undefined : ctx.timeLimitFor(state.categoryCode, state.urgency);
  if (!limit) {
    throw new ValidationError('The case has no known category', [
      { path: 'categoryCode', message: 'unknown category' },
    ]);
  }
  return workingDeadline(now, limit, ctx.calendar).toISOString();
}

/** The due time of a step the centre or the grid worker holds, when the category sets a limit for it. */
export function stepDeadlineFrom(
  categoryCode: string | undefined,
  step: StepLimitName,
  now: Date,
  ctx: CaseContext,
): string | undefined {
  const limit = categoryCode === undefined ? undefined : ctx.stepLimitFor?.(categoryCode, step);
  return limit ? workingDeadline(now, limit, ctx.calendar).toISOString() : undefined;
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
  const urgency = b.urgency ?? 'normal';
  const next = advance(s, now, {
    step: 'registered',
    categoryCode: b.categoryCode,
    gridCode: b.gridCode ?? s.gridCode,
    urgency,
    // a pin outside every grid is placed by the centre at 立案
    outsideGrids: b.gridCode !== undefined ? undefined : s.outsideGrids,
    stepDeadline: stepDeadlineFrom(b.categoryCode, 'dispatch', now, ctx),
  });
  return {
    next,
    events: [eventOf('registered', s, next, a, now, { note: b.note, data: { categoryCode: b.categoryCode, urgency } })],
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

/** 转办: the matter goes on as a dispute file; the case ends here (not filed as 不予立案, not closed by the loop). */
export function transfer(s: CaseState, b: ActionBody<'transfer'>, a: CaseActor, now: Date): ActionResult {
  const next = advance(s, now, { step: 'transferred', stepDeadline: undefined });
  return {
    next,
    events: [
      eventOf('transferred', s, next, a, now, {
        note: b.note ?? '转矛盾纠纷调解',
        data: { disputeId: b.disputeId },
      }),
    ],
    counters: [],
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
  const assisting = [...new Set(b.assistingDepartmentIds ?? [])].filter((id) => id !== b.departmentId);
  const next = advance(s, now, {
    step: 'dispatched',
    departmentId: b.departmentId,
    assistingDepartmentIds: assisting.length > 0 ? assisting : undefined,
    assistReports: undefined,
    dispatchedAt: now.toISOString(),
    dispatchedBy: a.userId,
    deadline,
    stepDeadline: undefined,
    closeDeadline: deadline,
    handledLateOnce: undefined,
    overdue: false,
    extension: undefined,
    parked: undefined,
  });
  const data = { departmentId: b.departmentId, deadline, assistingDepartmentIds: assisting.join(',') || undefined };
  return {
    next,
    events: [eventOf('dispatched', s, next, a, now, { data })],
    counters: [increment('dispatched', next, now, 1, a.userId)],
  };
}

/** 退回: wrong department; back to the centre, counted against dispatch accuracy (for the returning department). */
export function returnCase(
  s: CaseState,
  b: ActionBody<'return'>,
  a: CaseActor,
  now: Date,
  ctx: CaseContext,
): ActionResult {
  const next = advance(s, now, {
    step: 'registered',
    departmentId: undefined,
    assistingDepartmentIds: undefined,
    assistReports: undefined,
    stepDeadline: stepDeadlineFrom(s.categoryCode, 'dispatch', now, ctx),
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
 * earlier handling of the case was late (rework restarts the clock but does not make a late case on time). A 协办
 * department's report is recorded and the case waits for the 主办's; the 主办's report hands it to the centre's
 * 审核, whose own clock (the category's review limit) runs from now — the department's deadline no longer does.
 * Its KPI counters are the due-cohort difference the store writes (cohort.ts).
 */
export function handle(s: CaseState, b: ActionBody<'handle'>, a: CaseActor, now: Date, ctx: CaseContext): ActionResult {
  if (a.departmentId !== undefined && a.departmentId !== s.departmentId && isAssisting(s, a.departmentId)) {
    return assistReport(s, b, a, now, a.departmentId);
  }
  const onTime = (s.deadline === undefined || now.getTime() <= Date.parse(s.deadline)) && s.handledLateOnce !== true;
  const extension = s.extension?.status === 'pending' ? { ...s.extension, status: 'withdrawn' as const } : s.extension;
  const next = advance(s, now, {
    step: 'handled',
    handledAt: now.toISOString(),
    handledOnTime: onTime,
    extension,
    checkRequested: undefined,
    stepDeadline: stepDeadlineFrom(s.categoryCode, 'review', now, ctx),
    ...(onTime ? {} : { handledLateOnce: true }),
  });
  return {
    next,
    events: [eventOf('handled', s, next, a, now, { note: b.note, evidence: b.evidence, data: { onTime } })],
    counters: [],
  };
}

/** True when `departmentId` is a 协办 department of the case. */
export function isAssisting(s: CaseState, departmentId: string): boolean {
  return s.assistingDepartmentIds?.includes(departmentId) === true;
}

/** A 协办 department's report: kept on the case and in the trail; the step waits for the 主办. */
function assistReport(
  s: CaseState,
  b: ActionBody<'handle'>,
  a: CaseActor,
  now: Date,
  departmentId: string,
): ActionResult {
  if (s.assistReports?.includes(departmentId)) {
    throw new ConflictError('Your department has already reported on this case', 'already_reported');
  }
  const next = advance(s, now, { assistReports: [...(s.assistReports ?? []), departmentId] });
  const event = eventOf('assist_reported', s, next, a, now, {
    note: b.note,
    evidence: b.evidence,
    data: { departmentId },
  });
  return { next, events: [event], counters: [] };
}

/** 核查通过: the grid worker saw on site that it is fixed. */
export function verify(s: CaseState, b: ActionBody<'verify'>, a: CaseActor, now: Date): ActionResult {
  const next = advance(s, now, { step: 'verified', checkRequested: undefined, stepDeadline: undefined });
  return {
    next,
    events: [eventOf('verified', s, next, a, now, { note: b.note, evidence: b.evidence })],
    counters: verificationCounters(s, a, now),
  };
}

/** 核查数 and 按期核查数 of the worker who checked on site (within the step's limit, when it has one). */
function verificationCounters(s: CaseState, a: CaseActor, now: Date) {
  // the step's limit runs from the centre's request for a check (审核 → 核查); a check without one is on time
  const limit = s.checkRequested === true ? s.stepDeadline : undefined;
  const onTime = limit === undefined || now.getTime() <= Date.parse(limit);
  return [
    increment('verified', s, now, 1, a.userId),
    ...(onTime ? [increment('verifiedOnTime', s, now, 1, a.userId)] : []),
  ];
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
    // the closing deadline stays (a case stored before it existed pins its old handling deadline)
    closeDeadline: s.closeDeadline ?? s.deadline,
    overdue: false,
    handledAt: undefined,
    handledOnTime: undefined,
    checkRequested: undefined,
    stepDeadline: undefined,
    assistReports: undefined,
    reworkCount: s.reworkCount + 1,
  });
  return {
    next,
    events: [
      eventOf('reworked', s, next, a, now, {
        note: b.reason,
        evidence: b.evidence,
        data: { deadline, by: 'verification' },
      }),
    ],
    counters: verificationCounters(s, a, now),
  };
}

/**
 * 结案: on time (按期结案) when closed at or before the closing deadline; the due-cohort counters are the
 * difference the store writes (cohort.ts).
 */
export function close(s: CaseState, b: ActionBody<'close'>, a: CaseActor, now: Date): ActionResult {
  const next = advance(s, now, { step: 'closed', closedAt: now.toISOString(), stepDeadline: undefined });
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
