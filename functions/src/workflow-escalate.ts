import { workflowTask } from './workflow-handlers.js';

/** `Escalate` task (after `States.Timeout`): marks the case overdue, notifies and raises it. */
export const handler = workflowTask('escalate');
