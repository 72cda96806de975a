import * as z from 'zod';
import { isCalendarDate, shanghaiDate } from './shanghai-time';
import type { WorkingCalendar } from './working-calendar';

const dateOf = (year: number) =>
  z
    .string()
    .refine(isCalendarDate, { error: 'must be a real date YYYY-MM-DD' })
    .refine((d) => d.startsWith(`${year}-`), { error: `must be a date of ${year}` });

/**
 * The national holiday table of one year (published by the State Council each November), loaded once by the
 * platform operator for every tenant.
 */
export function nationalYearSchema(year: number) {
  return z
    .object({
      holidays: z.array(dateOf(year)).min(1, { error: 'a year has public holidays' }).max(60),
      makeupWorkdays: z.array(dateOf(year)).max(30),
    })
    .refine((c) => !c.holidays.some((h) => c.makeupWorkdays.includes(h)), {
      error: 'a date cannot be both a holiday and a make-up working day',
      path: ['makeupWorkdays'],
    });
}

/** One published national year. */
export interface NationalYear {
  year: number;
  holidays: string[];
  makeupWorkdays: string[];
}

/** True when the calendar names any holiday or make-up day of `year` (the tenant's own table for that year). */
export function coversYear(calendar: WorkingCalendar, year: number): boolean {
  const prefix = `${year}-`;
  return [...calendar.holidays, ...calendar.makeupWorkdays].some((d) => d.startsWith(prefix));
}

/** The tenant's calendar with each national year it has no own table for (tenants keep their overrides). */
export function withNationalYears(calendar: WorkingCalendar, years: readonly NationalYear[]): WorkingCalendar {
  const added = years.filter((y) => !coversYear(calendar, y.year));
  if (added.length === 0) return calendar;
  return {
    ...calendar,
    holidays: [...calendar.holidays, ...added.flatMap((y) => y.holidays)].sort(),
    makeupWorkdays: [...calendar.makeupWorkdays, ...added.flatMap((y) => y.makeupWorkdays)].sort(),
  };
}

/** From 1 November (China time) the next year's table is due: true while the calendar still lacks it. */
export function nextYearMissing(calendar: WorkingCalendar, now: Date): boolean {
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  return today.slice(5) >= '11-01' && !coversYear(calendar, year + 1);
}
