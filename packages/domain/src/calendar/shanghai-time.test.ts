import { describe, expect, it } from 'vitest';
import {
  dateToDayIndex,
  dayIndexToDate,
  isCalendarDate,
  minutesOf,
  shanghaiDate,
  shanghaiDayIndex,
  toShanghaiIso,
  weekdayOf,
} from './shanghai-time';

describe('shanghai time', () => {
  it('puts 16:00 UTC on the next China day', () => {
    expect(shanghaiDate(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(shanghaiDate(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
  });

  it('formats with +08:00', () => {
    expect(toShanghaiIso(new Date('2026-03-01T16:05:06.789Z'))).toBe('2026-03-02T00:05:06+08:00');
  });

  it('round-trips day indexes', () => {
    const index = dateToDayIndex('2026-10-01');
    expect(index).toBeDefined();
    expect(dayIndexToDate(index ?? 0)).toBe('2026-10-01');
    expect(shanghaiDayIndex(new Date('2026-10-01T00:00:00+08:00'))).toBe(index);
  });

  it.each([
    ['2026-01-01', 4],
    ['2026-02-17', 2],
    ['1970-01-01', 4],
    ['1969-12-28', 0],
  ])('weekday of %s is %s', (date, weekday) => {
    expect(weekdayOf(dateToDayIndex(date) ?? Number.NaN)).toBe(weekday);
  });

  it.each([
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['yesterday', false],
  ])('isCalendarDate(%s) = %s', (date, ok) => {
    expect(isCalendarDate(date)).toBe(ok);
  });

  it('reads HH:mm as minutes', () => {
    expect(minutesOf('13:30')).toBe(810);
    expect(minutesOf('24:00')).toBe(1440);
  });
});
