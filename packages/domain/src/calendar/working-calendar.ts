import * as z from 'zod';
import { dateToDayIndex, isCalendarDate, minutesOf } from './shanghai-time';

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** A span of working time within one day, `HH:mm` in +08:00. */
export const workingPeriodSchema = z
  .object({
    start: z.string().regex(HHMM, { error: 'start must be HH:mm' }),
    end: z.string().regex(HHMM, { error: 'end must be HH:mm' }),
  })
  .refine((p) => minutesOf(p.start) < minutesOf(p.end), { error: 'start must be before end', path: ['end'] });

const dateSchema = z.string().refine(isCalendarDate, { error: 'must be a real date YYYY-MM-DD' });

/**
 * A tenant's working calendar (工作日历). Weekends, public holidays and the make-up working days (调休上班)
 * the State Council announces each year; working hours split by the lunch break. Always China time (+08:00).
 */
export const workingCalendarSchema = z
  .object({
    timezone: z.literal('Asia/Shanghai', { error: 'timezone must be Asia/Shanghai (China has one zone, no DST)' }),
    weekendDays: z
      .array(z.int().min(0).max(6), { error: 'weekendDays are 0 (Sunday) … 6 (Saturday)' })
      .max(6, { error: 'at least one day of the week must be a working day' })
      .refine((d) => new Set(d).size === d.length, { error: 'weekendDays must not repeat' }),
    holidays: z.array(dateSchema).max(2000),
    makeupWorkdays: z.array(dateSchema).max(2000),
    workingHours: z
      .array(workingPeriodSchema)
      .min(1, { error: 'at least one working period is needed' })
      .max(6)
      .refine((ps) => ps.every((p, i) => i === 0 || minutesOf(ps[i - 1]?.end ?? '00:00') <= minutesOf(p.start)), {
        error: 'working periods must be sorted and must not overlap',
      }),
  })
  .refine((c) => !c.holidays.some((h) => c.makeupWorkdays.includes(h)), {
    error: 'a date cannot be both a holiday and a make-up working day',
    path: ['makeupWorkdays'],
  });

/** A validated working calendar. */
export type WorkingCalendar = z.infer<typeof workingCalendarSchema>;

/** A period of working time. */
export type WorkingPeriod = z.infer<typeof workingPeriodSchema>;

function range(first: string, last: string): string[] {
  const from = dateToDayIndex(first);
  const to = dateToDayIndex(last);
  if (from === undefined || to === undefined) throw new RangeError(`bad range ${first}..${last}`);
  const out: string[] = [];
  for (let d = from; d <= to; d++) out.push(new Date(d * 86_400_000).toISOString().slice(0, 10));
  return out;
}

/**
 * China's 2026 public holidays as announced by the General Office of the State Council (Nov 2025). Holidays are
 * announced yearly, so tenants must be able to edit them: this list is a default, not a rule.
 */
export const china2026Holidays: readonly string[] = [
  ...range('2026-01-01', '2026-01-03'), // 元旦
  ...range('2026-02-15', '2026-02-23'), // 春节
  ...range('2026-04-04', '2026-04-06'), // 清明节
  ...range('2026-05-01', '2026-05-05'), // 劳动节
  ...range('2026-06-19', '2026-06-21'), // 端午节
  ...range('2026-09-25', '2026-09-27'), // 中秋节
  ...range('2026-10-01', '2026-10-07'), // 国庆节
];

/** The weekend days worked in 2026 to make up for bridged holidays (调休上班). */
export const china2026MakeupWorkdays: readonly string[] = [
  '2026-01-04', // Sunday, after New Year
  '2026-02-14', // Saturday, before Spring Festival
  '2026-02-28', // Saturday, after Spring Festival
  '2026-05-09', // Saturday, after Labour Day
  '2026-09-20', // Sunday, before National Day
  '2026-10-10', // Saturday, after National Day
];

/** The national default: Saturday and Sunday off, 2026 holidays, 09:00–12:00 and 13:30–17:30 (7 working hours). */
export function defaultCalendar(): WorkingCalendar {
  return {
    timezone: 'Asia/Shanghai',
    weekendDays: [0, 6],
    holidays: [...china2026Holidays],
    makeupWorkdays: [...china2026MakeupWorkdays],
    workingHours: [
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ],
  };
}
