import { SendTaskSuccessCommand, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { STALE_TOKEN_ERRORS, StaleTaskTokenError } from './errors';
import type { Clock, WorkflowEngine } from './ports';

export interface SfnWorkflowEngineOptions {
  client: SFNClient;
  stateMachineArn: string;
  clock?: Clock;
}

/** The `WorkflowEngine` on Step Functions — in AWS, and locally against `startLocalStepFunctions`' endpoint. */
export function createSfnWorkflowEngine(options: SfnWorkflowEngineOptions): WorkflowEngine {
  const { client, stateMachineArn } = options;
  const clock = options.clock ?? { now: () => new Date() };
  return {
    async startCase({ tenantPath, caseId }) {
      const name = executionName(caseId, clock.now());
      const input = JSON.stringify({ tenantPath, caseId });
      const out = await client.send(new StartExecutionCommand({ stateMachineArn, name, input }));
      if (!out.executionArn) throw new Error('StartExecution returned no executionArn');
      return { executionArn: out.executionArn };
    },

    async completeTask(token, output) {
      try {
        await client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output ?? {}) }));
      } catch (error) {
        if (error instanceof Error && STALE_TOKEN_ERRORS.has(error.name)) {
          throw new StaleTaskTokenError(undefined, { cause: error });
        }
        throw error;
      }
    },
  };
}

const MAX_NAME_LENGTH = 80;

/**
 * `case-<caseId>-<timestamp>` within Step Functions' name rule: 1–80 characters from `[A-Za-z0-9_-]` (the
 * subset CloudWatch logging accepts). The case id is shortened, never the timestamp that keeps names unique.
 */
export function executionName(caseId: string, at: Date): string {
  const suffix = `-${at.getTime()}`;
  const safeId = caseId.replace(/[^A-Za-z0-9_-]/g, '-');
  const room = MAX_NAME_LENGTH - 'case-'.length - suffix.length;
  return `case-${safeId.slice(0, room)}${suffix}`;
}
