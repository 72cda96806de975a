export {
  DEFINITION_PATH,
  DEFINITION_PLACEHOLDERS,
  loadDefinition,
  TASK_FUNCTIONS,
  type TaskFunction,
} from './definition';
export { STALE_TOKEN_ERRORS, StaleTaskTokenError } from './errors';
export {
  type AwaitActionInput,
  createWorkflowHandlers,
  DEFAULT_ESCALATION_POLICY,
  type EscalateInput,
  type EscalationPolicy,
  INCIDENT_KIND,
  MAX_TIMEOUT_SECONDS,
  MISSING_STEP,
  type PrepareInput,
  type PrepareOutput,
  type WorkflowHandlerDeps,
  type WorkflowHandlers,
  waitSeconds,
} from './handlers';
export {
  type LocalStepFunctions,
  type LocalStepFunctionsOptions,
  startLocalStepFunctions,
} from './local/local-step-functions';
export type { LocalFunction } from './local/task-runner';
export type {
  CaseWorkflowStore,
  CaseWorkflowView,
  Clock,
  EscalationLevel,
  KindWorkflowStore,
  Notifier,
  WorkflowEngine,
  WorkflowNotification,
} from './ports';
export { createSfnWorkflowEngine, executionName, type SfnWorkflowEngineOptions } from './sfn-engine';
