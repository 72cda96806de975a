import type { ActionBody, ActionName } from './action-bodies';
import { extend, park, unpark } from './clock-actions';
import { assignDown, escalateUp } from './cross-level';
import { authorize, parseActionBody } from './guards';
import {
  close,
  dispatch,
  evaluate,
  handle,
  register,
  reject,
  returnCase,
  rework,
  transfer,
  verify,
} from './loop-actions';
import { answer, followUp, review, supervise } from './office-actions';
import type { ActionResult, CaseContext } from './result';
import type { CaseActor, CaseState } from './state';

type Handler<A extends ActionName> = (
  state: CaseState,
  body: ActionBody<A>,
  actor: CaseActor,
  now: Date,
  ctx: CaseContext,
) => ActionResult;

const handlers: { [A in ActionName]: Handler<A> } = {
  register,
  reject,
  transfer,
  dispatch,
  return: returnCase,
  handle,
  extend,
  park,
  unpark,
  verify,
  rework,
  close,
  evaluate,
  review,
  supervise,
  answer,
  followUp,
  escalate: escalateUp,
  assignDown,
};

/**
 * Apply one action to a case: authorize (403 / 409), validate the body (400), run the transition. Pure: the
 * caller stores `next` conditionally on `state.version`, appends `events` and adds `counters` in one transaction.
 */
export function applyAction<A extends ActionName>(
  state: CaseState,
  action: A,
  body: unknown,
  actor: CaseActor,
  now: Date,
  ctx: CaseContext,
): ActionResult {
  authorize(state, action, actor);
  const parsed = parseActionBody(action, body);
  const handler = handlers[action] as Handler<A>;
  return handler(state, parsed, actor, now, ctx);
}

/** The actions `actor` may take on `state` right now (worklist buttons); body rules are not checked. */
export function availableActions(state: CaseState, actor: CaseActor): ActionName[] {
  return (Object.keys(handlers) as ActionName[]).filter((action) => {
    try {
      authorize(state, action, actor);
      return true;
    } catch {
      return false;
    }
  });
}
