import { ProcessRepository } from '@civicgrid/db';
import type { TenantPath } from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { inPool } from '../pool';
import { kindsOf } from './service';

/** Executions started side by side when resuming (each start is one call to the engine; its first step reads). */
export const RESUME_CONCURRENCY = 16;

/**
 * Start an execution for every open record of every process kind of one tenant (after a restart of the embedded
 * engine, whose executions live in memory): the definition's first step reads the record, so each waits again at
 * its step with what is left of its clock. Pages through the `open` list — no Scan.
 */
export async function resumeOpenProcessRecords(deps: AppDeps, path: TenantPath): Promise<number> {
  let resumed = 0;
  for (const kind of kindsOf(deps)) {
    const repo = new ProcessRepository(deps.store, kind, deps.config);
    let cursor: string | undefined;
    do {
      const page = await repo.page(path, { open: true }, { limit: 100, cursor });
      await inPool(page.items, RESUME_CONCURRENCY, (r) =>
        deps.workflow.startCase({ tenantPath: path, caseId: r.id, kind: kind.kind }),
      );
      resumed += page.items.length;
      cursor = page.cursor;
    } while (cursor);
  }
  return resumed;
}
