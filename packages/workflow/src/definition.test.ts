import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFINITION_PATH, loadDefinition, TASK_FUNCTIONS } from './definition';

const ASL_VALIDATOR = fileURLToPath(new URL('../../../node_modules/.bin/asl-validator', import.meta.url));
const AWS_ARNS = {
  PrepareFunctionArn: 'arn:aws-cn:lambda:cn-north-1:123456789012:function:civicgrid-prepare',
  AwaitActionFunctionArn: 'arn:aws-cn:lambda:cn-north-1:123456789012:function:civicgrid-await-action',
  EscalateFunctionArn: 'arn:aws-cn:lambda:cn-north-1:123456789012:function:civicgrid-escalate',
  MaintenanceFunctionArn: 'arn:aws-cn:lambda:cn-north-1:123456789012:function:civicgrid-maintenance',
};

type State = Record<string, unknown> & { Type: string };
const parse = (text: string) => JSON.parse(text) as { StartAt: string; States: Record<string, State> };

describe('the incident workflow definition', () => {
  it('lives at an absolute DEFINITION_PATH', () => {
    expect(isAbsolute(DEFINITION_PATH)).toBe(true);
    expect(existsSync(DEFINITION_PATH)).toBe(true);
  });

  it('is valid ASL once substituted (asl-validator, ARN and path checks on)', () => {
    for (const Partition of ['aws', 'aws-cn']) {
      const definition = loadDefinition({ ...AWS_ARNS, Partition });
      const out = execFileSync(ASL_VALIDATOR, ['--json-definition', definition], { encoding: 'utf8' });
      expect(out).toMatch(/valid/i);
    }
  });

  it('substitutes every placeholder, defaulting Partition to aws', () => {
    const text = loadDefinition(AWS_ARNS);
    expect(text).not.toMatch(/\$\{/);
    const { States } = parse(text);
    expect(States.Prepare?.Resource).toBe('arn:aws:states:::lambda:invoke');
    expect((States.Prepare!.Parameters as { FunctionName: string }).FunctionName).toBe(AWS_ARNS.PrepareFunctionArn);
    expect(parse(loadDefinition({ ...AWS_ARNS, Partition: 'aws-cn' })).States.Escalate?.Resource).toBe(
      'arn:aws-cn:states:::lambda:invoke',
    );
  });

  it('throws when a placeholder has no value', () => {
    expect(() => loadDefinition({ PrepareFunctionArn: 'a', AwaitActionFunctionArn: 'b' })).toThrow(
      /EscalateFunctionArn/,
    );
    expect(TASK_FUNCTIONS).toEqual([
      'PrepareFunctionArn',
      'AwaitActionFunctionArn',
      'EscalateFunctionArn',
      'MaintenanceFunctionArn',
    ]);
  });

  it('keeps the JSON valid whatever a value contains', () => {
    const text = loadDefinition({ ...AWS_ARNS, EscalateFunctionArn: 'odd"name\\' });
    expect((parse(text).States.Escalate!.Parameters as { FunctionName: string }).FunctionName).toBe('odd"name\\');
  });

  it('waits for every kind in one AwaitAction state with a timeout from the record, escalating on States.Timeout', () => {
    const { StartAt, States } = parse(loadDefinition(AWS_ARNS));
    expect(StartAt).toBe('Prepare');
    const route = States.RouteByStep as unknown as {
      Choices: { Variable: string; StringEquals?: string; Next: string }[];
      Default: string;
    };
    expect(route.Default).toBe('Done');
    expect(States.Done?.Type).toBe('Succeed');
    expect(route.Choices.slice(1)).toEqual([
      { Variable: '$.route', StringEquals: 'await', Next: 'AwaitAction' },
      { Variable: '$.route', StringEquals: 'done', Next: 'Done' },
    ]);
    // one wait state for incidents, disputes, petitions and every kind to come: none per step
    const waits = Object.entries(States).filter(
      ([, s]) => s.Resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken',
    );
    expect(waits.map(([name]) => name)).toEqual(['AwaitAction']);
    expect(States.AwaitAction).toMatchObject({
      Type: 'Task',
      Parameters: {
        FunctionName: AWS_ARNS.AwaitActionFunctionArn,
        Payload: {
          'taskToken.$': '$$.Task.Token',
          'tenantPath.$': '$.tenantPath',
          'caseId.$': '$.caseId',
          'kind.$': '$.kind',
          'step.$': '$.step',
        },
      },
      TimeoutSecondsPath: '$.timeoutSeconds',
      ResultPath: '$.action',
      Next: 'Prepare',
      Catch: [
        { ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Escalate' },
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'WorkflowError' },
      ],
    });
    expect(States.Escalate).toMatchObject({ Type: 'Task', Next: 'Prepare' });
  });

  it('retries any task error with backoff, then hands it to the error handler, which fails the execution', () => {
    const { States } = parse(loadDefinition(AWS_ARNS));
    for (const [name, state] of Object.entries(States)) {
      if (state.Type !== 'Task') continue;
      const retry = state.Retry as Array<{ ErrorEquals: string[]; BackoffRate?: number; MaxAttempts?: number }>;
      expect(retry, name).toContainEqual(
        expect.objectContaining({ ErrorEquals: ['States.TaskFailed'], BackoffRate: 2, MaxAttempts: 3 }),
      );
      if (name === 'WorkflowError') continue;
      expect((state.Catch as Array<{ ErrorEquals: string[]; Next: string }>).at(-1), name).toMatchObject({
        ErrorEquals: ['States.ALL'],
        Next: 'WorkflowError',
      });
    }
    expect(States.WorkflowError).toMatchObject({
      Parameters: { FunctionName: AWS_ARNS.MaintenanceFunctionArn, Payload: { action: 'error', 'error.$': '$.error' } },
      Next: 'Failed',
    });
    expect(States.Failed).toMatchObject({ Type: 'Fail', Error: 'CivicGrid.WorkflowError' });
  });

  it('continues in a new execution when Prepare says the year is nearly up', () => {
    const { States } = parse(loadDefinition(AWS_ARNS));
    const route = States.RouteByStep as unknown as { Choices: Array<Record<string, unknown>> };
    expect(route.Choices[0]).toEqual({ Variable: '$.continueAsNew', BooleanEquals: true, Next: 'ContinueAsNew' });
    expect(States.Prepare?.ResultSelector).toMatchObject({ 'executionStartTime.$': '$$.Execution.StartTime' });
    expect(States.ContinueAsNew).toMatchObject({
      Parameters: { Payload: { action: 'continue' } },
      Next: 'Done',
    });
  });

  it('uses JSONPath only and sets a timeout on every Task', () => {
    const text = loadDefinition(AWS_ARNS);
    expect(text).not.toMatch(/JSONata|"Assign"|"Arguments"|"Output"/);
    for (const state of Object.values(parse(text).States)) {
      if (state.Type === 'Task') expect(state.TimeoutSeconds ?? state.TimeoutSecondsPath).toBeDefined();
    }
  });
});
