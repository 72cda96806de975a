import type { SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { StaleTaskTokenError } from './errors';
import { createSfnWorkflowEngine, executionName } from './sfn-engine';

const AT = new Date('2025-03-03T02:00:00.000Z');

/** A stand-in for SFNClient.send: records the commands, answers from `reply`. */
function fakeClient(reply: (command: { input: Record<string, unknown> }) => unknown) {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      return reply(command);
    },
  } as unknown as SFNClient;
  return { client, sent };
}

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

describe('executionName', () => {
  it('is case-<caseId>-<timestamp>', () => {
    expect(executionName('01JABCDEF', AT)).toBe(`case-01JABCDEF-${AT.getTime()}`);
  });

  it('replaces characters Step Functions refuses and keeps within 80 characters, timestamp intact', () => {
    const name = executionName(`案件 #1/${'x'.repeat(100)}`, AT);
    expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(name).toHaveLength(80);
    expect(name.endsWith(`-${AT.getTime()}`)).toBe(true);
    expect(name.startsWith('case-----1-x')).toBe(true);
  });
});

describe('createSfnWorkflowEngine', () => {
  it('starts an execution named after the case with the case as input', async () => {
    const { client, sent } = fakeClient(() => ({ executionArn: 'arn:exec' }));
    const engine = createSfnWorkflowEngine({ client, stateMachineArn: 'arn:sm', clock: { now: () => AT } });
    expect(await engine.startCase({ tenantPath: 'd01/', caseId: 'c1' })).toEqual({ executionArn: 'arn:exec' });
    expect(sent).toEqual([
      {
        name: 'StartExecutionCommand',
        input: {
          stateMachineArn: 'arn:sm',
          name: `case-c1-${AT.getTime()}`,
          input: '{"tenantPath":"d01/","caseId":"c1","kind":"incident"}',
        },
      },
    ]);
  });

  it('completes a task with the output as JSON', async () => {
    const { client, sent } = fakeClient(() => ({}));
    await createSfnWorkflowEngine({ client, stateMachineArn: 'arn:sm' }).completeTask('tok', { action: 'verify' });
    expect(sent).toEqual([
      { name: 'SendTaskSuccessCommand', input: { taskToken: 'tok', output: '{"action":"verify"}' } },
    ]);
  });

  it.each(['TaskDoesNotExist', 'InvalidToken', 'TaskTimedOut'])('maps %s to StaleTaskTokenError', async (name) => {
    const { client } = fakeClient(() => {
      throw awsError(name);
    });
    const error = await createSfnWorkflowEngine({ client, stateMachineArn: 'arn:sm' })
      .completeTask('tok', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleTaskTokenError);
    expect(error).toMatchObject({ name: 'StaleTaskTokenError', status: 409, code: 'stale_task_token' });
    expect((error as Error).cause).toMatchObject({ name });
  });

  it('lets other failures through', async () => {
    const { client } = fakeClient(() => {
      throw awsError('ThrottlingException');
    });
    await expect(
      createSfnWorkflowEngine({ client, stateMachineArn: 'arn:sm' }).completeTask('tok', {}),
    ).rejects.toMatchObject({ name: 'ThrottlingException' });
  });
});
