import { describe, expect, it } from 'vitest';
import { shanghaiDate } from '../calendar/shanghai-time';
import { AppError } from '../errors';
import type { ActionName } from './action-bodies';
import { applyAction } from './apply-action';
import { cohortDiff } from './cohort';
import { caseAt, fixtureContext as ctx, fixtureNow as now, fixtureActors as who } from './fixtures';
import type { CaseActor, CaseState } from './state';

const run = (s: CaseState, action: ActionName, body: unknown, actor: CaseActor, at = now) =>
  applyAction(s, action, body, actor, at, ctx);
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return `${e.status} ${e.code}`;
  }
  return 'ok';
};
const until = '2026-03-10T17:30:00+08:00';
const untilIso = new Date(until).toISOString();

describe('extend', () => {
  it('a department request stays pending and does not move the deadline', () => {
    const s = caseAt('dispatched');
    const { next, events, counters } = run(s, 'extend', { reason: 'truck', until }, who.department);
    expect(next.extension).toMatchObject({ status: 'pending', until, requestedBy: 'u-dept', reason: 'truck' });
    expect(next.deadline).toBe(s.deadline);
    expect(events[0]?.type).toBe('extension_requested');
    expect(counters).toEqual([]);
  });

  it('a leader approves a pending request: the deadline moves and extended is counted', () => {
    const pending = run(caseAt('dispatched'), 'extend', { reason: 'truck', until }, who.department).next;
    const { next, events, counters } = run(pending, 'extend', { reason: 'ok', until, approve: true }, who.leader);
    expect(next.deadline).toBe(until);
    expect(next.extension).toMatchObject({
      status: 'granted',
      requestedBy: 'u-dept',
      decidedBy: 'u-leader',
      reason: 'truck',
    });
    expect(events[0]).toMatchObject({ type: 'extension_granted', data: { until } });
    // 延期 is a due-cohort counter: the store writes the move of the case's cohorts to the new day
    expect(counters).toEqual([]);
    expect(next.closeDeadline).toBe(until);
    const moved = cohortDiff(pending, next).map((c) => `${c.name}@${c.day}${c.by > 0 ? '+' : ''}${c.by}`);
    expect(moved).toContain(`dueHandleExtended@${shanghaiDate(new Date(until))}+1`);
    expect(moved).toContain(`dueClose@${shanghaiDate(new Date(until))}+1`);
  });

  it('a leader rejects a pending request: the deadline stays', () => {
    const s = caseAt('dispatched');
    const pending = run(s, 'extend', { reason: 'truck', until }, who.department).next;
    const { next, events } = run(pending, 'extend', { reason: 'no', until, approve: false }, who.leader);
    expect(next.extension?.status).toBe('rejected');
    expect(next.deadline).toBe(s.deadline);
    expect(events[0]?.type).toBe('extension_rejected');
    // The department may ask again once the first request is decided.
    expect(codeOf(() => run(next, 'extend', { reason: 'again', until }, who.department))).toBe('ok');
  });

  it('a leader or tenant admin grants at once without a request; overdue is cleared', () => {
    for (const actor of [who.leader, who.tenant_admin]) {
      const { next } = run(caseAt('dispatched', { overdue: true }), 'extend', { reason: 'storm', until }, actor);
      expect(next).toMatchObject({ deadline: until, overdue: false, extension: { status: 'granted' } });
    }
  });

  it.each([
    ['second request while one is pending', 'pending', who.department, { reason: 'x', until }, '409 extension_pending'],
    [
      'rejecting with nothing pending',
      'none',
      who.leader,
      { reason: 'x', until, approve: false },
      '409 no_pending_extension',
    ],
    ['a department deciding', 'pending', who.department, { reason: 'x', until, approve: true }, '403 forbidden'],
    [
      'until before the deadline',
      'none',
      who.leader,
      { reason: 'x', until: '2026-03-04T14:00:00+08:00' },
      '400 invalid_extension',
    ],
    [
      'until in the past (request)',
      'none',
      who.department,
      { reason: 'x', until: '2026-03-01T10:00:00+08:00' },
      '400 invalid_extension',
    ],
    [
      'another department requesting',
      'none',
      { ...who.department, departmentId: 'dept-2' },
      { reason: 'x', until },
      '403 forbidden',
    ],
  ] as const)('refuses %s', (_label, pending, actor, body, expected) => {
    let s = caseAt('dispatched');
    if (pending === 'pending') s = run(s, 'extend', { reason: 'first', until }, who.department).next;
    expect(codeOf(() => run(s, 'extend', body, actor))).toBe(expected);
  });

  it('handling withdraws a pending request', () => {
    const pending = run(caseAt('dispatched'), 'extend', { reason: 'truck', until }, who.department).next;
    expect(run(pending, 'handle', { note: 'done' }, who.department).next.extension?.status).toBe('withdrawn');
  });

  it('handling before the extended deadline is on time', () => {
    const granted = run(caseAt('dispatched'), 'extend', { reason: 'storm', until }, who.leader).next;
    const late = new Date('2026-03-09T10:00:00+08:00');
    expect(run(granted, 'handle', { note: 'done' }, who.department, late).next.handledOnTime).toBe(true);
    expect(untilIso).toBe('2026-03-10T09:30:00.000Z');
  });
});

describe('park / unpark', () => {
  const parkedAt = new Date('2026-03-04T11:00:00+08:00');

  it('parks: records who and why, counts parked', () => {
    const { next, counters } = run(caseAt('dispatched'), 'park', { reason: 'budget' }, who.department, parkedAt);
    expect(next.parked).toEqual({ since: parkedAt.toISOString(), reason: 'budget', by: 'u-dept' });
    expect(counters.map((c) => c.name)).toEqual(['parked']);
  });

  it('unpark pushes the deadline by the working time spent parked (the clock stopped)', () => {
    const s = caseAt('dispatched'); // deadline Wednesday 14:30
    const parked = run(s, 'park', { reason: 'budget' }, who.department, parkedAt).next;
    // Parked Wed 11:00 → Mon 10:00: Wed 1 h + 4 h, Thu 7 h, Fri 7 h, Mon 1 h = 20 working hours.
    const back = new Date('2026-03-09T10:00:00+08:00');
    const { next, events } = run(parked, 'unpark', {}, who.department, back);
    expect(next).not.toHaveProperty('parked');
    expect(next.parkedWorkingMs).toBe(20 * 3600_000);
    // 14:30 Wednesday + 20 working hours = Monday 12:00 (Wed 3 h, Thu 7 h, Fri 7 h, Mon 3 h): the 2 working
    // hours left when parking (11:00 → 14:30, lunch excluded) are left after unparking (10:00 → 12:00).
    expect(next.deadline).toBe(new Date('2026-03-09T12:00:00+08:00').toISOString());
    expect(events[0]).toMatchObject({ type: 'unparked', data: { pausedWorkingMs: 20 * 3600_000 } });
  });

  it('parking over a weekend only does not move the deadline', () => {
    const friday = new Date('2026-03-06T17:30:00+08:00');
    const parked = run(caseAt('dispatched'), 'park', { reason: 'x' }, who.department, friday).next;
    const monday = new Date('2026-03-09T09:00:00+08:00');
    const { next } = run(parked, 'unpark', {}, who.department, monday);
    expect(next.deadline).toBe(parked.deadline);
  });

  it.each(['return', 'handle', 'extend', 'park'] as const)('blocks %s while parked', (action) => {
    const parked = run(caseAt('dispatched'), 'park', { reason: 'x' }, who.department).next;
    const body = { reason: 'r', note: 'n', until };
    expect(codeOf(() => run(parked, action, body, who.tenant_admin))).toBe('409 case_parked');
  });

  it('refuses to unpark a case that is not parked', () => {
    expect(codeOf(() => run(caseAt('dispatched'), 'unpark', {}, who.department))).toBe('409 not_parked');
  });
});

describe('scope: a department acts only on its own cases', () => {
  const other: CaseActor = { userId: 'u-x', roles: ['department'], departmentId: 'dept-2' };
  const noDept: CaseActor = { userId: 'u-y', roles: ['department'] };
  it.each(['return', 'handle', 'extend', 'park'] as const)('%s by another department → 403', (action) => {
    const body = { reason: 'r', note: 'n', until };
    expect(codeOf(() => run(caseAt('dispatched'), action, body, other))).toBe('403 forbidden');
    expect(codeOf(() => run(caseAt('dispatched'), action, body, noDept))).toBe('403 forbidden');
  });

  it('a department user who is also a leader may decide on any department’s extension', () => {
    const both: CaseActor = { userId: 'u-z', roles: ['department', 'leader'], departmentId: 'dept-2' };
    expect(codeOf(() => run(caseAt('dispatched'), 'extend', { reason: 'r', until }, both))).toBe('ok');
  });

  it('a grid worker verifies only in their grids when grids are given', () => {
    const elsewhere: CaseActor = { userId: 'u-g', roles: ['grid_worker'], gridCodes: ['120116001002999'] };
    expect(codeOf(() => run(caseAt('handled'), 'verify', {}, elsewhere))).toBe('403 forbidden');
    const anyGrid: CaseActor = { userId: 'u-g', roles: ['grid_worker'] };
    expect(codeOf(() => run(caseAt('handled'), 'verify', {}, anyGrid))).toBe('ok');
  });
});
