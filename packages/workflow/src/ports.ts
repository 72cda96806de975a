/** What the workflow needs to know about a case. */
export interface CaseWorkflowView {
  /** The case's current step (`reported` … `evaluated`, `rejected`). */
  step: string;
  /** ISO 8601 instant the current step is due (working-day calendar already applied). */
  deadline?: string;
  /** Escalations recorded at the current step. */
  escalations: number;
  /** 挂账 / 缓办: the case is parked, so its clock does not run. */
  parked?: boolean;
  /** A workflow task failed for good on this case (it waits for an operator redrive). */
  workflowError?: boolean;
  /** The record's step ends it (kinds routed by `AwaitAction`; incidents route terminal steps by name). */
  terminal?: boolean;
}

/** What the error handler records on a case whose workflow failed. */
export interface WorkflowErrorRecord {
  error: string;
  cause?: string;
  executionArn?: string;
  at: string;
}

/** Escalation levels: the supervisor on the first breach, the parent tenant on later ones. */
export type EscalationLevel = 'supervisor' | 'parent';

/** The case store as the workflow sees it (implemented in `@civicgrid/db`). */
export interface CaseWorkflowStore {
  loadForWorkflow(tenantPath: string, caseId: string): Promise<CaseWorkflowView | undefined>;
  /** Stores the token of the waiting task; `false` when the case is no longer at `step`. */
  storeTaskToken(tenantPath: string, caseId: string, step: string, token: string): Promise<boolean>;
  /** Marks the case overdue at `step` and counts the escalation. */
  recordEscalation(
    tenantPath: string,
    caseId: string,
    step: string,
    at: Date,
  ): Promise<{ escalations: number; level: EscalationLevel }>;
  /** Marks the case `workflowError` (false when the case does not exist). */
  recordWorkflowError?(tenantPath: string, caseId: string, record: WorkflowErrorRecord): Promise<boolean>;
  /** Clears the mark once a (redriven) execution runs the case again. */
  clearWorkflowError?(tenantPath: string, caseId: string): Promise<void>;
}

/** The store of any kind of record as the workflow sees it: the case store's shape, in the kind's words. */
export interface KindWorkflowStore extends CaseWorkflowStore {
  /** the breach notification's text (default: the incident wording) */
  overdueText?(id: string, step: string, escalations: number, level: EscalationLevel): string;
}

/** One message to the people responsible for a case. */
export interface WorkflowNotification {
  tenantPath: string;
  caseId: string;
  kind: string;
  text: string;
}

/** Delivers notifications (SMS, in-app, …); the adapter picks the recipients from `tenantPath` and `kind`. */
export interface Notifier {
  notify(msg: WorkflowNotification): Promise<void>;
}

/** The time, injected so tests and the local runtime agree on "now". */
export interface Clock {
  now(): Date;
}

/** Runs one workflow execution per case and resumes it when a human acts. */
export interface WorkflowEngine {
  /**
   * `known`: the case as its creator just stored it, so the execution's first `prepare` need not read it back
   * (a redrive, a resume or any later `prepare` reads the case).
   */
  startCase(input: {
    tenantPath: string;
    caseId: string;
    /** the record's kind (default: incident) — disputes, petitions and every other kind run the same definition */
    kind?: string;
    known?: CaseWorkflowView;
  }): Promise<{ executionArn: string }>;
  /** Resumes the waiting task; throws `StaleTaskTokenError` when the token no longer names one. */
  completeTask(token: string, output: unknown): Promise<void>;
}
