import { workflowTask } from './workflow-handlers.js';

/** `Prepare` task: reads the case and returns `{ tenantPath, caseId, step, timeoutSeconds, escalations }`. */
export const handler = workflowTask('prepare');
