import { shanghaiDate } from '../calendar/shanghai-time';
import type { CounterName } from '../kpi';
import type { CaseState } from './state';

/** The groups a KPI counter is also written for, besides the tenant itself. */
export interface CounterDimensions {
  departmentId?: string;
  categoryCode?: string;
  gridCode?: string;
}

/**
 * A KPI increment. The caller adds `by` to the counter `name` for the tenant and for each dimension present, in
 * the bucket of `day` (the China calendar day, so a report at 07:00 Beijing time counts for that Beijing day).
 */
export interface CounterIncrement {
  name: CounterName;
  by: number;
  day: string;
  dimensions: CounterDimensions;
}

/** The dimensions of a case as it stands. */
export function dimensionsOf(state: CaseState): CounterDimensions {
  const dims: CounterDimensions = {};
  if (state.departmentId !== undefined) dims.departmentId = state.departmentId;
  if (state.categoryCode !== undefined) dims.categoryCode = state.categoryCode;
  if (state.gridCode !== undefined) dims.gridCode = state.gridCode;
  return dims;
}

/** Increment `name` by `by` (1 by default) for the case's dimensions on `now`'s China day. */
export function increment(name: CounterName, state: CaseState, now: Date, by = 1): CounterIncrement {
  return { name, by, day: shanghaiDate(now), dimensions: dimensionsOf(state) };
}
