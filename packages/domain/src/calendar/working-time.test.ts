import { describe, expect, it } from 'vitest';
import { defaultCalendar, type WorkingCalendar } from './working-calendar';
import {
  addWorkingDays,
  addWorkingHours,
  addWorkingMs,
  isWorkingDay,
  isWorkingTime,
  timeLimitSchema,
  workingDaysBetween,
  workingDeadline,
  workingTimeBetween,
} from './working-time';

const cal = defaultCalendar();
const at = (local: string) => new Date(`${local}+08:00`);
const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('isWorkingDay', () => {
  it.each([
    ['2026-03-02', true, 'ordinary Monday'],
    ['2026-03-07', false, 'Saturday'],
    ['2026-03-08', false, 'Sunday'],
    ['2026-01-01', false, 'New Year (Thursday)'],
    ['2026-01-02', false, 'New Year bridge (Friday)'],
    ['2026-01-04', true, 'make-up Sunday'],
    ['2026-02-16', false, 'Spring Festival Monday'],
    ['2026-02-23', false, 'last Spring Festival day (Monday)'],
    ['2026-02-24', true, 'first day back'],
    ['2026-02-14', true, 'make-up Saturday before Spring Festival'],
    ['2026-02-28', true, 'make-up Saturday after Spring Festival'],
    ['2026-04-06', false, 'Qingming Monday'],
    ['2026-05-05', false, 'Labour Day Tuesday'],
    ['2026-05-09', true, 'make-up Saturday'],
    ['2026-06-19', false, 'Dragon Boat Friday'],
    ['2026-09-20', true, 'make-up Sunday'],
    ['2026-09-25', false, 'Mid-Autumn Friday'],
    ['2026-10-07', false, 'National Day Wednesday'],
    ['2026-10-08', true, 'back after National Day'],
    ['2026-10-10', true, 'make-up Saturday'],
  ])('%s → %s (%s)', (date, expected) => {
    expect(isWorkingDay(date, cal)).toBe(expected);
  });

  it('uses the +08:00 day of an instant, not the machine day', () => {
    // 2026-03-06 (Friday) 23:30 UTC is already Saturday 07:30 in China.
    expect(isWorkingDay(new Date('2026-03-06T23:30:00Z'), cal)).toBe(false);
    // 2026-03-08 (Sunday) 16:30 UTC is Monday 00:30 in China.
    expect(isWorkingDay(new Date('2026-03-08T16:30:00Z'), cal)).toBe(true);
  });

  it('rejects strings that are not dates', () => {
    expect(() => isWorkingDay('2026-02-30', cal)).toThrow(RangeError);
  });

  it('honours a custom calendar (six-day week, no holidays)', () => {
    const sixDays: WorkingCalendar = { ...cal, weekendDays: [0], holidays: [], makeupWorkdays: [] };
    expect(isWorkingDay('2026-03-07', sixDays)).toBe(true);
    expect(isWorkingDay('2026-10-01', sixDays)).toBe(true);
  });
});

describe('isWorkingTime', () => {
  it.each([
    ['2026-03-02T08:59', false],
    ['2026-03-02T09:00', true],
    ['2026-03-02T11:59', true],
    ['2026-03-02T12:00', false],
    ['2026-03-02T13:29', false],
    ['2026-03-02T13:30', true],
    ['2026-03-02T17:29', true],
    ['2026-03-02T17:30', false],
    ['2026-03-07T10:00', false],
  ])('%s → %s', (t, expected) => {
    expect(isWorkingTime(at(t), cal)).toBe(expected);
  });
});

describe('addWorkingHours', () => {
  it.each([
    ['2026-03-02T09:00', 2, '2026-03-02 11:00', 'inside the morning'],
    ['2026-03-02T11:00', 2, '2026-03-02 14:30', 'across lunch'],
    ['2026-03-02T12:30', 1, '2026-03-02 14:30', 'starting at lunch waits for 13:30'],
    ['2026-03-02T07:00', 1, '2026-03-02 10:00', 'starting before hours waits for 09:00'],
    ['2026-03-02T20:00', 1, '2026-03-03 10:00', 'starting after hours waits for tomorrow'],
    ['2026-03-02T09:00', 7, '2026-03-02 17:30', 'a whole working day ends at 17:30, not next morning'],
    ['2026-03-02T09:00', 7.5, '2026-03-03 09:30', 'half an hour into the next day'],
    ['2026-03-06T16:00', 4, '2026-03-09 11:30', 'Friday afternoon runs into Monday'],
    ['2026-03-06T19:00', 4, '2026-03-09 14:30', 'Friday evening: Monday morning is 3 h, then 1 h after lunch'],
    ['2026-03-06T19:00', 3, '2026-03-09 12:00', 'exactly the morning ends at 12:00, not 13:30'],
    ['2026-03-07T10:00', 1, '2026-03-09 10:00', 'reported on Saturday'],
    ['2026-02-13T16:30', 4, '2026-02-14 12:00', 'Friday before Spring Festival: the make-up Saturday is worked'],
    ['2026-02-14T16:30', 4, '2026-02-24 12:00', 'make-up Saturday evening: the holiday week is skipped'],
    ['2026-09-30T17:00', 1, '2026-10-08 09:30', 'across National Day'],
    ['2026-03-02T10:00', 0, '2026-03-02 10:00', 'zero hours is the start'],
  ])('%s + %s h → %s (%s)', (start, hours, expected) => {
    expect(local(addWorkingHours(at(start), hours, cal))).toBe(expected);
  });

  it('rejects negative or infinite amounts', () => {
    expect(() => addWorkingHours(at('2026-03-02T10:00'), -1, cal)).toThrow(RangeError);
    expect(() => addWorkingMs(at('2026-03-02T10:00'), Number.POSITIVE_INFINITY, cal)).toThrow(RangeError);
  });

  it('fails loudly on a calendar without working days', () => {
    const never: WorkingCalendar = { ...cal, weekendDays: [0, 1, 2, 3, 4, 5, 6], makeupWorkdays: [] };
    expect(() => addWorkingHours(at('2026-03-02T10:00'), 1, never)).toThrow(/no working time/);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2026-03-02T10:00', 1, '2026-03-03 17:30', 'next working day'],
    ['2026-03-02T07:00', 1, '2026-03-03 17:30', 'the start day never counts, even before hours'],
    ['2026-03-06T10:00', 1, '2026-03-09 17:30', 'Friday → Monday'],
    ['2026-03-07T10:00', 1, '2026-03-09 17:30', 'Saturday → Monday'],
    ['2026-03-02T10:00', 5, '2026-03-09 17:30', 'a working week'],
    ['2026-02-12T10:00', 3, '2026-02-24 17:30', 'Thursday before Spring Festival: Fri, make-up Sat, then 24 Feb'],
    ['2026-02-12T10:00', 2, '2026-02-14 17:30', 'ends on the make-up Saturday'],
    ['2026-09-18T10:00', 1, '2026-09-20 17:30', 'make-up Sunday counts'],
    ['2026-03-02T10:00', 0, '2026-03-02 17:30', 'zero days: end of today'],
    ['2026-03-07T10:00', 0, '2026-03-09 17:30', 'zero days on a day off: end of next working day'],
  ])('%s + %s d → %s (%s)', (start, days, expected) => {
    expect(local(addWorkingDays(at(start), days, cal))).toBe(expected);
  });

  it('rejects fractions and negatives', () => {
    expect(() => addWorkingDays(at('2026-03-02T10:00'), 1.5, cal)).toThrow(RangeError);
    expect(() => addWorkingDays(at('2026-03-02T10:00'), -1, cal)).toThrow(RangeError);
  });
});

describe('workingDeadline', () => {
  it('dispatches on the unit', () => {
    const start = at('2026-03-06T16:00');
    expect(local(workingDeadline(start, { value: 4, unit: 'workingHours' }, cal))).toBe('2026-03-09 11:30');
    expect(local(workingDeadline(start, { value: 15, unit: 'workingDays' }, cal))).toBe('2026-03-27 17:30');
  });
});

describe('workingTimeBetween', () => {
  const h = (n: number) => n * 3600_000;
  it.each([
    ['2026-03-02T09:00', '2026-03-02T17:30', h(7), 'a whole day'],
    ['2026-03-02T11:00', '2026-03-02T14:00', h(1.5), 'lunch does not count'],
    ['2026-03-02T12:10', '2026-03-02T13:00', 0, 'inside lunch'],
    ['2026-03-06T17:00', '2026-03-09T09:30', h(1), 'a weekend does not count'],
    ['2026-02-13T17:00', '2026-02-24T10:00', h(0.5 + 7 + 1), 'holiday week skipped, make-up Saturday counted'],
    ['2026-03-02T14:00', '2026-03-02T11:00', 0, 'reversed interval'],
    ['2026-03-02T10:00', '2026-03-02T10:00', 0, 'empty interval'],
  ])('%s → %s = %s ms (%s)', (a, b, expected) => {
    expect(workingTimeBetween(at(a), at(b), cal)).toBe(expected);
  });

  it('is the inverse of addWorkingMs', () => {
    const start = at('2026-02-12T15:45');
    for (const hours of [0.25, 1, 3.5, 7, 20, 80]) {
      const end = addWorkingHours(start, hours, cal);
      expect(workingTimeBetween(start, end, cal)).toBe(hours * 3600_000);
    }
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after a and up to b', () => {
    expect(workingDaysBetween(at('2026-03-06T10:00'), at('2026-03-09T10:00'), cal)).toBe(1);
    expect(workingDaysBetween(at('2026-02-13T10:00'), at('2026-02-24T10:00'), cal)).toBe(2);
    expect(workingDaysBetween(at('2026-03-09T10:00'), at('2026-03-06T10:00'), cal)).toBe(0);
  });
});

describe('timeLimitSchema', () => {
  it.each([
    [{ value: 4, unit: 'workingHours' }, true],
    [{ value: 1000, unit: 'workingDays' }, true],
    [{ value: 0, unit: 'workingDays' }, false],
    [{ value: 1001, unit: 'workingDays' }, false],
    [{ value: 1.5, unit: 'workingHours' }, false],
    [{ value: 2, unit: 'days' }, false],
  ])('%j valid=%s', (input, ok) => {
    expect(timeLimitSchema.safeParse(input).success).toBe(ok);
  });
});
