/** The steps of the incident loop (受理 → 立案 → 派遣 → 处置 → 核查 → 结案 → 评价) plus `rejected` (不予立案). */
export const caseSteps = [
  'reported',
  'registered',
  'dispatched',
  'handled',
  'verified',
  'closed',
  'evaluated',
  'rejected',
  /** 转办: the matter left the loop for another line of work (a dispute file for mediation) */
  'transferred',
] as const;

/** One of `caseSteps`. */
export type CaseStep = (typeof caseSteps)[number];

/** Steps that end the loop: nothing more can happen to the case (the workflow execution succeeds). */
export const terminalSteps: readonly CaseStep[] = ['evaluated', 'rejected', 'transferred'];

/**
 * Steps that no longer count for SLA: a closed case only waits for an optional rating, so the workflow waits
 * without a deadline.
 */
export const slaFreeSteps: readonly CaseStep[] = ['closed', 'evaluated', 'rejected', 'transferred'];

/**
 * Where a case came from: citizen form, grid-worker patrol, staff (hotline, leader instruction…), Open311, video
 * (the centre saw it on a camera: the case names the camera and carries its snapshot).
 */
export const caseSources = ['citizen', 'grid_worker', 'staff', 'open311', 'video'] as const;

/** One of `caseSources`. */
export type CaseSource = (typeof caseSources)[number];

/** True when `step` ends the loop. */
export function isTerminalStep(step: CaseStep): boolean {
  return terminalSteps.includes(step);
}
