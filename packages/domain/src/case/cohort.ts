import { shanghaiDate } from '../calendar/shanghai-time';
import type { CounterName } from '../kpi';
import type { CounterDimensions, CounterIncrement } from './counters';
import type { CaseState } from './state';

/** 回访 results on the standards' three-level scale. */
export type SatisfactionLevel = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

/** A citizen's star rating on the 回访 scale: 5–4 满意, 3 基本满意, 2–1 不满意 (docs/domain.md). */
export function satisfactionOfRating(rating: number): SatisfactionLevel {
  if (rating >= 4) return 'satisfied';
  if (rating === 3) return 'basically_satisfied';
  return 'dissatisfied';
}

/**
 * The 回访 result a case counts with, or undefined when nobody followed it up: the latest staff 回访 (phone, visit,
 * SMS) takes precedence over the citizen's own rating, so a case is counted once whichever channel reached the
 * citizen.
 */
export function followUpOf(state: CaseState): SatisfactionLevel | undefined {
  const staff = state.followUps?.at(-1)?.satisfaction;
  if (staff !== undefined) return staff;
  return state.rating === undefined ? undefined : satisfactionOfRating(state.rating);
}

const levelCounter: Record<SatisfactionLevel, CounterName> = {
  satisfied: 'satisfied',
  basically_satisfied: 'basicallySatisfied',
  dissatisfied: 'dissatisfied',
};

/** Steps at which a dispatched case holds a department's deadlines. */
const heldSteps: ReadonlySet<string> = new Set(['dispatched', 'handled', 'verified', 'closed', 'evaluated']);

/**
 * The due-cohort counters one case contributes, as a pure function of its state; the store keeps their sum over
 * all cases, each transition writing `cohortDiff(before, after)`. Rules (docs/domain.md):
 * - a case is in the closing cohort of the China day of its closing deadline (`closeDeadline`, after granted
 *   extensions and parked time) and in the handling cohort of the day of its handling deadline (`deadline`;
 *   rework restarts it, so the handling cohort moves, the closing one does not);
 * - it counts for the department holding it (a return withdraws it; the re-dispatch sets fresh deadlines for
 *   the new department), its category, grid and the dispatcher who sent it (`groupBy=user`);
 * - a parked case (挂账) is in no cohort until it is unparked (its clock stops; unpark moves the deadlines);
 * - closed on time = closed at or before the closing deadline; a late closure a day or more after the deadline's
 *   day counts as `closedLate` on its own day, and the case is carried over (`closeBacklog`) until then.
 */
export function cohortEntries(state: CaseState): CounterIncrement[] {
  return [...supervisionEntries(state), ...deadlineEntries(state)];
}

/**
 * The supervision cohort (督办): a case supervised at least once sits at the China day of its first order, for its
 * department (when dispatched), category and grid; it counts as closed (督办办结) once the loop closed it.
 */
function supervisionEntries(state: CaseState): CounterIncrement[] {
  const first = state.supervisions?.[0];
  if (!first) return [];
  const dims: CounterDimensions = {};
  if (state.departmentId !== undefined) dims.departmentId = state.departmentId;
  if (state.categoryCode !== undefined) dims.categoryCode = state.categoryCode;
  if (state.gridCode !== undefined) dims.gridCode = state.gridCode;
  const day = shanghaiDate(new Date(first.at));
  const out: CounterIncrement[] = [{ name: 'supervisedCases', by: 1, day, dimensions: dims }];
  if (state.closedAt !== undefined) out.push({ name: 'supervisedClosed', by: 1, day, dimensions: { ...dims } });
  return out;
}

/** The closing and handling cohorts of a dispatched case (the rules above). */
function deadlineEntries(state: CaseState): CounterIncrement[] {
  if (state.deadline === undefined || state.departmentId === undefined || state.parked) return [];
  if (!heldSteps.has(state.step)) return [];
  const dims: CounterDimensions = { departmentId: state.departmentId };
  if (state.categoryCode !== undefined) dims.categoryCode = state.categoryCode;
  if (state.gridCode !== undefined) dims.gridCode = state.gridCode;
  if (state.dispatchedBy !== undefined) dims.userId = state.dispatchedBy;
  const out: CounterIncrement[] = [];
  const add = (name: CounterName, day: string, by = 1) => out.push({ name, by, day, dimensions: dims });

  const closeDeadline = state.closeDeadline ?? state.deadline;
  const d = shanghaiDate(new Date(closeDeadline));
  add('dueClose', d);
  if (state.closedAt !== undefined) {
    const c = shanghaiDate(new Date(state.closedAt));
    if (Date.parse(state.closedAt) <= Date.parse(closeDeadline)) add('dueCloseOnTime', d);
    // the closure counts in the bucket of the deadline's day, or of its own day when that was later
    let bucket = d;
    if (c <= d) add('dueCloseClosed', d);
    else {
      bucket = c;
      add('closedLate', c);
      add('closeBacklog', d);
      add('closeBacklog', c, -1);
    }
    const level = followUpOf(state);
    if (level !== undefined) {
      add('followedUp', bucket);
      add(levelCounter[level], bucket);
    }
  } else add('closeBacklog', d);

  const h = shanghaiDate(new Date(state.deadline));
  add('dueHandle', h);
  if (state.extension?.status === 'granted') add('dueHandleExtended', h);
  if (state.reworkCount > 0) add('dueHandleReworked', h);
  if (state.handledAt !== undefined) {
    const hd = shanghaiDate(new Date(state.handledAt));
    if (state.handledOnTime === true) add('dueHandleOnTime', h);
    if (hd <= h) add('dueHandleHandled', h);
    else {
      add('handledLate', hd);
      add('handleBacklog', h);
      add('handleBacklog', hd, -1);
    }
  } else add('handleBacklog', h);
  return out;
}

function entryKey(e: CounterIncrement): string {
  const d = e.dimensions;
  return [e.name, e.day, d.departmentId ?? '', d.categoryCode ?? '', d.gridCode ?? '', d.userId ?? ''].join('\u0000');
}

/** What a transition from `before` to `after` adds to the due-cohort counters (net-zero entries left out). */
export function cohortDiff(before: CaseState | undefined, after: CaseState): CounterIncrement[] {
  const net = new Map<string, CounterIncrement>();
  const put = (e: CounterIncrement, sign: number) => {
    const key = entryKey(e);
    const prev = net.get(key);
    if (prev) prev.by += sign * e.by;
    else net.set(key, { ...e, dimensions: { ...e.dimensions }, by: sign * e.by });
  };
  for (const e of before ? cohortEntries(before) : []) put(e, -1);
  for (const e of cohortEntries(after)) put(e, 1);
  return [...net.values()].filter((e) => e.by !== 0);
}
