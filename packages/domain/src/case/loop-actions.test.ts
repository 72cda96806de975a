import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { kpiFromCounters, mergeCounters } from '../kpi';
import type { ActionName } from './action-bodies';
import { applyAction } from './apply-action';
import { cohortDiff } from './cohort';
import type { CounterIncrement } from './counters';
import { createCase } from './create-case';
import { caseAt, fixtureContext as ctx, fixtureNow as now, validBodies, fixtureActors as who } from './fixtures';
import type { CaseState } from './state';
import type { CaseStep } from './steps';

const run = (s: CaseState, action: ActionName, body: unknown, actor = who.tenant_admin, at = now) =>
  applyAction(s, action, body, actor, at, ctx);
const names = (counters: CounterIncrement[]) => counters.map((c) => `${c.name}+${c.by}`);
/** What the store writes for a transition: the action's activity counters and the due-cohort difference. */
const written = (before: CaseState, result: { next: CaseState; counters: CounterIncrement[] }) =>
  [...result.counters, ...cohortDiff(before, result.next)]
    .map((c) => `${c.name}@${c.day}${c.by > 0 ? '+' : ''}${c.by}`)
    .sort();
const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, code: e.code, details: e.details };
  }
  return undefined;
};

describe('register', () => {
  it('files under a category, keeps or overrides the grid, counts registered', () => {
    const { next, events, counters } = run(caseAt('reported'), 'register', { categoryCode: 'BUILDING' });
    expect(next).toMatchObject({ step: 'registered', categoryCode: 'BUILDING', gridCode: '120116001002003' });
    expect(events[0]).toMatchObject({ type: 'registered', data: { categoryCode: 'BUILDING' } });
    // the fixture case was reported with its grid but no category: it is counted as reported for the category
    // now, on its report day, so 立案率 by category is registered ÷ reported of that category
    expect(counters).toEqual([
      {
        name: 'registered',
        by: 1,
        day: '2026-03-04',
        dimensions: { categoryCode: 'BUILDING', gridCode: '120116001002003' },
      },
      {
        name: 'reported',
        by: 1,
        day: '2026-03-04',
        dimensions: { categoryCode: 'BUILDING' },
        dimensionsOnly: true,
      },
    ]);
    const moved = run(caseAt('reported'), 'register', { categoryCode: 'GARBAGE', gridCode: '120116001002004' });
    expect(moved.next.gridCode).toBe('120116001002004');
  });

  it('refuses a category the tenant does not have', () => {
    expect(errorOf(() => run(caseAt('reported'), 'register', { categoryCode: 'NOPE' }))).toMatchObject({
      status: 400,
      code: 'unknown_category',
    });
  });
});

describe('reject', () => {
  it('ends the case with the reason in the audit trail', () => {
    const { next, events, counters } = run(caseAt('reported'), 'reject', { reason: '  duplicate  ' });
    expect(next.step).toBe('rejected');
    expect(events[0]?.note).toBe('duplicate');
    expect(names(counters)).toEqual(['rejected+1']);
  });
});

describe('dispatch', () => {
  it('starts the department clock with the category time limit in working hours', () => {
    const { next, events, counters } = run(caseAt('registered'), 'dispatch', { departmentId: 'dept-9' });
    expect(next).toMatchObject({ step: 'dispatched', departmentId: 'dept-9', overdue: false });
    expect(next.deadline).toBe(new Date('2026-03-04T15:30:00+08:00').toISOString()); // 10:00 + 4 h, lunch skipped
    expect(events[0]?.data).toMatchObject({ departmentId: 'dept-9' });
    expect(next.closeDeadline).toBe(next.deadline);
    expect(next.dispatchedBy).toBe('u-admin');
    expect(counters[0]?.dimensions).toEqual({
      departmentId: 'dept-9',
      categoryCode: 'GARBAGE',
      gridCode: '120116001002003',
      userId: 'u-admin',
    });
    // the case enters both due cohorts on its deadline's day, open (backlog +1)
    expect(written(caseAt('registered'), { next, counters })).toEqual([
      'closeBacklog@2026-03-04+1',
      'dispatched@2026-03-04+1',
      'dueClose@2026-03-04+1',
      'dueHandle@2026-03-04+1',
      'handleBacklog@2026-03-04+1',
    ]);
  });

  it('fails when the category disappeared since filing', () => {
    const s = caseAt('registered', { categoryCode: 'GONE' });
    expect(errorOf(() => run(s, 'dispatch', { departmentId: 'd' }))?.status).toBe(400);
  });
});

describe('return', () => {
  it('sends the case back to the centre and counts against the returning department', () => {
    const { next, counters } = run(caseAt('dispatched'), 'return', { reason: 'not ours' }, who.department);
    expect(next).toMatchObject({ step: 'registered', returnCount: 1 });
    expect(next).not.toHaveProperty('departmentId');
    expect(next).not.toHaveProperty('deadline');
    expect(counters[0]).toMatchObject({ name: 'returned', dimensions: { departmentId: 'dept-1' } });
    // and it leaves the department's due cohorts
    const before = caseAt('dispatched');
    expect(cohortDiff(before, next).every((c) => c.by < 0 && c.dimensions.departmentId === 'dept-1')).toBe(true);
    expect(cohortDiff(before, next).map((c) => c.name)).toContain('dueClose');
  });
});

describe('handle', () => {
  it('is on time at the deadline and late after it', () => {
    const s = caseAt('dispatched');
    const deadline = new Date(s.deadline ?? '');
    const onTime = run(s, 'handle', validBodies.handle, who.department, deadline);
    expect(onTime.next.handledOnTime).toBe(true);
    expect(written(s, onTime)).toEqual([
      'dueHandleHandled@2026-03-04+1',
      'dueHandleOnTime@2026-03-04+1',
      'handleBacklog@2026-03-04-1',
    ]);
    expect(onTime.events[0]?.evidence).toEqual(['d0001/s001/cases/case-1/a.jpg']);
    const late = run(s, 'handle', { note: 'done' }, who.department, new Date(deadline.getTime() + 1));
    expect(late.next.handledOnTime).toBe(false);
    expect(late.next.handledLateOnce).toBe(true);
    // late, on the deadline's own day: handled in the cohort, not on time, never carried over
    expect(written(s, late)).toEqual(['dueHandleHandled@2026-03-04+1', 'handleBacklog@2026-03-04-1']);
    const nextDay = run(s, 'handle', { note: 'done' }, who.department, new Date('2026-03-05T10:00:00+08:00'));
    expect(written(s, nextDay)).toEqual(['handleBacklog@2026-03-05-1', 'handledLate@2026-03-05+1']);
    expect(late.events[0]).not.toHaveProperty('evidence');
  });
});

describe('verify, rework, close, evaluate', () => {
  it('verify moves to verified and counts 核查 for the worker (on time without a requested check)', () => {
    const { next, counters } = run(caseAt('handled'), 'verify', {}, who.grid_worker);
    expect(next.step).toBe('verified');
    expect(names(counters)).toEqual(['verified+1', 'verifiedOnTime+1']);
    expect(counters.every((c) => c.dimensions.userId === 'u-grid')).toBe(true);
  });

  it('a check made after the requested check’s limit is counted, but not on time', () => {
    const asked = caseAt('handled', { checkRequested: true, stepDeadline: '2026-03-03T10:00:00+08:00' });
    const { counters } = run(asked, 'verify', {}, who.grid_worker);
    expect(names(counters)).toEqual(['verified+1']);
  });

  it('rework restarts the handling clock (the closing deadline stays) and counts 返工 in the handling cohort', () => {
    const before = caseAt('handled', { deadline: new Date('2026-03-04T12:00:00+08:00').toISOString() });
    const result = run(before, 'rework', { reason: 'still dirty' }, who.grid_worker);
    const { next, counters } = result;
    expect(next).toMatchObject({ step: 'dispatched', reworkCount: 1, departmentId: 'dept-1' });
    expect(next).not.toHaveProperty('handledOnTime');
    expect(next.deadline).toBe(new Date('2026-03-04T15:30:00+08:00').toISOString());
    expect(next.closeDeadline ?? before.deadline).toBe(before.deadline);
    // the worker's on-site check counts (核查数) whatever it found
    expect(names(counters)).toEqual(['verified+1', 'verifiedOnTime+1']);
    expect(written(before, result)).toContain('dueHandleReworked@2026-03-04+1');
    expect(written(before, result)).not.toContain('dueClose@2026-03-04+1');
  });

  it('close is on time only at or before the closing deadline', () => {
    const s = caseAt('verified');
    const closeDeadline = new Date(s.closeDeadline ?? s.deadline ?? '');
    const onTime = run(s, 'close', {}, who.dispatcher, closeDeadline);
    expect(onTime.events[0]?.data).toEqual({ onTime: true });
    expect(written(s, onTime)).toEqual([
      'closeBacklog@2026-03-04-1',
      'closures@2026-03-04+1',
      'dueCloseClosed@2026-03-04+1',
      'dueCloseOnTime@2026-03-04+1',
    ]);
    // a timely handling does not make a late closure on time (the case is carried over until closed)
    const late = run(s, 'close', {}, who.dispatcher, new Date('2026-03-06T10:00:00+08:00'));
    expect(late.events[0]?.data).toEqual({ onTime: false });
    expect(written(s, late)).toEqual(['closeBacklog@2026-03-06-1', 'closedLate@2026-03-06+1', 'closures@2026-03-06+1']);
  });

  it('evaluate stores the rating; the rating counts as the 回访 result (4 → 满意)', () => {
    const before = caseAt('closed');
    const result = run(before, 'evaluate', { rating: 4, comment: 'ok' }, who.citizen);
    expect(result.next).toMatchObject({ step: 'evaluated', rating: 4, ratingComment: 'ok' });
    expect(names(result.counters)).toEqual(['evaluated+1', 'satisfactionSum+4']);
    expect(written(before, result)).toEqual([
      'evaluated@2026-03-04+1',
      'followedUp@2026-03-04+1',
      'satisfactionSum@2026-03-04+4',
      'satisfied@2026-03-04+1',
    ]);
  });
});

/** The step each action applies to, so only the body can be wrong. */
const stepFor: Record<ActionName, CaseStep> = {
  register: 'reported',
  reject: 'reported',
  transfer: 'registered',
  dispatch: 'registered',
  return: 'dispatched',
  handle: 'dispatched',
  extend: 'dispatched',
  park: 'dispatched',
  unpark: 'dispatched',
  verify: 'handled',
  rework: 'handled',
  close: 'verified',
  evaluate: 'closed',
  review: 'handled',
  supervise: 'dispatched',
  answer: 'dispatched',
  followUp: 'closed',
  escalate: 'registered',
  assignDown: 'reported',
};

describe('body validation', () => {
  it.each([
    ['register', {}, 'categoryCode'],
    ['register', { categoryCode: 'bad code!' }, 'categoryCode'],
    ['register', { categoryCode: 'GARBAGE', gridCode: '123' }, 'gridCode'],
    ['reject', { reason: '   ' }, 'reason'],
    ['dispatch', { departmentId: '' }, 'departmentId'],
    ['return', {}, 'reason'],
    ['handle', { evidence: [] }, 'note'],
    ['handle', { note: 'x', evidence: [''] }, 'evidence.0'],
    ['extend', { reason: 'x', until: '2026-03-10 17:30' }, 'until'],
    ['extend', { reason: 'x', until: '2026-03-10T17:30:00+08:00', approve: 'yes' }, 'approve'],
    ['park', { reason: '' }, 'reason'],
    ['rework', null, 'reason'],
    ['close', { note: 'x'.repeat(1001) }, 'note'],
    ['evaluate', { rating: 6 }, 'rating'],
    ['evaluate', { rating: 4.5 }, 'rating'],
  ] as const)('%s %j → 400 at %s', (action, body, path) => {
    const state = caseAt(stepFor[action]);
    const error = errorOf(() => run(state, action, body, action === 'evaluate' ? who.citizen : who.tenant_admin));
    expect(error).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(error?.details.map((d) => d.path)).toContain(path);
  });

  it('ignores unknown fields such as version', () => {
    expect(() => run(caseAt('reported'), 'reject', { reason: 'dup', version: 5, extra: true })).not.toThrow();
  });
});

describe('the whole loop', () => {
  it('runs report → evaluate and feeds the KPIs', () => {
    const t = (hhmm: string) => new Date(`2026-03-04T${hhmm}:00+08:00`);
    const all: CounterIncrement[] = [];
    let { next: s, counters } = createCase(
      { id: 'c1', source: 'grid_worker', description: 'pothole', gridCode: '120116001002003' },
      who.grid_worker,
      t('09:00'),
    );
    all.push(...counters);
    const steps: Array<[ActionName, unknown, keyof typeof who, string]> = [
      ['register', { categoryCode: 'GARBAGE' }, 'dispatcher', '09:10'],
      ['dispatch', { departmentId: 'dept-1' }, 'dispatcher', '09:20'],
      ['return', { reason: 'wrong' }, 'department', '09:30'],
      ['dispatch', { departmentId: 'dept-1' }, 'dispatcher', '09:40'],
      ['handle', { note: 'fixed' }, 'department', '10:40'],
      ['rework', { reason: 'not fixed' }, 'grid_worker', '11:00'],
      ['handle', { note: 'fixed again' }, 'department', '14:00'],
      ['verify', {}, 'grid_worker', '15:00'],
      ['close', {}, 'dispatcher', '16:00'],
      ['evaluate', { rating: 4 }, 'citizen', '17:00'],
    ];
    for (const [action, body, actor, at] of steps) {
      const result = run(s, action, body, who[actor], t(at));
      all.push(...result.counters, ...cohortDiff(s, result.next));
      s = result.next;
    }
    expect(s).toMatchObject({ step: 'evaluated', version: 11, reworkCount: 1, returnCount: 1, rating: 4 });
    // the tenant's counters (a late attribution to the category only is not the tenant's)
    const kpis = kpiFromCounters(
      mergeCounters(...all.filter((c) => !c.dimensionsOnly).map((c) => ({ [c.name]: c.by }))),
    );
    // one case, due 09:40 + 4 working hours = 15:10 on 03-04: closed 16:00 → closed, late; handled 14:00 after a
    // rework at 11:00 (new handling deadline 11:00 + 4 h = 16:30): on time; 返工 1 of 1 handled
    expect(kpis).toMatchObject({
      reported: 1,
      registered: 1,
      dueForClose: 1,
      closed: 1,
      closedOnTime: 0,
      overdueOpen: 0,
      dueForHandle: 1,
      handled: 1,
      handledOnTime: 1,
      reworked: 1,
      registerRate: 1,
      closeRate: 1,
      onTimeCloseRate: 0,
      handleOnTimeRate: 1,
      reworkRate: 1,
      extensionRate: 0,
      dispatchAccuracy: 0.5,
      followedUp: 1,
      satisfied: 1,
      satisfactionRate: 1,
      followUpRate: 1,
      satisfaction: 4,
    });
  });
});
