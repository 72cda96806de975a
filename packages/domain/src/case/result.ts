import type { WorkingCalendar } from '../calendar/working-calendar';
import type { TimeLimit } from '../calendar/working-time';
import type { CounterIncrement } from './counters';
import type { CaseActor, CaseEvent, CaseEventType, CaseState } from './state';

/** What the machine needs to know about the tenant's configuration, passed in so the machine stays pure. */
export interface CaseContext {
  /** The tenant's working calendar (deadlines count working time only). */
  calendar: WorkingCalendar;
  /**
   * The handling time limit of a category for a case of `urgency` (the urgent limit when the category has one,
   * else the normal one), or undefined when the tenant has no such category.
   */
  timeLimitFor(categoryCode: string, urgency?: Urgency): TimeLimit | undefined;
  /** The limit of the centre's or grid worker's own step for a category (派遣, 审核, 核查), if it sets one. */
  stepLimitFor?(categoryCode: string, step: StepLimitName): TimeLimit | undefined;
  /** True when the category needs 核查 on site after every approved review. */
  requiresVerification?(categoryCode: string): boolean;
  /** The tenant above the acting one (a street's district), for 上报; undefined at the top. */
  parentPath?: string;
  /** The acting tenant (the case's holder), for 下派 to a tenant below it. */
  actingPath?: string;
}

/** 紧急 or 一般. */
export type Urgency = 'urgent' | 'normal';

/** Steps with their own limit, held by the centre (dispatch, review) or the grid worker (verify). */
export type StepLimitName = 'dispatch' | 'review' | 'verify';

/** The outcome of a transition: the state to store, the audit events to append, the KPI counters to add. */
export interface ActionResult {
  next: CaseState;
  events: CaseEvent[];
  counters: CounterIncrement[];
}

/** `state` moved to the next version at `now` with `patch` applied; `undefined` in the patch removes a field. */
export function advance(state: CaseState, now: Date, patch: Partial<CaseState>): CaseState {
  const next: CaseState = { ...state, ...patch, version: state.version + 1, updatedAt: now.toISOString() };
  for (const key of Object.keys(patch) as Array<keyof CaseState>) {
    if (patch[key] === undefined) delete next[key];
  }
  return next;
}

/** Optional parts of an audit event. */
export interface EventExtras {
  note?: string | undefined;
  evidence?: string[] | undefined;
  data?: Record<string, string | number | boolean | undefined>;
}

/** The audit event of a transition from `state` to `next`. */
export function eventOf(
  type: CaseEventType,
  state: CaseState | null,
  next: CaseState,
  actor: CaseActor,
  now: Date,
  extras: EventExtras = {},
): CaseEvent {
  const event: CaseEvent = {
    type,
    at: now.toISOString(),
    // the staff member's display name is kept with the event: the trail must say who, even after renames
    actor: { userId: actor.userId, roles: [...actor.roles], ...(actor.name ? { name: actor.name } : {}) },
    from: state?.step ?? null,
    to: next.step,
  };
  if (extras.note !== undefined) event.note = extras.note;
  if (extras.evidence !== undefined && extras.evidence.length > 0) event.evidence = [...extras.evidence];
  if (extras.data !== undefined) {
    const data: Record<string, string | number | boolean> = {};
    for (const [k, v] of Object.entries(extras.data)) if (v !== undefined) data[k] = v;
    if (Object.keys(data).length > 0) event.data = data;
  }
  return event;
}
