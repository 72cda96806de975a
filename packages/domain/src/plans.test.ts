import { describe, expect, it } from 'vitest';
import { TooManyRequestsError } from './errors';
import {
  assertWithinPlan,
  isPlanName,
  limitsOf,
  MonthlyQuotaExceededError,
  nextShanghaiMonthStart,
  PLAN_LIMITS,
  planOf,
  QuotaExceededError,
  shanghaiMonth,
  shanghaiMonthDays,
} from './plans';

describe('plans', () => {
  it('publishes the three plans, strictest first', () => {
    expect(PLAN_LIMITS.trial).toEqual({ reportsPerMonth: 200, storageBytes: 1024 ** 3, users: 10 });
    expect(PLAN_LIMITS.standard.reportsPerMonth).toBe(5_000);
    expect(PLAN_LIMITS.district.users).toBeGreaterThan(PLAN_LIMITS.standard.users);
    expect(isPlanName('standard')).toBe(true);
    expect(isPlanName('gold')).toBe(false);
    expect(planOf(undefined)).toBe('trial');
  });

  it('applies overrides per plan and limit', () => {
    expect(limitsOf('trial', { trial: { reportsPerMonth: 3 } })).toEqual({ ...PLAN_LIMITS.trial, reportsPerMonth: 3 });
    expect(limitsOf('standard', { trial: { users: 1 } })).toEqual(PLAN_LIMITS.standard);
  });
});

describe('+08:00 months', () => {
  it('turns the month at 16:00 UTC on the last day', () => {
    expect(shanghaiMonth(new Date('2026-01-31T15:59:59Z'))).toBe('2026-01');
    expect(shanghaiMonth(new Date('2026-01-31T16:00:00Z'))).toBe('2026-02');
    expect(nextShanghaiMonthStart(new Date('2026-12-10T00:00:00Z')).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(shanghaiMonthDays(new Date('2028-02-10T00:00:00Z'))).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });
});

describe('assertWithinPlan', () => {
  const now = new Date('2026-03-31T15:00:00Z'); // 23:00 in Beijing, one hour before April

  it('allows up to the limit', () => {
    expect(() =>
      assertWithinPlan({ plan: 'trial', limits: PLAN_LIMITS.trial, limit: 'reportsPerMonth', used: 199, now }),
    ).not.toThrow();
  });

  it('refuses the monthly reports with 429, the limit named and Retry-After to the next month', () => {
    let error: unknown;
    try {
      assertWithinPlan({ plan: 'trial', limits: PLAN_LIMITS.trial, limit: 'reportsPerMonth', used: 200, now });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MonthlyQuotaExceededError);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    const e = error as MonthlyQuotaExceededError;
    expect(e.status).toBe(429);
    expect(e.code).toBe('quota_exceeded');
    expect(e.message).toBe('Monthly report quota of the trial plan (200) reached');
    expect(e.details).toEqual([{ path: 'plan.reportsPerMonth', message: '200' }]);
    expect(e.retryAfterSeconds).toBe(3600);
  });

  it('refuses storage and users with 403', () => {
    const storage = () =>
      assertWithinPlan({
        plan: 'standard',
        limits: PLAN_LIMITS.standard,
        limit: 'storageBytes',
        used: PLAN_LIMITS.standard.storageBytes - 10,
        adding: 11,
        now,
      });
    expect(storage).toThrow(QuotaExceededError);
    expect(storage).toThrow(/Evidence storage quota \(bytes\) of the standard plan/);
    const users = () => assertWithinPlan({ plan: 'trial', limits: PLAN_LIMITS.trial, limit: 'users', used: 10, now });
    expect(users).toThrow('User quota of the trial plan (10) reached');
  });
});
