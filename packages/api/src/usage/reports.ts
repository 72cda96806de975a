import type { UsageGroup } from '@civicgrid/db';
import { shanghaiDate, type TenantPath } from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { quotaGuardOf } from './quota';

const CITIZEN_GROUPS: Partial<Record<string, UsageGroup>> = { citizen: 'public', open311: 'open311' };

/**
 * After a case was created: count it against this process's cached monthly figure, and meter a citizen or Open311
 * report as such (staff reports are the KPI `reported` counter minus these; nothing is counted twice).
 */
export function noteCreatedReport(deps: AppDeps, path: TenantPath, source: string): void {
  quotaGuardOf(deps).noteReport(path);
  const group = CITIZEN_GROUPS[source];
  if (group) deps.meter?.record({ path }, shanghaiDate(deps.clock()), group, { reports: 1 });
}
