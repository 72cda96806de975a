import { setLongTimeout } from './long-timer';
import { type LocalTask, PARAMETERS_KEY, REARM_ERROR, TIMEOUT_KEY } from './runtime-definition';
import type { TaskTokenRegistry } from './token-registry';

/** A local stand-in for one Lambda function: takes the invocation payload, returns the function's result. */
export type LocalFunction = (payload: unknown) => Promise<unknown>;

/** What the library calls instead of a Task's resource. */
export type TaskOverride = (input: unknown) => Promise<unknown>;

export interface TaskRunnerOptions {
  executionArn: string;
  tasks: LocalTask[];
  functions: Record<string, LocalFunction>;
  registry: TaskTokenRegistry;
  /** The value `$$.Task.Token` resolves to in Parameters; replaced by the real token of each task. */
  tokenPlaceholder: string;
  /** Longest single wait before re-arming through the library's retrier (below its own timer). */
  sliceMs: number;
}

interface RunningTask {
  dueAt: number;
  outcome: Promise<unknown>;
  stop(): void;
}

/** Named like the errors the library matches `Catch` / `Retry` against. */
function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * The per-execution Task overrides: run the local function, emulate `.waitForTaskToken` with the token
 * registry, and enforce the task's timeout (raising `States.Timeout`) with chained timers.
 */
export function createTaskRunner(options: TaskRunnerOptions): {
  overrides: Record<string, TaskOverride>;
  stop(): void;
} {
  const { registry, tokenPlaceholder } = options;
  const running = new Map<string, RunningTask>();
  let stopped = false;

  const start = (task: LocalTask, input: unknown): RunningTask => {
    const { [TIMEOUT_KEY]: timeoutSeconds, [PARAMETERS_KEY]: parameters } = input as Record<string, unknown>;
    if (!Number.isInteger(timeoutSeconds) || (timeoutSeconds as number) < 1) {
      throw namedError('States.Runtime', `Task ${task.stateName}: timeout must be a positive integer of seconds`);
    }
    const fn = options.functions[task.functionName];
    if (!fn) throw namedError('States.Runtime', `No local function ${task.functionName}`);
    const payload = (parameters as Record<string, unknown> | undefined)?.Payload;

    let token: string | undefined;
    let work: Promise<unknown>;
    if (task.waitForTaskToken) {
      const issued = registry.issue(options.executionArn);
      token = issued.token;
      const ownToken = issued.token;
      work = invoke(fn, replaceDeep(payload, tokenPlaceholder, ownToken)).then(
        () => issued.result,
        (error: unknown) => {
          registry.cancel(ownToken);
          throw error;
        },
      );
    } else {
      work = invoke(fn, payload).then((result) => ({ Payload: result, StatusCode: 200 }));
    }

    let rejectTimeout!: (error: Error) => void;
    const timedOut = new Promise<never>((_, reject) => {
      rejectTimeout = reject;
    });
    const cancelTimer = setLongTimeout(
      () => {
        if (token) registry.timeOut(token);
        rejectTimeout(namedError('States.Timeout', `Task ${task.stateName} timed out`));
      },
      (timeoutSeconds as number) * 1000,
    );
    const outcome = Promise.race([work, timedOut]).finally(cancelTimer);
    outcome.catch(() => {}); // awaited by the override; never an unhandled rejection between re-arms
    return {
      dueAt: Date.now() + (timeoutSeconds as number) * 1000,
      outcome,
      stop() {
        cancelTimer();
        if (token) registry.cancel(token);
        rejectTimeout(namedError('CivicGrid.Local.ExecutionStopped', 'The execution was stopped'));
      },
    };
  };

  const overrides: Record<string, TaskOverride> = {};
  for (const task of options.tasks) {
    overrides[task.stateName] = async (input) => {
      if (stopped) throw namedError('CivicGrid.Local.ExecutionStopped', 'The execution was stopped');
      // Re-entered by the re-arm retrier: attach to the task already running instead of invoking again.
      let current = running.get(task.stateName);
      if (!current) {
        current = start(task, input);
        running.set(task.stateName, current);
      }
      if (current.dueAt - Date.now() > options.sliceMs && !(await settlesWithin(current.outcome, options.sliceMs))) {
        throw namedError(REARM_ERROR, 'Re-arming a long task timer');
      }
      try {
        return await current.outcome;
      } finally {
        running.delete(task.stateName);
      }
    };
  }

  return {
    overrides,
    stop() {
      stopped = true;
      for (const task of running.values()) task.stop();
      running.clear();
    },
  };
}

async function invoke(fn: LocalFunction, payload: unknown): Promise<unknown> {
  try {
    return await fn(payload);
  } catch (error) {
    // As a Lambda function error surfaces in Step Functions: Error = errorType, Cause = the error document.
    const cause = error instanceof Error ? error : new Error(String(error));
    throw namedError(cause.name || 'Error', JSON.stringify({ errorType: cause.name, errorMessage: cause.message }));
  }
}

/** Whether `promise` settles within `ms` (the timer is cleared either way). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = promise.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function replaceDeep(value: unknown, placeholder: string, replacement: string): unknown {
  if (value === placeholder) return replacement;
  if (Array.isArray(value)) return value.map((item) => replaceDeep(item, placeholder, replacement));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, replaceDeep(item, placeholder, replacement)]),
    );
  }
  return value;
}
