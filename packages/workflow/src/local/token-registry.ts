import { randomBytes } from 'node:crypto';
import { LocalSfnError } from './local-sfn-error';

/** Why a token no longer names a waiting task. */
type Tombstone = 'completed' | 'timedOut' | 'cancelled';

interface Waiting {
  executionArn: string;
  resolve(output: unknown): void;
  reject(error: Error): void;
}

/** Task tokens of `.waitForTaskToken` tasks: issued when the task starts, settled by SendTask* calls. */
export interface TaskTokenRegistry {
  /** A new token and the promise its SendTaskSuccess / SendTaskFailure settles. */
  issue(executionArn: string): { token: string; result: Promise<unknown> };
  succeed(token: string, outputJson: string): void;
  fail(token: string, error?: string, cause?: string): void;
  heartbeat(token: string): void;
  /** The task timed out: later calls with this token get `TaskTimedOut`. */
  timeOut(token: string): void;
  /** The task ended otherwise (execution stopped, handler failed): later calls get `TaskDoesNotExist`. */
  cancel(token: string): void;
  /** Tokens still waiting. */
  size(): number;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{64}$/;

/** Settled tokens remembered to answer precisely (`TaskTimedOut` vs `TaskDoesNotExist`); older ones are forgotten. */
const TOMBSTONE_LIMIT = 10_000;

/** Creates an in-memory token registry. */
export function createTaskTokenRegistry(): TaskTokenRegistry {
  const waiting = new Map<string, Waiting>();
  const tombstones = new Map<string, Tombstone>();

  const bury = (token: string, why: Tombstone): void => {
    waiting.delete(token);
    tombstones.set(token, why);
    if (tombstones.size > TOMBSTONE_LIMIT) {
      const oldest = tombstones.keys().next().value;
      if (oldest !== undefined) tombstones.delete(oldest);
    }
  };

  const take = (token: string): Waiting => {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) {
      throw new LocalSfnError('InvalidToken', 'Invalid Token');
    }
    const entry = waiting.get(token);
    if (entry) return entry;
    if (tombstones.get(token) === 'timedOut') throw new LocalSfnError('TaskTimedOut', 'Task Timed Out');
    throw new LocalSfnError('TaskDoesNotExist', 'Task does not exist anymore');
  };

  return {
    issue(executionArn) {
      const token = randomBytes(48).toString('base64url');
      const result = new Promise<unknown>((resolve, reject) => {
        waiting.set(token, { executionArn, resolve, reject });
      });
      return { token, result };
    },
    succeed(token, outputJson) {
      const entry = take(token);
      let output: unknown;
      try {
        output = JSON.parse(outputJson);
      } catch {
        throw new LocalSfnError('InvalidOutput', 'The output is not valid JSON');
      }
      bury(token, 'completed');
      entry.resolve(output);
    },
    fail(token, error, cause) {
      const entry = take(token);
      bury(token, 'completed');
      const failure = new Error(cause ?? '');
      failure.name = error || 'States.TaskFailed';
      entry.reject(failure);
    },
    heartbeat(token) {
      take(token);
    },
    timeOut(token) {
      if (waiting.has(token)) bury(token, 'timedOut');
    },
    cancel(token) {
      if (waiting.has(token)) bury(token, 'cancelled');
    },
    size: () => waiting.size,
  };
}
