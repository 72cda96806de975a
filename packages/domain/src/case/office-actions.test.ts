import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../calendar/working-calendar';
import type { TimeLimit } from '../calendar/working-time';
import { AppError } from '../errors';
import type { ActionName } from './action-bodies';
import { applyAction } from './apply-action';
import { cohortDiff } from './cohort';
import type { CounterIncrement } from './counters';
import { clockDeadline, escalateCase } from './escalation';
import { caseAt, fixtureSupervision, fixtureNow as now, fixtureActors as who } from './fixtures';
import type { CaseContext } from './result';
import type { CaseState } from './state';

const limits: Record<string, { normal: TimeLimit; urgent?: TimeLimit }> = {
  GARBAGE: { normal: { value: 4, unit: 'workingHours' }, urgent: { value: 2, unit: 'naturalHours' } },
};
/** A context whose GARBAGE category needs 核查 within 1 working day and review within 2 working hours. */
const ctx: CaseContext = {
  calendar: defaultCalendar(),
  timeLimitFor: (code, urgency) => {
    const l = limits[code];
    return urgency === 'urgent' ? (l?.urgent ?? l?.normal) : l?.normal;
  },
  stepLimitFor: (code, step) =>
    code !== 'GARBAGE'
      ? undefined
      : step === 'verify'
        ? { value: 1, unit: 'workingDays' }
        : step === 'review'
          ? { value: 2, unit: 'workingHours' }
          : undefined,
  requiresVerification: () => false,
  parentPath: 'd0001/',
  actingPath: 'd0001/s001/',
};
const run = (s: CaseState, action: ActionName, body: unknown, actor = who.tenant_admin, at = now) =>
  applyAction(s, action, body, actor, at, ctx);
const names = (counters: CounterIncrement[]) => counters.map((c) => `${c.name}+${c.by}`);
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
  }
  return undefined;
};

describe('urgency', () => {
  it('an urgent case on a natural-hour limit is due 2 h after dispatch, even on a Saturday night', () => {
    const saturdayNight = new Date('2026-03-07T23:30:00+08:00');
    const filed = run(caseAt('reported'), 'register', { categoryCode: 'GARBAGE', urgency: 'urgent' });
    expect(filed.next.urgency).toBe('urgent');
    const { next } = run(filed.next, 'dispatch', { departmentId: 'dept-1' }, who.dispatcher, saturdayNight);
    expect(Date.parse(next.deadline ?? '')).toBe(saturdayNight.getTime() + 2 * 3_600_000);
  });

  it('a normal case waits for working hours', () => {
    const saturdayNight = new Date('2026-03-07T23:30:00+08:00');
    const filed = run(caseAt('reported'), 'register', { categoryCode: 'GARBAGE' });
    const { next } = run(filed.next, 'dispatch', { departmentId: 'dept-1' }, who.dispatcher, saturdayNight);
    expect(next.deadline).toBe('2026-03-09T06:30:00.000Z'); // Monday 14:30 +08:00 (09:00–12:00, 13:30–…)
  });
});

describe('review', () => {
  it('reject is rework: back to the department with a fresh deadline, counted in the handling cohort', () => {
    const handled = caseAt('handled');
    const { next, events, counters } = run(handled, 'review', { decision: 'reject', note: 'still dirty' });
    expect(next).toMatchObject({ step: 'dispatched', reworkCount: 1, departmentId: 'dept-1' });
    expect(next.closeDeadline ?? next.deadline).toBe(handled.closeDeadline ?? handled.deadline);
    expect(events[0]).toMatchObject({ type: 'reworked', data: { by: 'review' } });
    expect(names(counters)).toEqual([]);
    // 返工数: the case now counts as reworked in the handling cohort of its fresh deadline
    const moved = cohortDiff(handled, next).filter((e) => e.name === 'dueHandleReworked');
    expect(moved.map((e) => e.by)).toEqual([1]);
  });

  it('approve without 核查 makes the case ready to close', () => {
    const { next, counters } = run(caseAt('handled'), 'review', { decision: 'approve' });
    expect(next.step).toBe('verified');
    expect(names(counters)).toEqual(['reviewed+1']);
  });

  it('approve with 核查 waits for the grid worker on the 核查 clock, not the department deadline', () => {
    const handled = run(caseAt('dispatched'), 'handle', { note: 'done' }, who.department).next;
    expect(clockDeadline(handled)).toBe('2026-03-04T04:00:00.000Z'); // review: 2 working hours from 10:00
    const { next } = run(handled, 'review', { decision: 'approve', requestVerification: true }, who.dispatcher);
    expect(next).toMatchObject({ step: 'handled', checkRequested: true });
    expect(clockDeadline(next)).toBe('2026-03-05T09:30:00.000Z'); // end of the next working day
    expect(codeOf(() => run(next, 'review', { decision: 'approve' }, who.dispatcher))).toBe('awaiting_verification');
    // a late 核查 is the grid worker's: the escalation carries no department
    const late = escalateCase(next, new Date('2026-03-06T10:00:00+08:00'));
    expect(late.events[0]?.data).toMatchObject({ heldBy: 'grid_worker', step: 'handled' });
    expect(late.counters[0]?.dimensions.departmentId).toBeUndefined();
    expect(run(next, 'verify', {}, who.grid_worker).next.step).toBe('verified');
  });
});

describe('supervision and follow-up', () => {
  it('a leader supervises; the holder answers once; the flag stays', () => {
    const supervised = run(caseAt('dispatched'), 'supervise', { instruction: '本周内解决' }, who.leader);
    expect(supervised.next).toMatchObject({ supervised: true, step: 'dispatched' });
    expect(names(supervised.counters)).toEqual(['supervised+1']);
    const answered = run(supervised.next, 'answer', { note: '已安排' }, who.department);
    expect(answered.next.supervisions?.[0]).toMatchObject({ answer: '已安排', answeredBy: 'u-dept' });
    expect(names(answered.counters)).toEqual(['supervisionAnswered+1', 'supervisionAnsweredOnTime+1']);
    expect(answered.next.supervised).toBe(true);
    expect(codeOf(() => run(answered.next, 'answer', { note: 'again' }, who.department))).toBe('no_open_supervision');
  });

  it('an answer after the due date is not on time', () => {
    const s = caseAt('registered', { supervisions: [{ ...fixtureSupervision, dueBy: '2026-03-01T00:00:00Z' }] });
    expect(names(run(s, 'answer', { note: 'late' }, who.dispatcher).counters)).toEqual(['supervisionAnswered+1']);
  });

  it('staff follow up a closed patrol case once; basically satisfied counts as satisfied', () => {
    const patrol = caseAt('closed', { source: 'grid_worker' });
    const { next, counters } = run(
      patrol,
      'followUp',
      { channel: 'visit', satisfaction: 'basically_satisfied' },
      who.dispatcher,
    );
    expect(next.followUps?.[0]).toMatchObject({ channel: 'visit', satisfaction: 'basically_satisfied' });
    expect(names(counters)).toEqual([]);
    // 回访 is counted in the closing cohort: once, as 基本满意
    const diff = cohortDiff(patrol, next).map((e) => `${e.name}${e.by > 0 ? '+' : ''}${e.by}`);
    expect(diff.sort()).toEqual(['basicallySatisfied+1', 'followedUp+1']);
    expect(codeOf(() => run(next, 'followUp', { channel: 'sms', satisfaction: 'satisfied' }, who.dispatcher))).toBe(
      'followed_up',
    );
  });
});

describe('主办 + 协办', () => {
  it('each 协办 reports; the case is handled when the 主办 reports', () => {
    const filed = caseAt('registered');
    const d = run(filed, 'dispatch', { departmentId: 'dept-1', assistingDepartmentIds: ['dept-2'] }, who.dispatcher);
    expect(d.next.assistingDepartmentIds).toEqual(['dept-2']);
    const assistant = { ...who.department, userId: 'u-dept2', departmentId: 'dept-2' };
    const assisted = run(d.next, 'handle', { note: '配合完成' }, assistant);
    expect(assisted.next).toMatchObject({ step: 'dispatched', assistReports: ['dept-2'] });
    expect(assisted.events[0]?.type).toBe('assist_reported');
    expect(codeOf(() => run(assisted.next, 'handle', { note: 'again' }, assistant))).toBe('forbidden');
    expect(codeOf(() => run(assisted.next, 'park', { reason: 'x' }, assistant))).toBe('forbidden');
    expect(run(assisted.next, 'handle', { note: '完成' }, who.department).next.step).toBe('handled');
  });
});

describe('cross-level', () => {
  it('上报 moves the case to the district centre; it cannot move twice', () => {
    const { next, events } = run(caseAt('registered'), 'escalate', { reason: '需区级协调' }, who.dispatcher);
    expect(next).toMatchObject({ holderPath: 'd0001/', step: 'registered', categoryCode: 'GARBAGE' });
    expect(events[0]?.type).toBe('referred_up');
    expect(codeOf(() => run(next, 'escalate', { reason: 'again' }, who.dispatcher))).toBe('moved_level');
  });

  it('下派 to a community below: back to reported, without the street category', () => {
    const { next } = run(caseAt('registered'), 'assignDown', { tenantId: 'd0001.s001.c001' }, who.dispatcher);
    expect(next).toMatchObject({ holderPath: 'd0001/s001/c001/', step: 'reported' });
    expect(next.categoryCode).toBeUndefined();
    expect(codeOf(() => run(caseAt('registered'), 'assignDown', { tenantId: 'd0002.s001' }, who.dispatcher))).toBe(
      'validation_failed',
    );
  });
});
