import { workflowTask } from './workflow-handlers.js';

const maintain = workflowTask('maintain');

/**
 * `WorkflowError` (Catch States.ALL: marks the case `workflowError` for an operator redrive) and `ContinueAsNew`
 * (starts the case's next execution before the one-year limit) tasks. A workflow error also counts the business
 * metric `CivicGrid/WorkflowErrors` (CloudWatch embedded metric format on stdout), which the Ops stack alarms on.
 */
export const handler = async (event: Parameters<typeof maintain>[0], context: Parameters<typeof maintain>[1]) => {
  if ((event as { action?: string }).action === 'error') {
    process.stdout.write(
      `${JSON.stringify({
        _aws: {
          Timestamp: Date.now(),
          CloudWatchMetrics: [
            { Namespace: 'CivicGrid', Dimensions: [[]], Metrics: [{ Name: 'WorkflowErrors', Unit: 'Count' }] },
          ],
        },
        WorkflowErrors: 1,
      })}\n`,
    );
  }
  return maintain(event, context);
};
