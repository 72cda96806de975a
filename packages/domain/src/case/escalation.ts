import { ConflictError } from '../errors';
import { increment } from './counters';
import { type ActionResult, advance, eventOf } from './result';
import type { CaseActor, CaseState } from './state';
import { slaFreeSteps } from './steps';

/** The workflow acts as this actor when a deadline passes. */
export const workflowActor: CaseActor = { userId: 'system:workflow', roles: [] };

/**
 * 督办: the deadline passed (the workflow's timeout fired). Marks the case overdue and counts the escalation so the
 * workflow can alert a supervisor first and the level above next. The step does not change.
 */
export function escalateCase(state: CaseState, now: Date, actor: CaseActor = workflowActor): ActionResult {
  if (slaFreeSteps.includes(state.step)) {
    throw new ConflictError(`Cannot escalate a case that is ${state.step}`, 'invalid_step');
  }
  const escalations = state.escalations + 1;
  const next = advance(state, now, { overdue: true, escalations });
  return {
    next,
    events: [eventOf('escalated', state, next, actor, now, { data: { escalations, deadline: state.deadline } })],
    counters: [increment('escalated', next, now)],
  };
}

/**
 * Seconds the workflow should wait before escalating: until the deadline (0 when it has passed), or undefined when
 * the case has no running clock (no deadline yet, parked, or closed).
 */
export function secondsUntilDeadline(state: CaseState, now: Date): number | undefined {
  if (state.deadline === undefined || state.parked || slaFreeSteps.includes(state.step)) return undefined;
  return Math.max(0, Math.ceil((Date.parse(state.deadline) - now.getTime()) / 1000));
}
