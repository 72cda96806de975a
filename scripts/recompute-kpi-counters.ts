/**
 * One-off, idempotent migration: recompute every tenant's due-cohort KPI counters from its stored cases
 * (packages/db/src/kpi-migration.ts), the worklist counters from its open cases (case-queue-counts.ts) and the
 * list-index entries of its cases (case-list-backfill.ts). Run once when deploying a version that changes them,
 * while tenants are quiet:
 *
 *   npm run kpi:recompute -- --table <name> [--endpoint http://127.0.0.1:<port>] [--tenant d0001/s001/]
 *
 * `--endpoint` points at DynamoDB Local (the embedded runtime); without it the AWS credentials and region of the
 * environment are used. A second run changes nothing (it reports 0 items written).
 */
import { parseArgs } from 'node:util';
import {
  backfillCaseListIndex,
  createDynamo,
  recomputeCohortCounters,
  recomputeQueueCounts,
  TenantRepository,
} from '@civicgrid/db';
import type { TenantPath } from '@civicgrid/domain';

const { values } = parseArgs({
  options: { table: { type: 'string' }, endpoint: { type: 'string' }, tenant: { type: 'string' } },
});
if (!values.table) {
  console.error('recompute-kpi-counters: --table is required');
  process.exit(2);
}
const { doc, client } = createDynamo(values.endpoint ? { endpoint: values.endpoint } : {});
const store = { doc, tableName: values.table };
const paths: TenantPath[] = values.tenant
  ? [values.tenant as TenantPath]
  : (await new TenantRepository(store).listAll()).map((t) => t.path);
let written = 0;
for (const path of paths) {
  const report = await recomputeCohortCounters(store, path, new Date());
  written += report.itemsWritten;
  const views = await backfillCaseListIndex(store, path);
  console.log(
    `${path}: ${report.cases} cases, ${report.itemsWritten} counter items written, ${report.casesBackfilled} cases backfilled, ${views.entries} list-index entries put`,
  );
}
// the workbench tab counters (open cases by step, flags), over the same tenants together
const queues = await recomputeQueueCounts(store, paths);
console.log(`worklist counters: ${queues.cases} open cases, ${queues.itemsWritten} counter items set`);
console.log(`done: ${paths.length} tenants, ${written} counter items written`);
client.destroy();
