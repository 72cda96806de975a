import type { components } from './api-schema';

/**
 * The API bodies the console reads, from the generated client (./api-schema.d.ts, `npm run gen:client`): the
 * server's own response schemas (packages/api/src/http/response-schemas.ts), never a hand-written copy.
 */
type Schemas = components['schemas'];

export type Role = Schemas['User']['roles'][number];
export type User = Schemas['User'];
export type Tenant = Schemas['Tenant'];
export type LatLng = Schemas['LatLng'];
export type CaseItem = Schemas['CaseItem'];
export type ExtensionStatus = Schemas['ExtensionStatus'];
export type Extension = Schemas['Extension'];
/** An audit event (`GET /api/cases/{id}` → `events[]`). Types are past tense: `registered`, `dispatched`, … */
export type CaseEvent = Schemas['CaseEvent'];
export type CaseDetail = Schemas['CaseDetail'];
export type FollowUpSatisfaction = Schemas['FollowUpSatisfaction'];
export type Category = Schemas['Category'];
export type Grid = Schemas['Grid'];
export type Department = Schemas['Department'];
/** One row of `GET /api/stats/kpis` (cohort KPIs); rates are fractions, or null when the denominator is 0. */
export type KpiRow = Schemas['KpiRow'];
/** A row of `GET /api/stats/ranking`. */
export type RankedRow = Schemas['RankedRow'];
export type UsageRow = Schemas['UsageRow'];
/** `GET|PUT /api/calendar`: the domain's working calendar (always +08:00). */
export type WorkingCalendar = Schemas['WorkingCalendar'];
/** `GET /api/outbox` items: SMS to citizens (`to` masked) and in-app notices to staff, newest first. */
export type OutboxMessage = Schemas['OutboxMessage'];
export type PlanLimits = Schemas['PlanLimits'];
/** `GET /api/usage`: the tenant's plan and this month against it, and its (sub)tree's usage over a period. */
export type TenantUsage = Schemas['TenantUsage'];
/** `GET /api/routing-rules` items: in this grid, cases of this category go to this department. */
export type RoutingRule = Schemas['RoutingRule'];

/** A page of any list (`{ items, cursor? }`): the console's own helper type over the lists of every module. */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

/** The extension status of a list item or a detail. */
export const extensionStatus = (c: CaseItem): ExtensionStatus | undefined =>
  typeof c.extension === 'string' ? c.extension : c.extension?.status;
