import { ConflictError } from '../errors';
import type { ActionBody } from './action-bodies';
import { increment } from './counters';
import { deadlineFrom, stepDeadlineFrom } from './loop-actions';
import { type ActionResult, advance, type CaseContext, eventOf } from './result';
import type { CaseActor, CaseState, FollowUpRecord } from './state';

/**
 * 审核 by the centre of a handled case. Approve: to 核查 on site when the category needs it or the centre asks
 * (the grid worker's own clock runs from now), else ready to close. Reject: 返工 — back to the same department
 * with a fresh limit, counted as rework against it.
 */
export function review(s: CaseState, b: ActionBody<'review'>, a: CaseActor, now: Date, ctx: CaseContext): ActionResult {
  if (s.checkRequested) {
    throw new ConflictError('The case is already reviewed and waits for 核查 on site', 'awaiting_verification');
  }
  if (b.decision === 'reject') {
    const deadline = deadlineFrom(s, now, ctx);
    const next = advance(s, now, {
      step: 'dispatched',
      deadline,
      // the closing deadline stays (a case stored before it existed pins its old handling deadline)
      closeDeadline: s.closeDeadline ?? s.deadline,
      overdue: false,
      handledAt: undefined,
      handledOnTime: undefined,
      stepDeadline: undefined,
      assistReports: undefined,
      reviewedAt: now.toISOString(),
      reworkCount: s.reworkCount + 1,
    });
    const event = eventOf('reworked', s, next, a, now, { note: b.note, data: { deadline, by: 'review' } });
    // 返工数 is the handling cohort's `dueHandleReworked`, which the store writes from the state difference
    return { next, events: [event], counters: [] };
  }
  const check =
    b.requestVerification === true ||
    (s.categoryCode !== undefined && ctx.requiresVerification?.(s.categoryCode) === true);
  const next = check
    ? advance(s, now, {
        checkRequested: true,
        reviewedAt: now.toISOString(),
        stepDeadline: stepDeadlineFrom(s.categoryCode, 'verify', now, ctx),
      })
    : advance(s, now, { step: 'verified', reviewedAt: now.toISOString(), stepDeadline: undefined });
  const event = eventOf('reviewed', s, next, a, now, {
    note: b.note,
    data: { decision: 'approve', verification: check, stepDeadline: next.stepDeadline },
  });
  return { next, events: [event], counters: [increment('reviewed', next, now)] };
}

/** 督办: a leader's order on an open case; the case is flagged `supervised` from now on. */
export function supervise(s: CaseState, b: ActionBody<'supervise'>, a: CaseActor, now: Date): ActionResult {
  const order = {
    instruction: b.instruction,
    by: a.userId,
    at: now.toISOString(),
    ...(b.dueBy ? { dueBy: b.dueBy } : {}),
  };
  const next = advance(s, now, { supervisions: [...(s.supervisions ?? []), order], supervised: true });
  const event = eventOf('supervised', s, next, a, now, { note: b.instruction, data: { dueBy: b.dueBy } });
  return { next, events: [event], counters: [increment('supervised', next, now)] };
}

/** The holder's answer to the oldest unanswered supervision order; answered on time when by its `dueBy`. */
export function answer(s: CaseState, b: ActionBody<'answer'>, a: CaseActor, now: Date): ActionResult {
  const orders = s.supervisions ?? [];
  const index = orders.findIndex((o) => o.answer === undefined);
  const open = orders[index];
  if (!open) throw new ConflictError('The case has no supervision order waiting for an answer', 'no_open_supervision');
  const answered = { ...open, answer: b.note, answeredBy: a.userId, answeredAt: now.toISOString() };
  const supervisions = orders.map((o, i) => (i === index ? answered : o));
  const next = advance(s, now, { supervisions });
  const onTime = open.dueBy === undefined || now.getTime() <= Date.parse(open.dueBy);
  const event = eventOf('supervision_answered', s, next, a, now, { note: b.note, data: { onTime } });
  const counters = [increment('supervisionAnswered', next, now)];
  if (onTime) counters.push(increment('supervisionAnsweredOnTime', next, now));
  return { next, events: [event], counters };
}

/**
 * 回访 by staff: phone, visit or SMS, once per case — also for patrol cases no citizen reported. It takes precedence
 * over the citizen's own rating in the closing cohort's 回访 counters (满意 / 基本满意 / 不满意).
 */
export function followUp(s: CaseState, b: ActionBody<'followUp'>, a: CaseActor, now: Date): ActionResult {
  if ((s.followUps ?? []).length > 0) throw new ConflictError('The case has been followed up already', 'followed_up');
  const record: FollowUpRecord = {
    channel: b.channel,
    satisfaction: b.satisfaction,
    by: a.userId,
    at: now.toISOString(),
    ...(b.note ? { note: b.note } : {}),
  };
  const next = advance(s, now, { followUps: [record] });
  const event = eventOf('followed_up', s, next, a, now, {
    note: b.note,
    data: { channel: b.channel, satisfaction: b.satisfaction },
  });
  // 回访率 / 满意率 come from the closing cohort (cohort.ts `followUpOf`), which the store writes from the difference
  return { next, events: [event], counters: [] };
}
