import { shanghaiDate } from '../calendar/shanghai-time';
import type { CounterName } from '../kpi';
import type { CaseState } from './state';

/** The groups a KPI counter is also written for, besides the tenant itself. */
export interface CounterDimensions {
  departmentId?: string;
  categoryCode?: string;
  gridCode?: string;
  /** the staff member the counter is attributed to (`groupBy=user`) */
  userId?: string;
}

/**
 * A KPI increment. The caller adds `by` to the counter `name` for the tenant and for each dimension present, in
 * the bucket of `day` (the China calendar day, so a report at 07:00 Beijing time counts for that Beijing day).
 * `dimensionsOnly` leaves the tenant's own counter alone (a late attribution of a case already counted for it).
 */
export interface CounterIncrement {
  name: CounterName;
  by: number;
  day: string;
  dimensions: CounterDimensions;
  dimensionsOnly?: boolean;
}

/** The dimensions of a case as it stands (without a user). */
export function dimensionsOf(state: CaseState): CounterDimensions {
  const dims: CounterDimensions = {};
  if (state.departmentId !== undefined) dims.departmentId = state.departmentId;
  if (state.categoryCode !== undefined) dims.categoryCode = state.categoryCode;
  if (state.gridCode !== undefined) dims.gridCode = state.gridCode;
  return dims;
}

/** Increment `name` by `by` (1 by default) for the case's dimensions on `now`'s China day, for `userId` too. */
export function increment(name: CounterName, state: CaseState, now: Date, by = 1, userId?: string): CounterIncrement {
  const dimensions = dimensionsOf(state);
  if (userId !== undefined && !userId.startsWith('citizen:') && !userId.startsWith('system:')) {
    dimensions.userId = userId;
  }
  return { name, by, day: shanghaiDate(now), dimensions };
}
