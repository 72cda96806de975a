import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { Role } from '../roles';
import type { ActionName } from './action-bodies';
import { applyAction, availableActions } from './apply-action';
import { caseAt, fixtureActors, fixtureContext, fixtureNow, validBodies } from './fixtures';
import { type CaseStep, caseSteps } from './steps';

type Who = Role | 'citizen';

/** The specification, written independently of transitions.ts: the step each action needs and leads to. */
const spec: Record<ActionName, { from: CaseStep; to: CaseStep; who: Who[] }> = {
  register: { from: 'reported', to: 'registered', who: ['tenant_admin', 'dispatcher'] },
  reject: { from: 'reported', to: 'rejected', who: ['tenant_admin', 'dispatcher'] },
  dispatch: { from: 'registered', to: 'dispatched', who: ['tenant_admin', 'dispatcher'] },
  return: { from: 'dispatched', to: 'registered', who: ['tenant_admin', 'department'] },
  handle: { from: 'dispatched', to: 'handled', who: ['tenant_admin', 'department'] },
  extend: { from: 'dispatched', to: 'dispatched', who: ['tenant_admin', 'department', 'leader'] },
  park: { from: 'dispatched', to: 'dispatched', who: ['tenant_admin', 'department'] },
  unpark: { from: 'dispatched', to: 'dispatched', who: ['tenant_admin', 'department'] },
  verify: { from: 'handled', to: 'verified', who: ['tenant_admin', 'grid_worker'] },
  rework: { from: 'handled', to: 'dispatched', who: ['tenant_admin', 'grid_worker'] },
  close: { from: 'verified', to: 'closed', who: ['tenant_admin', 'dispatcher'] },
  evaluate: { from: 'closed', to: 'evaluated', who: ['tenant_admin', 'dispatcher', 'citizen'] },
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
  it('covers 8 steps × 12 actions × 7 actors', () => {
    expect(rows).toHaveLength(8 * 12 * 7);
  });

  it.each(rows)('$action on $step by $who', ({ step, action, who }) => {
    const rule = spec[action];
    const state = caseAt(
      step,
      action === 'unpark' ? { parked: { since: fixtureNow.toISOString(), reason: 'x', by: 'u' } } : {},
    );
    const run = () => applyAction(state, action, validBodies[action], fixtureActors[who], fixtureNow, fixtureContext);
    if (!rule.who.includes(who)) {
      expect(outcome(run)).toEqual({ status: 403, code: 'forbidden' });
    } else if (step !== rule.from) {
      expect(outcome(run)).toEqual({ status: 409, code: 'invalid_step' });
    } else {
      const { next, events } = run();
      expect(next.step).toBe(rule.to);
      expect(next.version).toBe(state.version + 1);
      expect(next.updatedAt).toBe(fixtureNow.toISOString());
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ from: step, to: rule.to, at: fixtureNow.toISOString() });
      expect(events[0]?.actor.userId).toBe(fixtureActors[who].userId);
    }
  });
});

describe('availableActions', () => {
  it.each([
    ['reported', 'dispatcher', ['register', 'reject']],
    ['registered', 'dispatcher', ['dispatch']],
    ['dispatched', 'department', ['return', 'handle', 'extend', 'park']],
    ['dispatched', 'leader', ['extend']],
    ['handled', 'grid_worker', ['verify', 'rework']],
    ['verified', 'dispatcher', ['close']],
    ['closed', 'citizen', ['evaluate']],
    ['closed', 'platform_admin', []],
    ['evaluated', 'tenant_admin', []],
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
