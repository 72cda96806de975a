import type { Action } from '../permissions';
import type { ActionName } from './action-bodies';
import type { CaseStep } from './steps';

/** Steps at which a case is still open for supervision (督办) and its answer. */
const openSteps: readonly CaseStep[] = ['reported', 'registered', 'dispatched', 'handled', 'verified'];

/** One row of the state machine: the steps an action applies to, the step it leads to, who may do it. */
export interface Transition {
  from: readonly CaseStep[];
  /** The step it leads to; `same` for actions that keep the step (clock, supervision, follow-up). */
  to: CaseStep | 'same';
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
  // an incident of a dispute category becomes a dispute file (the centre files it): it leaves the loop
  transfer: { from: ['reported', 'registered'], to: 'transferred', permissions: ['case.transfer'] },
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
  // only the citizen rates, on the public form; staff record a 回访 (followUp)
  evaluate: { from: ['closed'], to: 'evaluated', permissions: [], citizen: true },
  // approve → verified (ready to close), or stays handled awaiting 核查; reject → dispatched (返工)
  review: { from: ['handled'], to: 'verified', permissions: ['case.review'] },
  supervise: { from: openSteps, to: 'same', permissions: ['case.supervise'] },
  answer: { from: openSteps, to: 'same', permissions: ['case.answer'] },
  followUp: { from: ['closed', 'evaluated'], to: 'same', permissions: ['case.followUp'] },
  // a registered case keeps its category and waits for the district's dispatch; a bare report for its 立案
  escalate: { from: ['reported', 'registered'], to: 'same', permissions: ['case.escalate'] },
  assignDown: { from: ['reported', 'registered'], to: 'reported', permissions: ['case.assignDown'] },
};
