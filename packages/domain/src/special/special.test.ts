import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../calendar/working-calendar';
import { applyProcessAction, createProcessRecord, type ProcessContext, processCounters } from '../process/engine';
import { profileInputSchema, resettlementEnd, visitDaysFor } from './profile';
import { specialVisitKind } from './visit';

const ctx = (roles: string[], now = '2026-11-03T02:00:00.000Z', clockValues = {}): ProcessContext => ({
  now: new Date(now),
  actor: { userId: 'u1', roles },
  clockValues,
  calendar: defaultCalendar(),
});

const input = {
  profileId: 'p1',
  personName: '王某',
  group: 'mental' as const,
  riskGrade: 3,
  responsibleUserId: 'w1',
  everyDays: 7,
};

describe('special populations', () => {
  it('derives the frequency from the grade, the tenant table first', () => {
    expect(visitDaysFor('mental', 3)).toBe(7);
    expect(visitDaysFor('mental', 0)).toBe(90);
    expect(visitDaysFor('youth', 3)).toBe(7);
    expect(visitDaysFor('mental', 3, { mental: { '3': 3 } })).toBe(3);
    expect(visitDaysFor('mental', 2, { mental: { '3': 3 } })).toBe(30);
  });

  it('ends 安置帮教 five years after the release (29 February → 1 March)', () => {
    expect(resettlementEnd('2024-06-18')).toBe('2029-06-18');
    expect(resettlementEnd('2024-02-29')).toBe('2029-03-01');
  });

  it('checks the grade on the group’s own scale', () => {
    const base = { personId: 'x', responsibleUserId: 'w' };
    expect(profileInputSchema.safeParse({ ...base, group: 'mental', riskGrade: 5 }).success).toBe(true);
    const off = profileInputSchema.safeParse({ ...base, group: 'drug', riskGrade: 0 });
    expect(off.success).toBe(false);
    expect(off.error?.issues[0]?.path).toEqual(['riskGrade']);
  });

  it('runs a visit on the record’s own clock length, not the tenant’s clock value', () => {
    // the tenant's value for the clock is 30; this record's frequency is 7 days
    const { next } = createProcessRecord(specialVisitKind, input, { id: 's1-a', tenantId: 's1' }, ctx(['dispatcher']));
    expect(next).toMatchObject({ step: 'due', data: { openFor: 'w1', everyDays: 7 } });
    // created 2026-11-03 10:00 China time: due at the end of 10 November
    expect(next.clock?.deadline).toBe('2026-11-10T16:00:00.000Z');
    const regraded = applyProcessAction(
      specialVisitKind,
      next,
      'reassign',
      { responsibleUserId: 'w2', everyDays: 3 },
      ctx(['dispatcher'], '2026-11-04T02:00:00.000Z'),
    ).next;
    // the period still counts from the start (the last visit), now 3 days
    expect(regraded.clock?.deadline).toBe('2026-11-06T16:00:00.000Z');
    expect(regraded.data.openFor).toBe('w2');
    const late = applyProcessAction(
      specialVisitKind,
      regraded,
      'visit',
      { at: '2026-11-08T02:00:00.000Z', place: '家中', findings: '正常' },
      ctx(['grid_worker'], '2026-11-08T02:00:00.000Z'),
    ).next;
    expect(late).toMatchObject({ step: 'visited', finishedOnTime: false });
    expect(late.data.openFor).toBeUndefined();
    const counts = processCounters(specialVisitKind, late);
    expect(counts.find((c) => c.dimension === 'worker')).toMatchObject({
      value: 'w2',
      add: { visited: 1, visitedOnTime: 0, missed: 0 },
    });
    // a department may not visit (no special.write)
    expect(() =>
      applyProcessAction(
        specialVisitKind,
        next,
        'visit',
        { at: next.createdAt, place: 'x', findings: 'y' },
        ctx(['department']),
      ),
    ).toThrow();
  });
});
