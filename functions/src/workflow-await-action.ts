import { workflowTask } from './workflow-handlers.js';

/** The `AwaitAction` task (`.waitForTaskToken`) of every kind: stores the task token on the record and returns. */
export const handler = workflowTask('awaitAction');
