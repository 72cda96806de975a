import { describe, expect, it } from 'vitest';
import { nationalYearSchema, nextYearMissing, withNationalYears } from './national-calendar';
import { defaultCalendar } from './working-calendar';

const y2027 = { year: 2027, holidays: ['2027-01-01', '2027-02-06'], makeupWorkdays: ['2027-02-14'] };

describe('national calendar', () => {
  it('adds a published year to a tenant without its own table for it, and keeps a tenant override', () => {
    const merged = withNationalYears(defaultCalendar(), [y2027]);
    expect(merged.holidays).toContain('2027-02-06');
    const own = { ...defaultCalendar(), holidays: [...defaultCalendar().holidays, '2027-01-02'] };
    expect(withNationalYears(own, [y2027]).holidays).not.toContain('2027-02-06');
  });

  it('warns from 1 November (+08:00) while next year is missing', () => {
    const cal = defaultCalendar();
    expect(nextYearMissing(cal, new Date('2026-10-31T15:59:00Z'))).toBe(false); // 23:59 on 31 Oct in Beijing
    expect(nextYearMissing(cal, new Date('2026-10-31T16:00:00Z'))).toBe(true); // 00:00 on 1 Nov in Beijing
    expect(nextYearMissing(withNationalYears(cal, [y2027]), new Date('2026-11-15T00:00:00Z'))).toBe(false);
  });

  it('accepts only dates of the year named', () => {
    const res = nationalYearSchema(2027).safeParse({ holidays: ['2026-12-31'], makeupWorkdays: [] });
    expect(res.success).toBe(false);
  });
});
