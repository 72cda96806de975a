import { describe, expect, it } from 'vitest';
import { loadDefinition } from '../definition';
import { PARAMETERS_KEY, prepareRuntimeDefinition, REARM_ERROR, TIMEOUT_KEY } from './runtime-definition';

const NAMES = {
  PrepareFunctionArn: 'p',
  AwaitActionFunctionArn: 'a',
  EscalateFunctionArn: 'e',
  MaintenanceFunctionArn: 'm',
};
const ALL = new Set(['p', 'a', 'e', 'm']);

const task = (extra: Record<string, unknown>) =>
  JSON.stringify({
    StartAt: 'T',
    States: {
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'p', 'Payload.$': '$' },
        End: true,
        ...extra,
      },
    },
  });

describe('prepareRuntimeDefinition', () => {
  it('lists every task of the process workflow with its function', () => {
    const { tasks } = prepareRuntimeDefinition(loadDefinition(NAMES), ALL, 100);
    expect(tasks).toContainEqual({ stateName: 'Prepare', waitForTaskToken: false, functionName: 'p' });
    expect(tasks).toContainEqual({ stateName: 'Escalate', waitForTaskToken: false, functionName: 'e' });
    expect(tasks).toContainEqual({ stateName: 'WorkflowError', waitForTaskToken: false, functionName: 'm' });
    expect(tasks).toContainEqual({ stateName: 'ContinueAsNew', waitForTaskToken: false, functionName: 'm' });
    expect(tasks).toContainEqual({ stateName: 'AwaitAction', waitForTaskToken: true, functionName: 'a' });
    expect(tasks).toHaveLength(5);
  });

  it('moves the real timeout into Parameters and puts the library timer past the slice', () => {
    const { runtime } = prepareRuntimeDefinition(loadDefinition(NAMES), ALL, 100);
    const wait = (runtime.States as Record<string, Record<string, unknown>>).AwaitAction!;
    expect(wait.TimeoutSecondsPath).toBeUndefined();
    expect(wait.TimeoutSeconds).toBe(160);
    expect(wait.Parameters).toMatchObject({
      [`${TIMEOUT_KEY}.$`]: '$.timeoutSeconds',
      [PARAMETERS_KEY]: { FunctionName: 'a', Payload: { 'taskToken.$': '$$.Task.Token' } },
    });
    expect((wait.Retry as { ErrorEquals: string[] }[])[0]?.ErrorEquals).toEqual([REARM_ERROR]);
    // the handler's timeout is never retried as a task failure (as in AWS)
    expect((wait.Retry as { ErrorEquals: string[]; MaxAttempts?: number }[])[1]).toEqual({
      ErrorEquals: ['States.Timeout'],
      MaxAttempts: 0,
    });
    expect(wait.Catch).toEqual([
      { ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Escalate' },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'WorkflowError' },
    ]);
    const prepare = (runtime.States as Record<string, Record<string, unknown>>).Prepare!;
    expect(prepare.Parameters).toMatchObject({ [TIMEOUT_KEY]: 60 });
  });

  it('refuses a Task without a local handler instead of calling real Lambda', () => {
    expect(() => prepareRuntimeDefinition(loadDefinition(NAMES), new Set(['p', 'a']), 100)).toThrow(
      /Escalate: no local handler for function e/,
    );
  });

  it('refuses what it cannot run faithfully', () => {
    expect(() =>
      prepareRuntimeDefinition(task({ Resource: 'arn:aws:lambda:cn-north-1:1:function:x' }), ALL, 1),
    ).toThrow(/only lambda:invoke/);
    expect(() =>
      prepareRuntimeDefinition(task({ Parameters: { 'FunctionName.$': '$.fn', 'Payload.$': '$' } }), ALL, 1),
    ).toThrow(/literal function name/);
    expect(() => prepareRuntimeDefinition(task({ Assign: { x: 1 } }), ALL, 1)).toThrow(/Assign/);
    const map = JSON.stringify({ StartAt: 'M', States: { M: { Type: 'Map', End: true } } });
    expect(() => prepareRuntimeDefinition(map, ALL, 1)).toThrow(/Map states are not supported/);
  });
});
