import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { kpiFromCounters, mergeCounters } from '../kpi';
import type { ActionName } from './action-bodies';
import { applyAction } from './apply-action';
import type { CounterIncrement } from './counters';
import { createCase } from './create-case';
import { caseAt, fixtureContext as ctx, fixtureNow as now, validBodies, fixtureActors as who } from './fixtures';
import type { CaseState } from './state';
import type { CaseStep } from './steps';

const run = (s: CaseState, action: ActionName, body: unknown, actor = who.tenant_admin, at = now) =>
  applyAction(s, action, body, actor, at, ctx);
const names = (counters: CounterIncrement[]) => counters.map((c) => `${c.name}+${c.by}`);
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
    expect(counters).toEqual([
      {
        name: 'registered',
        by: 1,
        day: '2026-03-04',
        dimensions: { categoryCode: 'BUILDING', gridCode: '120116001002003' },
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
    expect(counters[0]?.dimensions).toEqual({
      departmentId: 'dept-9',
      categoryCode: 'GARBAGE',
      gridCode: '120116001002003',
    });
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
  });
});

describe('handle', () => {
  it('is on time at the deadline and late after it', () => {
    const s = caseAt('dispatched');
    const deadline = new Date(s.deadline ?? '');
    const onTime = run(s, 'handle', validBodies.handle, who.department, deadline);
    expect(onTime.next.handledOnTime).toBe(true);
    expect(names(onTime.counters)).toEqual(['handled+1', 'handledOnTime+1']);
    expect(onTime.events[0]?.evidence).toEqual(['d0001/s001/cases/case-1/a.jpg']);
    const late = run(s, 'handle', { note: 'done' }, who.department, new Date(deadline.getTime() + 1));
    expect(late.next.handledOnTime).toBe(false);
    expect(names(late.counters)).toEqual(['handled+1']);
    expect(late.events[0]).not.toHaveProperty('evidence');
  });
});

describe('verify, rework, close, evaluate', () => {
  it('verify moves to verified without counting', () => {
    const { next, counters } = run(caseAt('handled'), 'verify', {}, who.grid_worker);
    expect(next.step).toBe('verified');
    expect(counters).toEqual([]);
  });

  it('rework restarts the clock and counts', () => {
    const { next, counters } = run(caseAt('handled'), 'rework', { reason: 'still dirty' }, who.grid_worker);
    expect(next).toMatchObject({ step: 'dispatched', reworkCount: 1, departmentId: 'dept-1' });
    expect(next).not.toHaveProperty('handledOnTime');
    expect(next.deadline).toBe(new Date('2026-03-04T15:30:00+08:00').toISOString());
    expect(names(counters)).toEqual(['reworked+1']);
  });

  it('close counts closedOnTime only when the handling was on time', () => {
    expect(names(run(caseAt('verified'), 'close', {}).counters)).toEqual(['closed+1', 'closedOnTime+1']);
    const late = caseAt('verified', { handledOnTime: false });
    expect(names(run(late, 'close', {}).counters)).toEqual(['closed+1']);
  });

  it('evaluate stores the rating and adds it to satisfactionSum', () => {
    const { next, counters } = run(caseAt('closed'), 'evaluate', { rating: 3, comment: 'ok' }, who.citizen);
    expect(next).toMatchObject({ step: 'evaluated', rating: 3, ratingComment: 'ok' });
    expect(names(counters)).toEqual(['evaluated+1', 'satisfactionSum+3']);
  });
});

/** The step each action applies to, so only the body can be wrong. */
const stepFor: Record<ActionName, CaseStep> = {
  register: 'reported',
  reject: 'reported',
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
      s = result.next;
      all.push(...result.counters);
    }
    expect(s).toMatchObject({ step: 'evaluated', version: 11, reworkCount: 1, returnCount: 1, rating: 4 });
    const kpis = kpiFromCounters(mergeCounters(...all.map((c) => ({ [c.name]: c.by }))));
    expect(kpis).toEqual({
      reported: 1,
      registered: 1,
      closed: 1,
      closedOnTime: 1,
      reworked: 1,
      registerRate: 1,
      closeRate: 1,
      onTimeCloseRate: 1,
      onTimeHandleRate: 1,
      reworkRate: 0.5,
      extensionRate: 0,
      dispatchAccuracy: 0.5,
      satisfaction: 4,
    });
  });
});
