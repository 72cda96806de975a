import * as z from 'zod';
import { dateToDayIndex, dayIndexToDate, dayStartMs, minutesOf, shanghaiDayIndex, weekdayOf } from './shanghai-time';
import type { WorkingCalendar } from './working-calendar';

const HOUR_MS = 60 * 60 * 1000;

/** The units of a time limit: 工作时, 工作日, 自然时, 自然日. */
export const timeLimitUnits = ['workingHours', 'workingDays', 'naturalHours', 'naturalDays'] as const;
/** A calendar with no working day for ten years is broken; stop instead of looping forever. */
const MAX_DAYS_SCANNED = 3660;

/**
 * A category's time limit (处置时限): counted in working hours / days (the calendar's working time only), or for
 * urgent cases in natural hours / days (the clock runs through nights, weekends and holidays).
 */
export const timeLimitSchema = z.object({
  value: z
    .int({ error: 'timeLimit.value must be a whole number' })
    .positive({ error: 'timeLimit.value must be positive' })
    .max(1000, { error: 'timeLimit.value must be at most 1000' }),
  unit: z.enum(timeLimitUnits, {
    error: 'timeLimit.unit must be workingHours, workingDays, naturalHours or naturalDays',
  }),
});

/** A validated time limit. */
export type TimeLimit = z.infer<typeof timeLimitSchema>;

function dayIndexOf(date: Date | string): number {
  if (date instanceof Date) return shanghaiDayIndex(date);
  const index = dateToDayIndex(date);
  if (index === undefined) throw new RangeError(`Not a date: ${date}`);
  return index;
}

function isWorkingDayIndex(dayIndex: number, cal: WorkingCalendar): boolean {
  const date = dayIndexToDate(dayIndex);
  if (cal.makeupWorkdays.includes(date)) return true; // 调休上班 beats the weekend
  if (cal.holidays.includes(date)) return false;
  return !cal.weekendDays.includes(weekdayOf(dayIndex));
}

/** Working intervals `[startMs, endMs)` of one day, empty on a day off. */
function periodsOf(dayIndex: number, cal: WorkingCalendar): Array<[number, number]> {
  if (!isWorkingDayIndex(dayIndex, cal)) return [];
  const base = dayStartMs(dayIndex);
  return cal.workingHours.map((p) => [base + minutesOf(p.start) * 60_000, base + minutesOf(p.end) * 60_000]);
}

/** True when the +08:00 day of `date` (a Date, or `YYYY-MM-DD`) is worked: make-up days count, holidays don't. */
export function isWorkingDay(date: Date | string, cal: WorkingCalendar): boolean {
  return isWorkingDayIndex(dayIndexOf(date), cal);
}

/** True when `instant` falls inside working hours of a working day. */
export function isWorkingTime(instant: Date, cal: WorkingCalendar): boolean {
  const t = instant.getTime();
  return periodsOf(shanghaiDayIndex(instant), cal).some(([s, e]) => t >= s && t < e);
}

/** Add working time (ms) to `start`: the clock runs only in working hours; outside them it waits for the next. */
export function addWorkingMs(start: Date, ms: number, cal: WorkingCalendar): Date {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError('working time to add must be a finite number ≥ 0');
  let remaining = ms;
  let cursor = start.getTime();
  const firstDay = shanghaiDayIndex(start);
  for (let day = firstDay; day < firstDay + MAX_DAYS_SCANNED; day++) {
    for (const [s, e] of periodsOf(day, cal)) {
      const from = Math.max(s, cursor);
      if (from >= e) continue;
      if (remaining <= e - from) return new Date(from + remaining);
      remaining -= e - from;
      cursor = e;
    }
  }
  throw new RangeError('calendar has no working time within ten years');
}

/** Deadline after `hours` working hours (fractions allowed): 4 working hours from Friday 16:00 is Monday 12:00. */
export function addWorkingHours(start: Date, hours: number, cal: WorkingCalendar): Date {
  return addWorkingMs(start, hours * HOUR_MS, cal);
}

/**
 * Deadline after `days` working days: the end of the Nth working day after the start day (the start day itself
 * never counts, whatever the hour, as in city rules "N 个工作日内"). `days = 0` means the end of the start day if
 * it is worked, else of the next working day.
 */
export function addWorkingDays(start: Date, days: number, cal: WorkingCalendar): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError('working days must be a whole number ≥ 0');
  const startDay = shanghaiDayIndex(start);
  let counted = 0;
  const firstCandidate = days === 0 ? startDay : startDay + 1;
  for (let day = firstCandidate; day < startDay + MAX_DAYS_SCANNED; day++) {
    const periods = periodsOf(day, cal);
    const last = periods.at(-1);
    if (!last) continue;
    counted++;
    if (counted >= Math.max(days, 1)) return new Date(last[1]);
  }
  throw new RangeError('calendar has no working time within ten years');
}

/** True when the limit counts wall-clock time (natural hours / days), not working time. */
export function isNaturalLimit(limit: TimeLimit): boolean {
  return limit.unit === 'naturalHours' || limit.unit === 'naturalDays';
}

/**
 * The deadline of a time limit started at `start` (the moment of dispatch). Natural limits add wall-clock time:
 * an urgent case dispatched at 23:00 with 2 natural hours is due at 01:00, holiday or not.
 */
export function workingDeadline(start: Date, limit: TimeLimit, cal: WorkingCalendar): Date {
  switch (limit.unit) {
    case 'workingHours':
      return addWorkingHours(start, limit.value, cal);
    case 'workingDays':
      return addWorkingDays(start, limit.value, cal);
    case 'naturalHours':
      return new Date(start.getTime() + limit.value * HOUR_MS);
    case 'naturalDays':
      return new Date(start.getTime() + limit.value * 24 * HOUR_MS);
  }
}

/** Working time (ms) between two instants, 0 when `b` is not after `a`: what a parked (挂账) case did not use. */
export function workingTimeBetween(a: Date, b: Date, cal: WorkingCalendar): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to <= from) return 0;
  let total = 0;
  for (let day = shanghaiDayIndex(a); dayStartMs(day) < to; day++) {
    for (const [s, e] of periodsOf(day, cal)) {
      const overlap = Math.min(e, to) - Math.max(s, from);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/** Working days strictly between the +08:00 days of `a` and `b`, plus `b`'s day: how late a deadline was, in days. */
export function workingDaysBetween(a: Date, b: Date, cal: WorkingCalendar): number {
  let count = 0;
  for (let day = shanghaiDayIndex(a) + 1; day <= shanghaiDayIndex(b); day++) if (isWorkingDayIndex(day, cal)) count++;
  return count;
}
