import type { CaseWorkflowStore, CaseWorkflowView, Clock, Notifier, WorkflowNotification } from '../ports';

/** A case as the in-memory store keeps it. */
export interface FakeCase extends CaseWorkflowView {
  token?: string;
}

/** In-memory `CaseWorkflowStore` for tests: cases keyed by `<tenantPath>|<caseId>`. */
export class InMemoryCaseStore implements CaseWorkflowStore {
  readonly cases = new Map<string, FakeCase>();
  readonly escalations: { caseId: string; step: string; at: Date }[] = [];
  /** Runs just before a token is stored: lets a test move the case on in between (the API race). */
  beforeStore?: (caseId: string) => void;

  /** `terminal`: the steps that end an execution (the incident loop's by default, as the case store answers). */
  constructor(private readonly terminal: readonly string[] = ['evaluated', 'rejected']) {}

  put(tenantPath: string, caseId: string, value: FakeCase): void {
    this.cases.set(`${tenantPath}|${caseId}`, value);
  }

  get(tenantPath: string, caseId: string): FakeCase | undefined {
    return this.cases.get(`${tenantPath}|${caseId}`);
  }

  async loadForWorkflow(tenantPath: string, caseId: string): Promise<CaseWorkflowView | undefined> {
    const found = this.get(tenantPath, caseId);
    if (!found) return undefined;
    const { step, deadline, escalations, parked } = found;
    return { step, deadline, escalations, parked, ...(this.terminal.includes(step) ? { terminal: true } : {}) };
  }

  async storeTaskToken(tenantPath: string, caseId: string, step: string, token: string): Promise<boolean> {
    this.beforeStore?.(caseId);
    const found = this.get(tenantPath, caseId);
    if (!found || found.step !== step) return false;
    found.token = token;
    return true;
  }

  async recordEscalation(tenantPath: string, caseId: string, step: string, at: Date) {
    const found = this.get(tenantPath, caseId);
    if (!found) throw new Error(`no case ${caseId}`);
    found.escalations += 1;
    this.escalations.push({ caseId, step, at });
    return {
      escalations: found.escalations,
      level: found.escalations === 1 ? ('supervisor' as const) : ('parent' as const),
    };
  }
}

/** Collects notifications. */
export class RecordingNotifier implements Notifier {
  readonly sent: WorkflowNotification[] = [];
  async notify(msg: WorkflowNotification): Promise<void> {
    this.sent.push(msg);
  }
}

/** A clock a test sets by hand. */
export class FixedClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
}
