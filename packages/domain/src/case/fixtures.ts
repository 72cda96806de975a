import { defaultCalendar } from '../calendar/working-calendar';
import type { TimeLimit } from '../calendar/working-time';
import type { Role } from '../roles';
import type { ActionName } from './action-bodies';
import type { CaseContext } from './result';
import type { CaseActor, CaseState } from './state';
import { type CaseStep, caseSteps } from './steps';

/** Test fixtures shared by the case tests (and usable by other packages' tests): not part of the domain rules. */
export const fixtureNow = new Date('2026-03-04T10:00:00+08:00'); // a Wednesday

const limits: Record<string, TimeLimit> = {
  GARBAGE: { value: 4, unit: 'workingHours' },
  BUILDING: { value: 15, unit: 'workingDays' },
};

/** A context with two categories on the national default calendar. */
export const fixtureContext: CaseContext = {
  calendar: defaultCalendar(),
  timeLimitFor: (code) => limits[code],
  parentPath: 'd0001/',
};

/** Actors of every role; the department one belongs to `dept-1`, the grid worker owns the fixture grid. */
export const fixtureActors: Record<Role | 'citizen', CaseActor> = {
  platform_admin: { userId: 'u-platform', roles: ['platform_admin'] },
  tenant_admin: { userId: 'u-admin', roles: ['tenant_admin'] },
  dispatcher: { userId: 'u-centre', roles: ['dispatcher'] },
  grid_worker: { userId: 'u-grid', roles: ['grid_worker'], gridCodes: ['120116001002003'] },
  department: { userId: 'u-dept', roles: ['department'], departmentId: 'dept-1' },
  leader: { userId: 'u-leader', roles: ['leader'] },
  citizen: { userId: 'citizen:T1', roles: [], citizen: true },
};

/** A case in `step`, with whatever that step implies (category, department, deadline, handling). */
export function caseAt(step: CaseStep, extra: Partial<CaseState> = {}): CaseState {
  const index = caseSteps.indexOf(step);
  const past = (s: CaseStep) => step !== 'rejected' && index >= caseSteps.indexOf(s);
  const base: CaseState = {
    id: 'case-1',
    step,
    version: 5,
    source: 'citizen',
    description: 'Garbage piled at the gate of building 3',
    createdAt: '2026-03-04T00:00:00.000Z',
    updatedAt: '2026-03-04T00:30:00.000Z',
    gridCode: '120116001002003',
    overdue: false,
    escalations: 0,
    parkedWorkingMs: 0,
    reworkCount: 0,
    returnCount: 0,
  };
  if (past('registered')) base.categoryCode = 'GARBAGE';
  if (past('dispatched')) {
    base.departmentId = 'dept-1';
    base.dispatchedAt = '2026-03-04T01:00:00.000Z';
    base.deadline = '2026-03-04T06:30:00.000Z'; // 14:30 +08:00: 4 working hours after 09:00
  }
  if (past('handled')) {
    base.handledAt = '2026-03-04T01:30:00.000Z';
    base.handledOnTime = true;
  }
  if (past('closed')) base.closedAt = '2026-03-04T01:50:00.000Z';
  if (step === 'evaluated') base.rating = 4;
  return { ...base, ...extra };
}

/** A valid body for every action. */
export const validBodies: Record<ActionName, unknown> = {
  register: { categoryCode: 'GARBAGE', note: 'filed' },
  reject: { reason: 'duplicate of case-0' },
  transfer: { disputeId: 'd0001.s001-dispute-1' },
  dispatch: { departmentId: 'dept-1' },
  return: { reason: 'not our department' },
  handle: { note: 'cleared', evidence: ['d0001/s001/cases/case-1/a.jpg'] },
  extend: { reason: 'waiting for a truck', until: '2026-03-10T17:30:00+08:00' },
  park: { reason: 'needs a budget decision' },
  unpark: { note: 'budget approved' },
  verify: { note: 'seen clean' },
  rework: { reason: 'still dirty' },
  close: { note: 'done' },
  evaluate: { rating: 5, comment: 'fast' },
  review: { decision: 'approve', note: 'report checked' },
  supervise: { instruction: 'solve it this week', dueBy: '2026-03-06T17:30:00+08:00' },
  answer: { note: 'crew sent, done by Friday' },
  followUp: { channel: 'phone', satisfaction: 'satisfied' },
  escalate: { reason: 'needs the district traffic police' },
  assignDown: { tenantId: 'd0001.s001.c001' },
};

/** An open supervision order, for cases that must be answered. */
export const fixtureSupervision = {
  instruction: 'solve it this week',
  by: 'u-leader',
  at: '2026-03-04T02:00:00.000Z',
};
