import type { SFNClient } from '@aws-sdk/client-sfn';
import { STALE_TOKEN_ERRORS, StaleTaskTokenError } from './errors';
import type { Clock, WorkflowEngine } from './ports';

export interface SfnWorkflowEngineOptions {
  /**
   * The Step Functions client, or a factory called on first use: the API Lambda passes a factory so that
   * `@aws-sdk/client-sfn` is only loaded by the first request that starts or resumes a workflow (cold start).
   */
  client: SFNClient | (() => SFNClient | Promise<SFNClient>);
  stateMachineArn: string;
  clock?: Clock;
}

/**
 * The `WorkflowEngine` on Step Functions — in AWS, and locally against `startLocalStepFunctions`' endpoint. The
 * command classes are imported on first use (`import()`), never at module load: see docs/deploy.md, "Bundles".
 */
export function createSfnWorkflowEngine(options: SfnWorkflowEngineOptions): WorkflowEngine {
  const { stateMachineArn } = options;
  const clock = options.clock ?? { now: () => new Date() };
  const factory = typeof options.client === 'function' ? options.client : undefined;
  let client: Promise<SFNClient> | undefined = factory ? undefined : Promise.resolve(options.client as SFNClient);
  const sfn = () => {
    client ??= Promise.resolve()
      .then(() => (factory as () => SFNClient | Promise<SFNClient>)())
      .catch((error: unknown) => {
        client = undefined; // a failed load is retried by the next call
        throw error;
      });
    return client;
  };
  return {
    async startCase({ tenantPath, caseId, kind = 'incident', known }) {
      const name = executionName(caseId, clock.now(), kind);
      // `kind` is always in the input: the definition's paths read `$.kind` on every route
      const input = JSON.stringify(known ? { tenantPath, caseId, kind, known } : { tenantPath, caseId, kind });
      const [c, { StartExecutionCommand }] = await Promise.all([sfn(), import('@aws-sdk/client-sfn')]);
      const out = await c.send(new StartExecutionCommand({ stateMachineArn, name, input }));
      if (!out.executionArn) throw new Error('StartExecution returned no executionArn');
      return { executionArn: out.executionArn };
    },

    async completeTask(token, output) {
      const [c, { SendTaskSuccessCommand }] = await Promise.all([sfn(), import('@aws-sdk/client-sfn')]);
      try {
        await c.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output ?? {}) }));
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
 * `case-<caseId>-<timestamp>` (`<kind>-…` for other kinds) within Step Functions' name rule: 1–80 characters from `[A-Za-z0-9_-]` (the
 * subset CloudWatch logging accepts). The case id is shortened, never the timestamp that keeps names unique.
 */
export function executionName(caseId: string, at: Date, kind = 'incident'): string {
  const suffix = `-${at.getTime()}`;
  const safeId = caseId.replace(/[^A-Za-z0-9_-]/g, '-');
  const prefix = kind === 'incident' ? 'case-' : `${kind.replace(/[^A-Za-z0-9_]/g, '').slice(0, 12)}-`;
  const room = MAX_NAME_LENGTH - prefix.length - suffix.length;
  return `${prefix}${safeId.slice(0, room)}${suffix}`;
}
