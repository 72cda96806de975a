import { readCounters, type TenantRecord, TenantRepository, UsageRepository } from '@civicgrid/db';
import { planOf, type TenantPath, toCsv } from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { quotaGuardOf } from './quota';

/** One tenant's usage over a period, as the operator bills it. */
export interface UsageReportRow {
  tenantId: string;
  slug: string;
  name: string;
  level: string;
  status: string;
  plan: string;
  /** every metered request (api + public + open311 + admin) */
  requests: number;
  apiRequests: number;
  publicRequests: number;
  open311Requests: number;
  adminRequests: number;
  /** citizen reports accepted through the public form or Open311 */
  reports: number;
  /** cases created (citizen and staff reports: the KPI `reported` counter) */
  cases: number;
  casesClosed: number;
  /** evidence bytes stored now, all time */
  storageBytes: number;
  /** evidence bytes added during the period */
  storageBytesAdded: number;
  /** active staff accounts now */
  users: number;
  /** distinct users who called the API during the period */
  activeUsers: number;
}

/** The report's columns, in CSV order. */
export const usageColumns: (keyof UsageReportRow)[] = [
  'tenantId',
  'slug',
  'name',
  'level',
  'status',
  'plan',
  'requests',
  'apiRequests',
  'publicRequests',
  'open311Requests',
  'adminRequests',
  'reports',
  'cases',
  'casesClosed',
  'storageBytes',
  'storageBytesAdded',
  'users',
  'activeUsers',
];

/** Usage rows of `tenants` between two +08:00 days; a few tenants at a time so a big platform does not burst. */
export async function usageRows(
  deps: AppDeps,
  tenants: TenantRecord[],
  from: string,
  to: string,
): Promise<UsageReportRow[]> {
  // this process's not-yet-flushed counts first, so a report is exact on one machine (other Lambda instances flush
  // on their own interval: the lag there is documented in docs/usage.md)
  await deps.meter?.flush();
  const queue = [...tenants];
  const rows: UsageReportRow[] = [];
  const worker = async () => {
    for (let t = queue.shift(); t; t = queue.shift()) rows.push(await usageRow(deps, t, from, to));
  };
  await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
  return rows.sort((a, b) => a.tenantId.localeCompare(b.tenantId));
}

async function usageRow(deps: AppDeps, t: TenantRecord, from: string, to: string): Promise<UsageReportRow> {
  const quota = quotaGuardOf(deps);
  const [meters, counters, storageBytes, users] = await Promise.all([
    new UsageRepository(deps.store).read(t.path, from, to),
    readCounters(deps.store, t.path, 'tenant', from, to),
    quota.storedBytes(t.path),
    quota.activeUsers(t.path),
  ]);
  const byGroup = { api: 0, public: 0, open311: 0, admin: 0 };
  const active = new Set<string>();
  let reports = 0;
  let storageBytesAdded = 0;
  for (const m of meters) {
    byGroup[m.group] = (byGroup[m.group] ?? 0) + (m.counters.requests ?? 0);
    reports += m.counters.reports ?? 0;
    storageBytesAdded += m.counters.storageBytes ?? 0;
    for (const u of m.users) active.add(u);
  }
  const sum = (name: string) => counters.reduce((s, row) => s + (row.counters[name] ?? 0), 0);
  return {
    tenantId: t.id,
    slug: t.slug,
    name: t.name,
    level: t.level,
    status: t.status,
    plan: planOf(t.plan),
    requests: byGroup.api + byGroup.public + byGroup.open311 + byGroup.admin,
    apiRequests: byGroup.api,
    publicRequests: byGroup.public,
    open311Requests: byGroup.open311,
    adminRequests: byGroup.admin,
    reports,
    cases: sum('reported'),
    // 结案 actions in the period (an activity counter; the KPIs' 结案数 counts the closing cohort instead)
    casesClosed: sum('closures'),
    storageBytes,
    storageBytesAdded,
    users,
    activeUsers: active.size,
  };
}

/** A tenant and every active tenant below it whose ancestors up to it are active too (a district's roll-up). */
export async function activeSubtree(deps: AppDeps, root: TenantPath): Promise<TenantRecord[]> {
  const repo = new TenantRepository(deps.store);
  const [self, below] = await Promise.all([repo.get(root), repo.listSubtree(root)]);
  const byPath = new Map(below.map((t) => [t.path as string, t]));
  const visible = below.filter((t) => {
    for (let cursor: TenantPath | undefined = t.path; cursor && cursor !== root; ) {
      const node = byPath.get(cursor);
      if (node?.status !== 'active') return false;
      cursor = node.parentPath;
    }
    return true;
  });
  return self ? [self, ...visible] : visible;
}

/**
 * The rows as CSV for Excel: a UTF-8 BOM (so Chinese names open correctly), CRLF lines, fields quoted when needed,
 * and text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) prefixed with `'`
 * (`toCsv` of `@civicgrid/domain`, the same function the console's exports use).
 */
export function usageCsv(rows: UsageReportRow[]): string {
  return toCsv(
    usageColumns,
    rows.map((row) => usageColumns.map((col) => row[col])),
  );
}
