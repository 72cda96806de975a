import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { createOutboxSender } from '@civicgrid/api/notifier';
import { CaseRepository, CaseWorkflowStoreAdapter, createDynamo, processWorkflowStores } from '@civicgrid/db';
import { processKinds } from '@civicgrid/domain';
import { createSfnWorkflowEngine, createWorkflowHandlers, type WorkflowHandlers } from '@civicgrid/workflow';
import middy from '@middy/core';

/** Shared by the three workflow task entries: one logger, one set of handlers per container. */
export const logger = new Logger();

/**
 * The workflow task handlers on AWS: the case store on the table (function role: the tasks act for the platform,
 * on the case the execution was started for), the outbox notifier, and Step Functions for the one call a task
 * makes back (resuming a token that lost a race). Only `TABLE_NAME` is required: the state machine's ARN cannot
 * be passed to its own tasks (a cycle), and `SendTaskSuccess` needs only the token.
 */
export function createLambdaWorkflowHandlers(env: Record<string, string | undefined> = process.env): WorkflowHandlers {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('Invalid workflow Lambda environment: TABLE_NAME is required');
  const store = { doc: createDynamo({ region: env.AWS_REGION }).doc, tableName };
  const clock = () => new Date();
  // Cursors are never produced here: the workflow only reads and transitions single cases.
  const cases = new CaseRepository(store, env.CURSOR_SECRET ?? 'workflow-tasks-sign-no-cursors');
  return createWorkflowHandlers({
    store: new CaseWorkflowStoreAdapter(cases),
    // every other kind of record (disputes, petitions, …) runs on the same definition and handlers
    kinds: processWorkflowStores(store, processKinds, {
      cursorSecret: env.CURSOR_SECRET ?? 'workflow-tasks-sign-no-cursors',
    }),
    notifier: createOutboxSender(store, clock),
    clock: { now: clock },
    engine: createSfnWorkflowEngine({
      // loaded by the one call a task makes back (a token that lost a race), not at every cold start
      client: async () => new (await import('@aws-sdk/client-sfn')).SFNClient({ region: env.AWS_REGION }),
      stateMachineArn: env.STATE_MACHINE_ARN ?? 'unused-by-task-handlers',
    }),
  });
}

const handlers = createLambdaWorkflowHandlers();

type Handlers = typeof handlers;

/** Wraps one workflow task handler as a Lambda handler: the Step Functions payload is the handler's input. */
export function workflowTask<K extends keyof Handlers>(name: K) {
  const task = handlers[name] as (input: Parameters<Handlers[K]>[0]) => ReturnType<Handlers[K]>;
  return middy(async (event: Parameters<Handlers[K]>[0]) => task(event)).use(injectLambdaContext(logger));
}
