import { describe, expect, it } from 'vitest';
import { dateToDayIndex, weekdayOf } from './shanghai-time';
import { china2026Holidays, china2026MakeupWorkdays, defaultCalendar, workingCalendarSchema } from './working-calendar';

describe('defaultCalendar', () => {
  it('is valid against its own schema', () => {
    expect(workingCalendarSchema.parse(defaultCalendar())).toEqual(defaultCalendar());
  });

  it('returns a fresh copy each time (tenants edit theirs)', () => {
    const a = defaultCalendar();
    a.holidays.push('2027-01-01');
    expect(defaultCalendar().holidays).not.toContain('2027-01-01');
  });

  it('has the 2026 holiday lengths of the State Council notice', () => {
    expect(china2026Holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
  });

  it('has make-up days that all fall on a weekend', () => {
    for (const d of china2026MakeupWorkdays) expect([0, 6]).toContain(weekdayOf(dateToDayIndex(d) ?? 0));
  });
});

describe('workingCalendarSchema', () => {
  const base = defaultCalendar();
  it.each([
    ['another zone', { ...base, timezone: 'UTC' }],
    ['weekend day 7', { ...base, weekendDays: [7] }],
    ['repeated weekend day', { ...base, weekendDays: [0, 0] }],
    ['all days weekend', { ...base, weekendDays: [0, 1, 2, 3, 4, 5, 6] }],
    ['impossible holiday', { ...base, holidays: ['2026-02-30'] }],
    ['holiday and make-up at once', { ...base, makeupWorkdays: ['2026-01-01'] }],
    ['no working hours', { ...base, workingHours: [] }],
    ['start after end', { ...base, workingHours: [{ start: '12:00', end: '09:00' }] }],
    ['bad time', { ...base, workingHours: [{ start: '9:00', end: '12:00' }] }],
    [
      'overlapping periods',
      {
        ...base,
        workingHours: [
          { start: '09:00', end: '12:00' },
          { start: '11:00', end: '17:00' },
        ],
      },
    ],
  ])('rejects %s', (_label, input) => {
    expect(workingCalendarSchema.safeParse(input).success).toBe(false);
  });

  it('accepts a round-the-clock calendar', () => {
    const input = { ...base, weekendDays: [], workingHours: [{ start: '00:00', end: '24:00' }] };
    expect(workingCalendarSchema.safeParse(input).success).toBe(true);
  });
});
