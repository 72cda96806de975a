import { workflowTask } from './workflow-handlers.js';

/** `Await_<step>` task (`.waitForTaskToken`): stores the task token on the case and returns. */
export const handler = workflowTask('awaitAction');
