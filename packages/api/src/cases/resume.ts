import { CaseRepository, TenantRepository } from '@civicgrid/db';
import { type CaseStep, incidentKind, openStepsOf } from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { inPool } from '../pool';
import { RESUME_CONCURRENCY, resumeOpenProcessRecords } from '../process/resume';

/**
 * Start a workflow execution for every open case. The embedded engine keeps executions in memory, so after a
 * restart each open case resumes here: the definition begins by reading the case's persisted step and deadline,
 * so it waits at the right step with the remaining time (the same path AWS uses to redrive). Reads go tenant by
 * tenant through the by-step index — no Scan — a page at a time, each page's executions started side by side.
 */
export async function resumeOpenCases(deps: AppDeps): Promise<number> {
  const tenants = await new TenantRepository(deps.store).listAll();
  const cases = new CaseRepository(deps.store, deps.config.cursorSecret);
  let resumed = 0;
  for (const tenant of tenants) {
    for (const step of openStepsOf(incidentKind) as CaseStep[]) {
      let cursor: string | undefined;
      do {
        const page = await cases.list(tenant.path, { step, limit: 100, cursor });
        await inPool(page.items, RESUME_CONCURRENCY, (c) =>
          deps.workflow.startCase({ tenantPath: tenant.path, caseId: c.id }),
        );
        resumed += page.items.length;
        cursor = page.cursor;
      } while (cursor);
    }
    resumed += await resumeOpenProcessRecords(deps, tenant.path); // disputes, petitions, … (every process kind)
  }
  return resumed;
}
