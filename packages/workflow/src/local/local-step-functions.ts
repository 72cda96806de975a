import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type RunOptions, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { LocalSfnError } from './local-sfn-error';
import { installPromiseWithResolvers } from './promise-with-resolvers';
import { prepareRuntimeDefinition } from './runtime-definition';
import { createSfnHttpServer, type SfnOperation } from './sfn-http-server';
import { createTaskRunner, type LocalFunction } from './task-runner';
import { createTaskTokenRegistry } from './token-registry';

installPromiseWithResolvers();

export interface LocalStepFunctionsOptions {
  /** The ASL definition, already substituted with the local function names. */
  definition: string;
  /** Local function name (as in `Parameters.FunctionName`) → the handler standing in for that Lambda. */
  handlers: Record<string, LocalFunction>;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  region?: string;
  stateMachineName?: string;
  /**
   * Longest single timer a waiting task arms before re-arming (default 20 days, under Node's ~24.8-day limit).
   * Tests lower it to exercise re-arming.
   */
  timerSliceSeconds?: number;
  /** Retry task errors at once instead of after the definition's backoff (tests). */
  instantRetries?: boolean;
}

export interface LocalStepFunctions {
  /** `http://host:port` for `new SFNClient({ endpoint })`. */
  endpoint: string;
  stateMachineArn: string;
  /** Aborts every execution and closes the endpoint. */
  stop(): Promise<void>;
  /** Executions still running. */
  running(): number;
  /**
   * States entered since the engine started, by state name — what Step Functions bills as state transitions for
   * standard workflows (a retried Task is not entered again).
   */
  stateTransitions(): Record<string, number>;
}

type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

interface Execution {
  executionArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  abort(): void;
}

type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;

const DEFAULT_SLICE_SECONDS = 20 * 86_400;
const ACCOUNT = '000000000000';
/** Node timers cap at 2^31-1 ms; the library's own timer is set one minute over the slice. */
const MAX_SLICE_SECONDS = Math.floor(2_147_483_647 / 1000) - 60;
const FINISHED_LIMIT = 10_000;
const NAME_FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;

/** Step Functions' execution-name rule: 1–80 characters, no whitespace, brackets, wildcards or control characters. */
function isValidName(name: string): boolean {
  if (name.length < 1 || name.length > 80 || NAME_FORBIDDEN.test(name)) return false;
  for (const char of name) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return false;
  }
  return true;
}

/**
 * Runs the ASL definition with aws-local-stepfunctions behind a local Step Functions endpoint. Refuses to start
 * when a Task has no local handler (it would call real Lambda) or uses something the library cannot run faithfully.
 */
export async function startLocalStepFunctions(options: LocalStepFunctionsOptions): Promise<LocalStepFunctions> {
  const {
    handlers,
    host = '127.0.0.1',
    port = 0,
    region = 'cn-north-1',
    stateMachineName = 'incident-workflow',
  } = options;
  const sliceSeconds = options.timerSliceSeconds ?? DEFAULT_SLICE_SECONDS;
  if (!Number.isInteger(sliceSeconds) || sliceSeconds < 1 || sliceSeconds > MAX_SLICE_SECONDS) {
    throw new Error(`timerSliceSeconds must be an integer from 1 to ${MAX_SLICE_SECONDS}`);
  }
  const { runtime, tasks } = prepareRuntimeDefinition(options.definition, new Set(Object.keys(handlers)), sliceSeconds);
  const machine = new StateMachine(runtime as unknown as StateMachineDefinition);
  // The re-arm retrier (index 0) never waits; the definition's own retriers keep their backoff unless told not to.
  const retryIntervalOverrides = Object.fromEntries(
    tasks.map((task) => [task.stateName, options.instantRetries ? [0, 0, 0, 0, 0, 0] : [0]]),
  );

  const partition = region.startsWith('cn-') ? 'aws-cn' : 'aws';
  const stateMachineArn = `arn:${partition}:states:${region}:${ACCOUNT}:stateMachine:${stateMachineName}`;
  const registry = createTaskTokenRegistry();
  const executions = new Map<string, Execution>();
  const byName = new Map<string, Execution>();
  // `$$.Task.Token` resolves to this in Parameters (the library has no task tokens); the runner swaps in the token.
  const tokenPlaceholder = `local-task-token-placeholder-${randomBytes(8).toString('hex')}`;

  const transitions = new Map<string, number>();
  const countTransition = (event: { type?: string; state?: { name?: string } }) => {
    if (event.type !== 'StateEntered' || !event.state?.name) return;
    transitions.set(event.state.name, (transitions.get(event.state.name) ?? 0) + 1);
  };

  const startExecution = (name: string, input: string): Execution => {
    const executionArn = `arn:${partition}:states:${region}:${ACCOUNT}:execution:${stateMachineName}:${name}`;
    const runner = createTaskRunner({
      executionArn,
      tasks,
      functions: handlers,
      registry,
      tokenPlaceholder,
      sliceMs: sliceSeconds * 1000,
    });
    const run = machine.run(JSON.parse(input), {
      overrides: { taskResourceLocalHandlers: runner.overrides as TaskHandlers, retryIntervalOverrides },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: executionArn, Name: name, StartTime: new Date().toISOString() },
        StateMachine: { Id: stateMachineArn, Name: stateMachineName },
        Task: { Token: tokenPlaceholder },
      },
    });
    const execution: Execution = {
      executionArn,
      name,
      input,
      status: 'RUNNING',
      startDate: new Date(),
      abort: () => {
        runner.stop();
        run.abort();
      },
    };
    // The library queues every event until someone reads them: drain, or a long-lived execution grows unbounded.
    void drain(run.eventLogs, countTransition);
    run.result
      .then(
        (output) => {
          if (execution.status !== 'RUNNING') return;
          execution.status = 'SUCCEEDED';
          execution.output = JSON.stringify(output);
          execution.stopDate = new Date();
        },
        (error: unknown) => {
          runner.stop();
          if (execution.status !== 'RUNNING') return;
          const failure = error instanceof Error && error.cause instanceof Error ? error.cause : (error as Error);
          execution.status = 'FAILED';
          execution.error = failure?.name ?? 'States.Runtime';
          execution.cause = failure?.message ?? String(error);
          execution.stopDate = new Date();
        },
      )
      .finally(() => {
        execution.abort = () => {};
        remember(execution);
      });
    return execution;
  };

  // Finished executions answer DescribeExecution until FINISHED_LIMIT newer ones push them out.
  const finished: Execution[] = [];
  const remember = (execution: Execution): void => {
    finished.push(execution);
    while (finished.length > FINISHED_LIMIT) {
      const oldest = finished.shift()!;
      executions.delete(oldest.executionArn);
      byName.delete(oldest.name);
    }
  };

  const find = (executionArn: unknown): Execution => {
    const execution = typeof executionArn === 'string' ? executions.get(executionArn) : undefined;
    if (!execution) throw new LocalSfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  };

  const operations: Record<string, SfnOperation> = {
    async StartExecution(request) {
      if (request.stateMachineArn !== stateMachineArn) {
        throw new LocalSfnError(
          'StateMachineDoesNotExist',
          `State Machine Does Not Exist: '${request.stateMachineArn}'`,
        );
      }
      const name = request.name === undefined ? randomUUID() : String(request.name);
      if (!isValidName(name)) throw new LocalSfnError('InvalidName', `Invalid Name: '${name}'`);
      const input = request.input === undefined ? '{}' : String(request.input);
      try {
        JSON.parse(input);
      } catch {
        throw new LocalSfnError('InvalidExecutionInput', 'Invalid State Machine Execution Input');
      }
      const existing = byName.get(name);
      if (existing) {
        // Standard workflows: the same name and input while running is an idempotent success.
        if (existing.status === 'RUNNING' && existing.input === input) {
          return { executionArn: existing.executionArn, startDate: seconds(existing.startDate) };
        }
        throw new LocalSfnError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.executionArn}'`);
      }
      const execution = startExecution(name, input);
      executions.set(execution.executionArn, execution);
      byName.set(name, execution);
      return { executionArn: execution.executionArn, startDate: seconds(execution.startDate) };
    },
    async SendTaskSuccess(request) {
      registry.succeed(String(request.taskToken ?? ''), request.output === undefined ? '' : String(request.output));
      return {};
    },
    async SendTaskFailure(request) {
      const text = (value: unknown) => (value === undefined ? undefined : String(value));
      registry.fail(String(request.taskToken ?? ''), text(request.error), text(request.cause));
      return {};
    },
    async SendTaskHeartbeat(request) {
      // HeartbeatSeconds is not emulated: a heartbeat only checks that the task is still waiting.
      registry.heartbeat(String(request.taskToken ?? ''));
      return {};
    },
    async DescribeExecution(request) {
      const execution = find(request.executionArn);
      return {
        executionArn: execution.executionArn,
        stateMachineArn,
        name: execution.name,
        status: execution.status,
        startDate: seconds(execution.startDate),
        ...(execution.stopDate && { stopDate: seconds(execution.stopDate) }),
        input: execution.input,
        inputDetails: { included: true },
        ...(execution.output !== undefined && { output: execution.output, outputDetails: { included: true } }),
        ...(execution.error !== undefined && { error: execution.error }),
        ...(execution.cause !== undefined && { cause: execution.cause }),
      };
    },
    async StopExecution(request) {
      const execution = find(request.executionArn);
      if (execution.status === 'RUNNING') {
        abortExecution(execution);
        if (request.error !== undefined) execution.error = String(request.error);
        if (request.cause !== undefined) execution.cause = String(request.cause);
      }
      return { stopDate: seconds(execution.stopDate ?? new Date()) };
    },
  };

  const server = createSfnHttpServer(operations);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    endpoint: `http://${urlHost}:${address.port}`,
    stateMachineArn,
    running: () => [...executions.values()].filter((execution) => execution.status === 'RUNNING').length,
    stateTransitions: () => Object.fromEntries(transitions),
    async stop() {
      for (const execution of executions.values()) {
        if (execution.status === 'RUNNING') abortExecution(execution);
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function abortExecution(execution: Execution): void {
  execution.status = 'ABORTED';
  execution.stopDate = new Date();
  execution.abort();
}

async function drain(
  events: AsyncGenerator<unknown>,
  observe: (event: { type?: string; state?: { name?: string } }) => void,
): Promise<void> {
  for await (const event of events) {
    // counted, then discarded: the local engine keeps no execution history
    observe(event as { type?: string; state?: { name?: string } });
  }
}

/** AWS JSON timestamps: epoch seconds. */
function seconds(date: Date): number {
  return date.getTime() / 1000;
}
