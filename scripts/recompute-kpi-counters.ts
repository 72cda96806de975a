/**
 * One-off, idempotent migration: recompute every tenant's due-cohort KPI counters from its stored cases
 * (packages/db/src/kpi-migration.ts). Run once when deploying the cohort KPIs, while tenants are quiet:
 *
 *   npm run kpi:recompute -- --table <name> [--endpoint http://127.0.0.1:<port>] [--tenant d0001/s001/]
 *
 * `--endpoint` points at DynamoDB Local (the embedded runtime); without it the AWS credentials and region of the
 * environment are used. A second run changes nothing (it reports 0 items written).
 */
import { parseArgs } from 'node:util';
import { createDynamo, recomputeCohortCounters, TenantRepository } from '@civicgrid/db';
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
  console.log(
    `${path}: ${report.cases} cases, ${report.itemsWritten} counter items written, ${report.casesBackfilled} cases backfilled`,
  );
}
console.log(`done: ${paths.length} tenants, ${written} counter items written`);
client.destroy();
