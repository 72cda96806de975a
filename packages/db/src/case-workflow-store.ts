import {
  ConflictError,
  clockDeadline,
  escalateCase,
  incidentKind,
  isTerminal,
  overdueNotice,
  type TenantPath,
  tenantPath,
} from '@civicgrid/domain';
import type { CaseRepository } from './case-repository';

/**
 * The case store as the workflow sees it (structurally the `CaseWorkflowStore` port of @civicgrid/workflow):
 * what step a case is at and when it is due, where to keep the waiting task's token, how to record a breach.
 */
export class CaseWorkflowStoreAdapter {
  constructor(private readonly cases: CaseRepository) {}

  /** Step, deadline, escalations and parking of a case; undefined when it does not exist. */
  async loadForWorkflow(path: string, caseId: string) {
    const stored = await this.cases.get(tenantPath(path), caseId);
    if (!stored) return undefined;
    const { step, escalations, parked } = stored.state;
    // the clock of whoever holds the step (the department only while dispatched)
    return {
      step,
      deadline: clockDeadline(stored.state),
      escalations,
      parked: parked !== undefined,
      ...(stored.workflowError ? { workflowError: true } : {}),
      // evaluated / rejected end the execution (the one AwaitAction state serves every other step)
      ...(isTerminal(incidentKind, step) ? { terminal: true } : {}),
    };
  }

  /** The breach notice in the loop's words (`案件 … 已超过「待处置」环节时限`). */
  overdueText(id: string, step: string, escalations: number, level: 'supervisor' | 'parent'): string {
    return overdueNotice(incidentKind, id, step, escalations, level);
  }

  /** The error handler's mark: the case's workflow failed and waits for a redrive. */
  recordWorkflowError(
    path: string,
    caseId: string,
    record: { error: string; cause?: string; executionArn?: string; at: string },
  ): Promise<boolean> {
    return this.cases.markWorkflowError(tenantPath(path), caseId, record);
  }

  clearWorkflowError(path: string, caseId: string): Promise<void> {
    return this.cases.clearWorkflowError(tenantPath(path), caseId);
  }

  /** Keep the token of the task waiting at `step`; false when the case already moved on. */
  storeTaskToken(path: string, caseId: string, step: string, token: string): Promise<boolean> {
    return this.cases.storeTaskToken(tenantPath(path), caseId, step, token);
  }

  /**
   * Mark the case overdue and count the breach (audit event and KPI counter in one transaction). Retries when a
   * human action races it; the first breach alerts the supervisor, later ones the level above.
   */
  async recordEscalation(path: string, caseId: string, step: string, at: Date) {
    const p: TenantPath = tenantPath(path);
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored = await this.cases.get(p, caseId);
      if (!stored || stored.state.step !== step)
        return { escalations: stored?.state.escalations ?? 0, level: 'supervisor' as const };
      try {
        const result = escalateCase(stored.state, at);
        await this.cases.transition(p, stored, result);
        const escalations = result.next.escalations;
        return { escalations, level: escalations <= 1 ? ('supervisor' as const) : ('parent' as const) };
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    throw new ConflictError('Could not record the escalation: the case keeps changing', 'stale_version');
  }
}
