import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, fromShanghaiInput, toShanghaiInput } from './time';

describe('China time whatever the zone', () => {
  it('formats an instant in +08:00', () => {
    expect(formatDateTime('2026-12-01T16:05:00Z')).toBe('2026-12-02 00:05');
    expect(formatDateTime('2026-12-02T06:30:59.999Z')).toBe('2026-12-02 14:30');
    expect(formatDate('2026-12-31T16:00:00Z')).toBe('2027-01-01');
    expect(formatDateTime(undefined)).toBe('');
    expect(formatDateTime('not a date')).toBe('not a date');
  });

  it('round-trips a datetime-local value as +08:00', () => {
    expect(toShanghaiInput(new Date('2026-12-02T06:30:00Z'))).toBe('2026-12-02T14:30');
    expect(fromShanghaiInput('2026-12-02T14:30')).toBe('2026-12-02T06:30:00.000Z');
  });
});
