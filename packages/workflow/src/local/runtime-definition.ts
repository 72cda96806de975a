/**
 * Rewrites an ASL definition into what aws-local-stepfunctions 3.0.0 runs faithfully. The library evaluates
 * `TimeoutSecondsPath` against the task's Parameters output instead of the state input, and arms one plain
 * `setTimeout`, which fires after 1 ms past ~24.8 days. So each Task carries its real timeout in its Parameters
 * (the local task handler enforces it with chained timers), the library's own timer is set past the handler's
 * re-arm slice, and a prepended retrier re-enters the state each slice without re-invoking anything.
 */

/** Parameters key carrying the task's real timeout (seconds) to the local handler. */
export const TIMEOUT_KEY = 'civicgridLocalTimeoutSeconds';
/** Parameters key carrying the task's original Parameters to the local handler. */
export const PARAMETERS_KEY = 'civicgridLocalParameters';
/** Raised by a local handler whose wait outlives one slice; the prepended retrier re-enters the state. */
export const REARM_ERROR = 'CivicGrid.Local.Rearm';

/** AWS's default when a Task sets no timeout (the States Language spec and the library say 60 s). */
export const DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999;

const INVOKE = /^arn:aws[a-z-]*:states:::lambda:invoke(\.waitForTaskToken)?$/;

/** One Task state and the local function it calls. */
export interface LocalTask {
  stateName: string;
  waitForTaskToken: boolean;
  functionName: string;
}

type Json = Record<string, unknown>;

/**
 * Checks that every Task calls a function in `functionNames` (a Task without a local handler would call real
 * Lambda) and returns the rewritten definition. Throws on anything the local engine cannot run faithfully.
 */
export function prepareRuntimeDefinition(
  definition: string,
  functionNames: ReadonlySet<string>,
  sliceSeconds: number,
): { runtime: Json; tasks: LocalTask[] } {
  const parsed = JSON.parse(definition) as Json;
  if (parsed.QueryLanguage === 'JSONata') throw new Error('JSONata definitions are not supported locally');
  const states = (parsed.States ?? {}) as Record<string, Json>;
  const tasks: LocalTask[] = [];
  const runtimeStates: Record<string, Json> = {};
  for (const [stateName, state] of Object.entries(states)) {
    if (state.QueryLanguage === 'JSONata' || 'Assign' in state) {
      throw new Error(`State ${stateName}: JSONata and Assign are not supported locally`);
    }
    if (state.Type === 'Map' || state.Type === 'Parallel') {
      throw new Error(`State ${stateName}: ${state.Type} states are not supported by the local engine`);
    }
    if (state.Type !== 'Task') {
      runtimeStates[stateName] = state;
      continue;
    }
    const task = localTask(stateName, state, functionNames);
    tasks.push(task);
    runtimeStates[stateName] = rewriteTask(state, sliceSeconds);
  }
  return { runtime: { ...parsed, States: runtimeStates }, tasks };
}

function localTask(stateName: string, state: Json, functionNames: ReadonlySet<string>): LocalTask {
  const match = typeof state.Resource === 'string' ? INVOKE.exec(state.Resource) : null;
  if (!match) {
    throw new Error(`Task ${stateName}: only lambda:invoke[.waitForTaskToken] runs locally, not ${state.Resource}`);
  }
  const functionName = (state.Parameters as Json | undefined)?.FunctionName;
  if (typeof functionName !== 'string') {
    throw new Error(`Task ${stateName}: Parameters.FunctionName must be a literal function name`);
  }
  if (!functionNames.has(functionName)) {
    throw new Error(`Task ${stateName}: no local handler for function ${functionName}; refusing to call real Lambda`);
  }
  return { stateName, waitForTaskToken: match[1] !== undefined, functionName };
}

function rewriteTask(state: Json, sliceSeconds: number): Json {
  const {
    TimeoutSeconds,
    TimeoutSecondsPath,
    HeartbeatSeconds: _heartbeat,
    HeartbeatSecondsPath: _heartbeatPath,
    Parameters,
    Retry,
    ...rest
  } = state;
  const timeout =
    typeof TimeoutSecondsPath === 'string'
      ? { [`${TIMEOUT_KEY}.$`]: TimeoutSecondsPath }
      : { [TIMEOUT_KEY]: TimeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS };
  const rearm = { ErrorEquals: [REARM_ERROR], IntervalSeconds: 1, MaxAttempts: 99_999_999, BackoffRate: 1 };
  // In AWS `States.TaskFailed` never matches `States.Timeout`; the library only knows that for its own timer, not
  // for the handler's (which raises the timeout here). A zero-attempt retrier ahead of the others keeps it so.
  const retriers = (Retry as Array<{ ErrorEquals: string[] }> | undefined) ?? [];
  const noTimeoutRetry = retriers.some((r) => r.ErrorEquals.includes('States.TaskFailed'))
    ? [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 0 }]
    : [];
  return {
    ...rest,
    Parameters: { ...timeout, [PARAMETERS_KEY]: Parameters },
    // The handler always settles or re-arms first: one minute of slack over the slice.
    TimeoutSeconds: sliceSeconds + 60,
    Retry: [rearm, ...noTimeoutRetry, ...retriers],
  };
}
