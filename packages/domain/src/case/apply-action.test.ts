import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { Role } from '../roles';
import type { ActionName } from './action-bodies';
import { applyAction, availableActions } from './apply-action';
import { caseAt, fixtureActors, fixtureContext, fixtureNow, fixtureSupervision, validBodies } from './fixtures';
import { type CaseStep, caseSteps } from './steps';

type Who = Role | 'citizen';

const open: CaseStep[] = ['reported', 'registered', 'dispatched', 'handled', 'verified'];

/**
 * The specification, written independently of transitions.ts: the steps each action needs, the step it leads to
 * (`same`: it keeps the step), who may do it — and where a scoped role (the department) only reaches cases it
 * holds, the steps at which the fixture case is its own.
 */
const spec: Record<ActionName, { from: CaseStep[]; to: CaseStep | 'same'; who: Who[]; departmentAt?: CaseStep[] }> = {
  register: { from: ['reported'], to: 'registered', who: ['tenant_admin', 'dispatcher'] },
  reject: { from: ['reported'], to: 'rejected', who: ['tenant_admin', 'dispatcher'] },
  transfer: { from: ['reported', 'registered'], to: 'transferred', who: ['tenant_admin', 'dispatcher'] },
  dispatch: { from: ['registered'], to: 'dispatched', who: ['tenant_admin', 'dispatcher'] },
  return: { from: ['dispatched'], to: 'registered', who: ['tenant_admin', 'department'] },
  handle: { from: ['dispatched'], to: 'handled', who: ['tenant_admin', 'department'] },
  extend: { from: ['dispatched'], to: 'dispatched', who: ['tenant_admin', 'department', 'leader'] },
  park: { from: ['dispatched'], to: 'dispatched', who: ['tenant_admin', 'department'] },
  unpark: { from: ['dispatched'], to: 'dispatched', who: ['tenant_admin', 'department'] },
  verify: { from: ['handled'], to: 'verified', who: ['tenant_admin', 'grid_worker'] },
  rework: { from: ['handled'], to: 'dispatched', who: ['tenant_admin', 'grid_worker'] },
  close: { from: ['verified'], to: 'closed', who: ['tenant_admin', 'dispatcher'] },
  // only the citizen rates; staff record 回访 (followUp) instead
  evaluate: { from: ['closed'], to: 'evaluated', who: ['citizen'] },
  review: { from: ['handled'], to: 'verified', who: ['tenant_admin', 'dispatcher'] },
  supervise: { from: open, to: 'same', who: ['tenant_admin', 'leader'] },
  answer: {
    from: open,
    to: 'same',
    who: ['tenant_admin', 'dispatcher', 'department'],
    departmentAt: ['dispatched', 'handled', 'verified'],
  },
  followUp: { from: ['closed', 'evaluated'], to: 'same', who: ['tenant_admin', 'dispatcher'] },
  escalate: { from: ['reported', 'registered'], to: 'same', who: ['tenant_admin', 'dispatcher'] },
  assignDown: { from: ['reported', 'registered'], to: 'reported', who: ['tenant_admin', 'dispatcher'] },
};

const everyone = Object.keys(fixtureActors) as Who[];
const rows = caseSteps.flatMap((step) =>
  (Object.keys(spec) as ActionName[]).flatMap((action) => everyone.map((who) => ({ step, action, who }))),
);

function outcome(fn: () => unknown): { status: number; code: string } | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, code: error.code };
    throw error;
  }
}

describe('applyAction: every step × action × role', () => {
  it('covers 9 steps × 19 actions × 7 actors', () => {
    expect(rows).toHaveLength(9 * 19 * 7);
  });

  it.each(rows)('$action on $step by $who', ({ step, action, who }) => {
    const rule = spec[action];
    const extra =
      action === 'unpark'
        ? { parked: { since: fixtureNow.toISOString(), reason: 'x', by: 'u' } }
        : action === 'answer'
          ? { supervisions: [fixtureSupervision] }
          : {};
    const state = caseAt(step, extra);
    const run = () => applyAction(state, action, validBodies[action], fixtureActors[who], fixtureNow, fixtureContext);
    if (!rule.who.includes(who)) {
      expect(outcome(run)).toEqual({ status: 403, code: 'forbidden' });
    } else if (!rule.from.includes(step)) {
      expect(outcome(run)).toEqual({ status: 409, code: 'invalid_step' });
    } else if (who === 'department' && rule.departmentAt && !rule.departmentAt.includes(step)) {
      expect(outcome(run)).toEqual({ status: 403, code: 'forbidden' });
    } else {
      const { next, events } = run();
      expect(next.step).toBe(rule.to === 'same' ? step : rule.to);
      expect(next.version).toBe(state.version + 1);
      expect(next.updatedAt).toBe(fixtureNow.toISOString());
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        from: step,
        to: rule.to === 'same' ? step : rule.to,
        at: fixtureNow.toISOString(),
      });
      expect(events[0]?.actor.userId).toBe(fixtureActors[who].userId);
    }
  });
});

describe('availableActions', () => {
  it.each([
    ['reported', 'dispatcher', ['register', 'reject', 'transfer', 'escalate', 'assignDown']],
    ['registered', 'dispatcher', ['transfer', 'dispatch', 'escalate', 'assignDown']],
    ['dispatched', 'department', ['return', 'handle', 'extend', 'park']],
    ['dispatched', 'leader', ['extend', 'supervise']],
    ['handled', 'grid_worker', ['verify', 'rework']],
    ['handled', 'dispatcher', ['review']],
    ['verified', 'dispatcher', ['close']],
    ['closed', 'dispatcher', ['followUp']],
    ['closed', 'citizen', ['evaluate']],
    ['closed', 'platform_admin', []],
    ['evaluated', 'tenant_admin', ['followUp']],
  ] as const)('%s case, %s → %j', (step, who, expected) => {
    expect(availableActions(caseAt(step), fixtureActors[who])).toEqual(expected);
  });

  it('offers only unpark on a parked case', () => {
    const parked = caseAt('dispatched', { parked: { since: fixtureNow.toISOString(), reason: 'x', by: 'u' } });
    expect(availableActions(parked, fixtureActors.department)).toEqual(['unpark']);
  });

  it('offers nothing to another department', () => {
    const other = { ...fixtureActors.department, departmentId: 'dept-2' };
    expect(availableActions(caseAt('dispatched'), other)).toEqual([]);
  });
});
