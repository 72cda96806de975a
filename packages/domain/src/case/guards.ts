import type * as z from 'zod';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import { type Action, rolesGranting } from '../permissions';
import type { Role } from '../roles';
import { type ActionBody, type ActionName, actionBodySchemas } from './action-bodies';
import type { CaseActor, CaseState } from './state';
import { transitions } from './transitions';

/** Roles whose grant is limited to their own cases: departments to their department, grid workers to their grids. */
const scopedRoles: readonly Role[] = ['department', 'grid_worker'];

/** Actions a 协办 (assisting) department may take: its own report and the answer to a supervision order. */
const assistingActions: readonly ActionName[] = ['handle', 'answer'];

/** True when the actor's own department / grids cover the case (a 协办 department only for its report). */
function inScope(role: Role, state: CaseState, actor: CaseActor, action?: ActionName): boolean {
  if (role === 'department') {
    if (actor.departmentId === undefined) return false;
    if (actor.departmentId === state.departmentId) return true;
    return (
      action !== undefined &&
      assistingActions.includes(action) &&
      state.assistingDepartmentIds?.includes(actor.departmentId) === true &&
      state.assistReports?.includes(actor.departmentId) !== true
    );
  }
  if (role === 'grid_worker') {
    return actor.gridCodes === undefined || state.gridCode === undefined || actor.gridCodes.includes(state.gridCode);
  }
  return true;
}

/** True when some role of the actor grants one of `permissions` for this very case (scope included). */
export function grantsFor(state: CaseState, actor: CaseActor, permissions: readonly Action[]): boolean {
  return permissions.some((p) => rolesGranting(actor.roles, p).some((role) => inScope(role, state, actor)));
}

/**
 * Check that `actor` may do `action` on `state`, in the order the API reports it: a role that can never do the
 * action is a 403; then a wrong step (or a parked case) is a 409; then a department acting on another department's
 * case (or a grid worker outside their grids) is a 403.
 */
export function authorize(state: CaseState, action: ActionName, actor: CaseActor): void {
  const rule = transitions[action];
  const granting = rule.permissions.flatMap((p) => rolesGranting(actor.roles, p));
  const citizenMay = rule.citizen === true && actor.citizen === true;
  if (granting.length === 0 && !citizenMay) {
    throw new ForbiddenError(`Your role may not ${action} a case`, 'forbidden');
  }
  if (!rule.from.includes(state.step)) {
    throw new ConflictError(`Cannot ${action} a case that is ${state.step}`, 'invalid_step');
  }
  if (rule.blockedWhileParked && state.parked) {
    throw new ConflictError(`Cannot ${action} a parked case; unpark it first`, 'case_parked');
  }
  if (action === 'unpark' && !state.parked) {
    throw new ConflictError('The case is not parked', 'not_parked');
  }
  stateRules(state, action);
  if (citizenMay) return;
  const unscoped = granting.some((role) => !scopedRoles.includes(role));
  if (!unscoped && !granting.some((role) => inScope(role, state, actor, action))) {
    throw new ForbiddenError(`You may only ${action} cases of your own department or grids`, 'forbidden');
  }
}

/** Conditions beyond the step: what the case itself must be like for the action (each a 409). */
function stateRules(state: CaseState, action: ActionName): void {
  if (action === 'review' && state.checkRequested) {
    throw new ConflictError('The case is reviewed and waits for 核查 on site', 'awaiting_verification');
  }
  if (action === 'answer' && !(state.supervisions ?? []).some((o) => o.answer === undefined)) {
    throw new ConflictError('The case has no supervision order waiting for an answer', 'no_open_supervision');
  }
  if (action === 'followUp' && (state.followUps ?? []).length > 0) {
    throw new ConflictError('The case has been followed up already', 'followed_up');
  }
  if ((action === 'escalate' || action === 'assignDown') && state.holderPath !== undefined) {
    throw new ConflictError('The case was already moved to another level', 'moved_level');
  }
}

/** Parse an action body, turning zod issues into a 400 with one detail per field. */
export function parseActionBody<A extends ActionName>(action: A, body: unknown): ActionBody<A> {
  const schema: z.ZodType = actionBodySchemas[action];
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new ValidationError(`Invalid ${action} request`, issuesToDetails(result.error));
  }
  return result.data as ActionBody<A>;
}

/** zod issues → `{ path, message }` details of the API's error shape. */
export function issuesToDetails(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** 409 when the client's `version` is stale (two dispatchers, one winner); no version means "don't check". */
export function assertVersion(state: CaseState, expected: number | undefined): void {
  if (expected !== undefined && expected !== state.version) {
    throw new ConflictError(
      `The case changed since you loaded it (version ${expected}, now ${state.version})`,
      'version_conflict',
    );
  }
}
