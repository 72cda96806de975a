import type { TenantPath } from '@civicgrid/domain';

/**
 * Key builders. Every tenant-owned key starts with the tenant path (so the IAM LeadingKeys wall covers it);
 * platform-wide lookups (slug, e-mail, API key hash) live under `_platform/`, reachable only by platform code.
 */
export interface Key {
  PK: string;
  SK: string;
}

const PLATFORM = '_platform/';

export const keys = {
  slug: (slug: string): Key => ({ PK: `${PLATFORM}SLUG#${slug}`, SK: 'SLUG' }),
  email: (email: string): Key => ({ PK: `${PLATFORM}EMAIL#${email.toLowerCase()}`, SK: 'EMAIL' }),
  apiKeyHash: (hash: string): Key => ({ PK: `${PLATFORM}APIKEY#${hash}`, SK: 'APIKEY' }),
  /** every tenant, for the platform admin's list */
  platformTenant: (path: TenantPath): Key => ({ PK: `${PLATFORM}TENANTS`, SK: path }),
  platformTenantsPK: `${PLATFORM}TENANTS`,
  /** every district, for the sign-up form's list of parents a street may join */
  platformDistrict: (path: TenantPath): Key => ({ PK: `${PLATFORM}DISTRICTS`, SK: path }),
  platformDistrictsPK: `${PLATFORM}DISTRICTS`,
  /** an administrative division code names one tenant on the platform */
  divisionCode: (code: string): Key => ({ PK: `${PLATFORM}DIVISION#${code}`, SK: 'DIVISION' }),
  /** sequence counters for root segments (districts, standalone streets) */
  platformSequence: (name: string): Key => ({ PK: `${PLATFORM}SEQ`, SK: name }),

  tenant: (path: TenantPath): Key => ({ PK: path, SK: 'TENANT' }),
  calendar: (path: TenantPath): Key => ({ PK: path, SK: 'CALENDAR' }),
  /** one index item per ancestor, so a district lists its whole subtree with one Query */
  subtree: (ancestor: TenantPath, descendant: TenantPath): Key => ({ PK: `${ancestor}SUBTREE`, SK: descendant }),
  subtreePK: (ancestor: TenantPath): string => `${ancestor}SUBTREE`,

  user: (path: TenantPath, userId: string): Key => ({ PK: `${path}USERS`, SK: userId }),
  usersPK: (path: TenantPath): string => `${path}USERS`,
  department: (path: TenantPath, id: string): Key => ({ PK: `${path}DEPTS`, SK: id }),
  departmentsPK: (path: TenantPath): string => `${path}DEPTS`,
  grid: (path: TenantPath, code: string): Key => ({ PK: `${path}GRIDS`, SK: code }),
  gridsPK: (path: TenantPath): string => `${path}GRIDS`,
  category: (path: TenantPath, code: string): Key => ({ PK: `${path}CATS`, SK: code }),
  categoriesPK: (path: TenantPath): string => `${path}CATS`,
  apiKey: (path: TenantPath, id: string): Key => ({ PK: `${path}APIKEYS`, SK: id }),
  apiKeysPK: (path: TenantPath): string => `${path}APIKEYS`,

  caseMeta: (path: TenantPath, caseId: string): Key => ({ PK: `${path}CASE#${caseId}`, SK: 'META' }),
  caseEvent: (path: TenantPath, caseId: string, at: string, seq: number): Key => ({
    PK: `${path}CASE#${caseId}`,
    SK: `EVT#${at}#${String(seq).padStart(4, '0')}`,
  }),
  casePK: (path: TenantPath, caseId: string): string => `${path}CASE#${caseId}`,
  /** the per-year sequence behind case numbers (`TD-2026-000123`) */
  caseSequence: (path: TenantPath, year: string): Key => ({ PK: `${path}SEQ`, SK: `CASES#${year}` }),
  /** the per-year number sequence of a process kind's records (`PRC_DISPUTE#2026`) */
  recordSequence: (path: TenantPath, storeKind: string, year: string): Key => ({
    PK: `${path}SEQ`,
    SK: `${storeKind}#${year}`,
  }),
  /** what staff published of a case for public reads (Open311 GET): its own item, untouched by transitions */
  casePublication: (path: TenantPath, caseId: string): Key => ({ PK: `${path}CASE#${caseId}`, SK: 'PUBLIC' }),
  tracking: (path: TenantPath, code: string): Key => ({ PK: `${path}TRACK#${code}`, SK: 'TRACK' }),
  idempotency: (path: TenantPath, scope: string, key: string): Key => ({
    PK: `${path}IDEM#${scope}#${key}`,
    SK: 'IDEM',
  }),

  /**
   * KPI counters: one partition per tenant per month, sort key dimension#day#value — the dimension first, so a
   * query for one dimension reads only its own items (the cost follows the days and values asked for, not how many
   * other dimensions or cases there are).
   */
  kpi: (path: TenantPath, day: string, dimension: string, value: string): Key => ({
    PK: `${path}KPI#${day.slice(0, 7)}`,
    SK: `${dimension}#${day}#${value}`,
  }),
  /** the month's roll-up of a counter, in the same partition under its own `M#` prefix (never inside a day range) */
  kpiMonth: (path: TenantPath, month: string, dimension: string, value: string): Key => ({
    PK: `${path}KPI#${month}`,
    SK: `M#${dimension}#${month}#${value}`,
  }),
  kpiPK: (path: TenantPath, month: string): string => `${path}KPI#${month}`,
  /**
   * Backlog counters (the carry-over of cohort KPIs) by month and by year in one partition per tenant, so the sum
   * over all days before a period is one query for the years, one for the months, one for the days.
   */
  kpiPrefixMonth: (path: TenantPath, month: string, dimension: string, value: string): Key => ({
    PK: `${path}KPIY`,
    SK: `M#${dimension}#${month}#${value}`,
  }),
  kpiPrefixYear: (path: TenantPath, year: string, dimension: string, value: string): Key => ({
    PK: `${path}KPIY`,
    SK: `Y#${dimension}#${year}#${value}`,
  }),
  kpiPrefixPK: (path: TenantPath): string => `${path}KPIY`,
  /** the tenant's composite-score weights (综合指标值) */
  kpiWeights: (path: TenantPath): Key => ({ PK: `${path}CONFIG`, SK: 'KPIWEIGHTS' }),
  /** the tenant's base map: tile provider, key, coordinate system (a tenant setting) */
  mapSettings: (path: TenantPath): Key => ({ PK: `${path}CONFIG`, SK: 'MAP' }),
  /** usage meters: one partition per tenant per month, sort key day#metric-group */
  usage: (path: TenantPath, day: string, group: string): Key => ({
    PK: `${path}USAGE#${day.slice(0, 7)}`,
    SK: `${day}#${group}`,
  }),
  usagePK: (path: TenantPath, month: string): string => `${path}USAGE#${month}`,
  outbox: (path: TenantPath, at: string, id: string): Key => ({ PK: `${path}OUTBOX`, SK: `${at}#${id}` }),
  outboxPK: (path: TenantPath): string => `${path}OUTBOX`,
};

/** GSI key attributes of a case item (see docs/data-model.md). */
export function caseIndexKeys(
  path: TenantPath,
  c: { id: string; createdAt: string; step: string; gridCode?: string; departmentId?: string },
): Record<string, string> {
  const order = `${c.createdAt}#${c.id}`;
  const index: Record<string, string> = {
    GSI1PK: `${path}CASES`,
    GSI1SK: order,
    GSI2PK: `${path}CASES#STEP#${c.step}`,
    GSI2SK: order,
  };
  if (c.gridCode) Object.assign(index, { GSI3PK: `${path}CASES#GRID#${c.gridCode}`, GSI3SK: order });
  if (c.departmentId) Object.assign(index, { GSI4PK: `${path}CASES#DEPT#${c.departmentId}`, GSI4SK: order });
  return index;
}
