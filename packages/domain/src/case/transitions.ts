import type { Action } from '../permissions';
import type { ActionName } from './action-bodies';
import type { CaseStep } from './steps';

/** One row of the state machine: the steps an action applies to, the step it leads to, who may do it. */
export interface Transition {
  from: readonly CaseStep[];
  to: CaseStep;
  /** Any of these permissions lets a caller attempt the action (see permissions.ts). */
  permissions: readonly Action[];
  /** A citizen with no staff role may do this (reporting is `createCase`; evaluating is here). */
  citizen?: boolean;
  /** The action is refused while the case is parked (挂账): a parked case waits for `unpark`. */
  blockedWhileParked?: boolean;
}

/**
 * THE state machine. `extend`, `park` and `unpark` keep the step (they move the clock, not the case);
 * `return` sends a mis-dispatched case back to the centre; `rework` sends an unfixed case back to the department.
 */
export const transitions: Readonly<Record<ActionName, Transition>> = {
  register: { from: ['reported'], to: 'registered', permissions: ['case.register'] },
  reject: { from: ['reported'], to: 'rejected', permissions: ['case.reject'] },
  dispatch: { from: ['registered'], to: 'dispatched', permissions: ['case.dispatch'] },
  return: { from: ['dispatched'], to: 'registered', permissions: ['case.return'], blockedWhileParked: true },
  handle: { from: ['dispatched'], to: 'handled', permissions: ['case.handle'], blockedWhileParked: true },
  extend: {
    from: ['dispatched'],
    to: 'dispatched',
    permissions: ['case.extend.request', 'case.extend.approve'],
    blockedWhileParked: true,
  },
  park: { from: ['dispatched'], to: 'dispatched', permissions: ['case.park'], blockedWhileParked: true },
  unpark: { from: ['dispatched'], to: 'dispatched', permissions: ['case.park'] },
  verify: { from: ['handled'], to: 'verified', permissions: ['case.verify'] },
  rework: { from: ['handled'], to: 'dispatched', permissions: ['case.rework'] },
  close: { from: ['verified'], to: 'closed', permissions: ['case.close'] },
  evaluate: { from: ['closed'], to: 'evaluated', permissions: ['case.evaluate'], citizen: true },
};
