import { ConflictError } from '../errors';
import { increment } from './counters';
import { type ActionResult, advance, eventOf } from './result';
import type { CaseActor, CaseState } from './state';
import { slaFreeSteps } from './steps';

/** The workflow acts as this actor when a deadline passes. */
export const workflowActor: CaseActor = { userId: 'system:workflow', roles: [] };

/**
 * The due time the workflow watches at the case's current step: the department's deadline while it holds the
 * case (dispatched), else the step's own limit (派遣, 审核, 核查) — so a handled case waiting for the centre or the
 * grid worker is never late against the department.
 */
export function clockDeadline(state: Pick<CaseState, 'step' | 'deadline' | 'stepDeadline'>): string | undefined {
  return state.step === 'dispatched' ? state.deadline : state.stepDeadline;
}

/** Who holds the case at its step, for attributing a late step. */
export function stepHolder(state: CaseState): 'department' | 'centre' | 'grid_worker' {
  if (state.step === 'dispatched') return 'department';
  if (state.step === 'handled' && state.checkRequested) return 'grid_worker';
  return 'centre';
}

/**
 * 超期: the deadline passed (the workflow's timeout fired). Marks the case overdue and counts the escalation so the
 * workflow can alert a supervisor first and the level above next. The step does not change.
 */
export function escalateCase(state: CaseState, now: Date, actor: CaseActor = workflowActor): ActionResult {
  if (slaFreeSteps.includes(state.step)) {
    throw new ConflictError(`Cannot escalate a case that is ${state.step}`, 'invalid_step');
  }
  const escalations = state.escalations + 1;
  const next = advance(state, now, { overdue: true, escalations });
  const heldBy = stepHolder(state);
  const counter = increment('escalated', next, now);
  // a late step of the centre or the grid worker is not the department's delay
  if (heldBy !== 'department') delete counter.dimensions.departmentId;
  return {
    next,
    events: [
      eventOf('escalated', state, next, actor, now, {
        data: { escalations, deadline: clockDeadline(state), heldBy, step: state.step },
      }),
    ],
    counters: [counter],
  };
}

/**
 * Seconds the workflow should wait before escalating: until the deadline (0 when it has passed), or undefined when
 * the case has no running clock (no deadline yet, parked, or closed).
 */
export function secondsUntilDeadline(state: CaseState, now: Date): number | undefined {
  const deadline = clockDeadline(state);
  if (deadline === undefined || state.parked || slaFreeSteps.includes(state.step)) return undefined;
  return Math.max(0, Math.ceil((Date.parse(deadline) - now.getTime()) / 1000));
}
