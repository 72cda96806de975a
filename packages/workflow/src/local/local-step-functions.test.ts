import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDefinition } from '../definition';
import { StaleTaskTokenError } from '../errors';
import { createWorkflowHandlers } from '../handlers';
import type { WorkflowEngine } from '../ports';
import { createSfnWorkflowEngine } from '../sfn-engine';
import { InMemoryCaseStore, RecordingNotifier } from '../testing/in-memory-ports';
import { type LocalStepFunctions, startLocalStepFunctions } from './local-step-functions';

const TENANT = 'd0101/s003/c012/';
const LOCAL_NAMES = {
  PrepareFunctionArn: 'local-prepare',
  AwaitActionFunctionArn: 'local-await-action',
  EscalateFunctionArn: 'local-escalate',
  MaintenanceFunctionArn: 'local-maintenance',
};

let local: LocalStepFunctions | undefined;
afterEach(async () => {
  await local?.stop();
  local = undefined;
});

function sfnClient(endpoint: string): SFNClient {
  return new SFNClient({
    endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
  });
}

/** The incident workflow on the local engine, with handlers over an in-memory store. */
async function startWorkflow(options: { timerSliceSeconds?: number } = {}) {
  const store = new InMemoryCaseStore();
  const notifier = new RecordingNotifier();
  const awaitCalls: string[] = [];
  let engine: WorkflowEngine | undefined;
  // The handlers need the engine and the engine needs the endpoint: bind late, as the runtime does.
  const lateEngine: WorkflowEngine = {
    startCase: (input) => engine!.startCase(input),
    completeTask: (token, output) => engine!.completeTask(token, output),
  };
  const handlers = createWorkflowHandlers({ store, notifier, clock: { now: () => new Date() }, engine: lateEngine });
  local = await startLocalStepFunctions({
    definition: loadDefinition(LOCAL_NAMES),
    handlers: {
      'local-prepare': (payload) => handlers.prepare(payload as never),
      'local-await-action': (payload) => {
        awaitCalls.push((payload as { step: string }).step);
        return handlers.awaitAction(payload as never);
      },
      'local-escalate': (payload) => handlers.escalate(payload as never),
      'local-maintenance': (payload) => handlers.maintain(payload as never),
    },
    instantRetries: true,
    ...options,
  });
  const client = sfnClient(local.endpoint);
  engine = createSfnWorkflowEngine({ client, stateMachineArn: local.stateMachineArn });
  return { store, notifier, engine, client, local, awaitCalls };
}

async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const giveUp = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > giveUp) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function describe_(client: SFNClient, executionArn: string): Promise<DescribeExecutionCommandOutput> {
  return client.send(new DescribeExecutionCommand({ executionArn }));
}

describe('startLocalStepFunctions', () => {
  it('drives a case through every step with the real SFN client', async () => {
    const { store, engine, client } = await startWorkflow();
    const deadline = new Date(Date.now() + 3_600_000).toISOString();
    store.put(TENANT, 'case-1', { step: 'reported', deadline, escalations: 0 });
    const { executionArn } = await engine.startCase({ tenantPath: TENANT, caseId: 'case-1' });
    expect(executionArn).toMatch(/^arn:aws-cn:states:cn-north-1:\d{12}:execution:incident-workflow:case-case-1-\d+$/);

    const path = ['reported', 'registered', 'dispatched', 'handled', 'verified', 'closed', 'evaluated'];
    let previousToken: string | undefined;
    for (const [index, step] of path.slice(0, -1).entries()) {
      const token = await until(() => {
        const c = store.get(TENANT, 'case-1');
        return c?.step === step && c.token !== previousToken && c.token;
      }, `token at ${step}`);
      // The API: apply the action to the case, then resume the execution.
      store.get(TENANT, 'case-1')!.step = path[index + 1]!;
      await engine.completeTask(token, { action: step });
      previousToken = token;
    }
    await until(() => local!.running() === 0, 'the execution to end');
    const done = await describe_(client, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toMatchObject({ tenantPath: TENANT, caseId: 'case-1', step: 'evaluated' });
    expect(done.startDate).toBeInstanceOf(Date);
    expect(done.stopDate).toBeInstanceOf(Date);
    // what Step Functions would bill: each step is Prepare → RouteByStep → AwaitAction, the last ends in Done
    expect(local!.stateTransitions()).toEqual({ Prepare: 7, RouteByStep: 7, AwaitAction: 6, Done: 1 });

    // The last token was used: the API's retry must get a 409, not resume anything.
    await expect(engine.completeTask(previousToken!, {})).rejects.toBeInstanceOf(StaleTaskTokenError);
    await expect(engine.completeTask('not-a-token', {})).rejects.toBeInstanceOf(StaleTaskTokenError);
  });

  it('rejects a reused token with StaleTaskTokenError while the execution waits at the next step', async () => {
    const { store, engine } = await startWorkflow();
    store.put(TENANT, 'case-2', { step: 'registered', escalations: 0 });
    await engine.startCase({ tenantPath: TENANT, caseId: 'case-2' });
    const first = await until(() => store.get(TENANT, 'case-2')?.token, 'first token');
    store.get(TENANT, 'case-2')!.step = 'dispatched';
    await engine.completeTask(first, { action: 'dispatch' });
    await until(() => store.get(TENANT, 'case-2')?.token !== first, 'second token');
    const error = await engine.completeTask(first, { action: 'dispatch' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleTaskTokenError);
    expect(error).toMatchObject({ status: 409, name: 'StaleTaskTokenError' });
    expect((error as Error).cause).toMatchObject({ name: 'TaskDoesNotExist' });
  });

  it('times out after TimeoutSecondsPath, escalates, and waits again', async () => {
    const { store, notifier, engine, client } = await startWorkflow();
    store.put(TENANT, 'case-3', {
      step: 'dispatched',
      deadline: new Date(Date.now() + 1000).toISOString(),
      escalations: 0,
    });
    const { executionArn } = await engine.startCase({ tenantPath: TENANT, caseId: 'case-3' });
    const first = await until(() => store.get(TENANT, 'case-3')?.token, 'first token');
    await until(() => notifier.sent.length === 1, 'the escalation', 5000);
    expect(notifier.sent[0]).toMatchObject({ tenantPath: TENANT, caseId: 'case-3', kind: 'case.overdue.supervisor' });
    expect(store.escalations).toHaveLength(1);
    // Escalate → Prepare → Await again with a fresh token (the long re-check interval now).
    const second = await until(() => {
      const token = store.get(TENANT, 'case-3')?.token;
      return token !== first && token;
    }, 'second token');
    const timedOut = await engine.completeTask(first, {}).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(StaleTaskTokenError);
    expect((timedOut as Error).cause).toMatchObject({ name: 'TaskTimedOut' });
    expect((await describe_(client, executionArn)).status).toBe('RUNNING');
    store.get(TENANT, 'case-3')!.step = 'rejected';
    await engine.completeTask(second, { action: 'reject' });
    await until(() => local!.running() === 0, 'the execution to end');
    expect((await describe_(client, executionArn)).status).toBe('SUCCEEDED');
  });

  it('resumes the execution itself when the case moved on before the token was stored', async () => {
    const { store, engine, awaitCalls } = await startWorkflow();
    store.put(TENANT, 'case-4', { step: 'handled', escalations: 0 });
    // The API verifies the case just as the handler is about to store the token for `handled`.
    store.beforeStore = () => {
      const c = store.get(TENANT, 'case-4')!;
      if (c.step === 'handled') c.step = 'verified';
    };
    await engine.startCase({ tenantPath: TENANT, caseId: 'case-4' });
    await until(() => store.get(TENANT, 'case-4')?.token, 'the token at verified');
    expect(awaitCalls).toEqual(['handled', 'verified']);
  });

  it('re-arms long waits in slices without invoking the task again, and still times out on time', async () => {
    const { store, notifier, engine, awaitCalls } = await startWorkflow({ timerSliceSeconds: 1 });
    store.put(TENANT, 'case-5', {
      step: 'reported',
      deadline: new Date(Date.now() + 2500).toISOString(),
      escalations: 0,
    });
    await engine.startCase({ tenantPath: TENANT, caseId: 'case-5' });
    await until(() => store.get(TENANT, 'case-5')?.token, 'the token');
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(notifier.sent).toHaveLength(0); // past one slice, before the deadline
    expect(awaitCalls).toEqual(['reported']);
    expect(local!.stateTransitions().AwaitAction).toBe(1); // a re-armed timer is not a state transition
    await until(() => notifier.sent.length === 1, 'the escalation', 4000);
    expect(awaitCalls).toEqual(['reported', 'reported']);
  });

  it('serves SendTaskFailure, SendTaskHeartbeat, StopExecution and the AWS error shapes', async () => {
    const { store, engine, client } = await startWorkflow();
    store.put(TENANT, 'case-6', { step: 'verified', escalations: 0 });
    const { executionArn } = await engine.startCase({ tenantPath: TENANT, caseId: 'case-6' });
    const token = await until(() => store.get(TENANT, 'case-6')?.token, 'the token');
    await client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    // A failed task is retried (States.TaskFailed, three more attempts), each with a new token; after the last the
    // Catch hands it to the error handler and the execution fails as CivicGrid.WorkflowError.
    let failing = token;
    for (let attempt = 1; attempt <= 4; attempt++) {
      await client.send(new SendTaskFailureCommand({ taskToken: failing, error: 'Case.Broken', cause: 'on purpose' }));
      if (attempt < 4) {
        const previous = failing;
        failing = await until(() => {
          const next = store.get(TENANT, 'case-6')?.token;
          return next !== previous && next;
        }, 'the retried task');
      }
    }
    await until(() => local!.running() === 0, 'the execution to fail');
    expect(await describe_(client, executionArn)).toMatchObject({ status: 'FAILED', error: 'CivicGrid.WorkflowError' });
    await expect(client.send(new SendTaskHeartbeatCommand({ taskToken: token }))).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
    });

    store.put(TENANT, 'case-7', { step: 'verified', escalations: 0 });
    const name = 'fixed-name';
    const input = JSON.stringify({ tenantPath: TENANT, caseId: 'case-7' });
    const started = await client.send(
      new StartExecutionCommand({ stateMachineArn: local!.stateMachineArn, name, input }),
    );
    const again = await client.send(
      new StartExecutionCommand({ stateMachineArn: local!.stateMachineArn, name, input }),
    );
    expect(again.executionArn).toBe(started.executionArn);
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn: local!.stateMachineArn, name, input: '{}' })),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    const stopped = await client.send(new StopExecutionCommand({ executionArn: started.executionArn }));
    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(await describe_(client, started.executionArn!)).toMatchObject({ status: 'ABORTED' });
    expect(local!.running()).toBe(0);
    await expect(describe_(client, `${executionArn}-nope`)).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
  });

  it('aborts running executions on stop()', async () => {
    const { store, engine, client } = await startWorkflow();
    store.put(TENANT, 'case-8', { step: 'reported', escalations: 0 });
    const { executionArn } = await engine.startCase({ tenantPath: TENANT, caseId: 'case-8' });
    const token = await until(() => store.get(TENANT, 'case-8')?.token, 'the token');
    const status = (await describe_(client, executionArn)).status;
    expect(status).toBe('RUNNING');
    await local!.stop();
    expect(local!.running()).toBe(0);
    local = undefined;
    expect(token).toMatch(/^[A-Za-z0-9_-]{64}$/);
  });

  it('refuses to start when a Task has no local handler', async () => {
    await expect(
      startLocalStepFunctions({
        definition: loadDefinition(LOCAL_NAMES),
        handlers: { 'local-prepare': async () => ({}), 'local-await-action': async () => ({}) },
      }),
    ).rejects.toThrow(/no local handler for function local-escalate/);
  });
});
