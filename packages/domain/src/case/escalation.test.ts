import { describe, expect, it } from 'vitest';
import { ConflictError } from '../errors';
import { escalateCase, secondsUntilDeadline, workflowActor } from './escalation';
import { caseAt, fixtureNow } from './fixtures';
import { caseSteps } from './steps';

describe('escalateCase', () => {
  it('marks the case overdue, counts, and keeps the step', () => {
    const s = caseAt('dispatched');
    const first = escalateCase(s, fixtureNow);
    expect(first.next).toMatchObject({ step: 'dispatched', overdue: true, escalations: 1, version: s.version + 1 });
    expect(first.events[0]).toMatchObject({ type: 'escalated', from: 'dispatched', to: 'dispatched' });
    expect(first.events[0]?.actor.userId).toBe(workflowActor.userId);
    expect(first.counters.map((c) => c.name)).toEqual(['escalated']);
    expect(escalateCase(first.next, fixtureNow).next.escalations).toBe(2);
  });

  it.each(caseSteps)('on a %s case', (step) => {
    const run = () => escalateCase(caseAt(step), fixtureNow);
    if (['closed', 'evaluated', 'rejected', 'transferred'].includes(step)) expect(run).toThrow(ConflictError);
    else expect(run).not.toThrow();
  });
});

describe('secondsUntilDeadline', () => {
  it('counts down to the deadline and never below 0', () => {
    const s = caseAt('dispatched'); // deadline 14:30, now 10:00
    expect(secondsUntilDeadline(s, fixtureNow)).toBe(4.5 * 3600);
    expect(secondsUntilDeadline(s, new Date('2026-03-05T10:00:00+08:00'))).toBe(0);
  });

  it('is undefined without a running clock', () => {
    expect(secondsUntilDeadline(caseAt('reported'), fixtureNow)).toBeUndefined();
    expect(secondsUntilDeadline(caseAt('closed'), fixtureNow)).toBeUndefined();
    const parked = caseAt('dispatched', { parked: { since: fixtureNow.toISOString(), reason: 'x', by: 'u' } });
    expect(secondsUntilDeadline(parked, fixtureNow)).toBeUndefined();
  });
});
