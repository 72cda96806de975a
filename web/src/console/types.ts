import type { Polygon } from 'geojson';
import type { CategoryAttribute } from '../shared/attributes';

/** Shapes the console reads from the API (only the fields API.md promises, plus optional extras we use if present). */
export type Role = 'tenant_admin' | 'dispatcher' | 'grid_worker' | 'department' | 'leader' | 'platform_admin';

export interface User {
  id: string;
  email: string;
  name?: string;
  roles: Role[];
  tenantId?: string;
  departmentId?: string;
  gridCodes?: string[];
  status?: 'active' | 'inactive';
  /** wrong passwords since the last successful login (an administrator may unlock) */
  failedLogins?: number;
  phone?: string;
  version?: number;
}

export interface Tenant {
  id: string;
  slug: string;
  path?: string;
  name?: string;
  level?: 'district' | 'street' | 'community';
  status?: 'active' | 'pending' | 'suspended';
  parentId?: string;
  parentSlug?: string;
  createdAt?: string;
  /** GB/T 2260 county + street + community code (6 / 9 / 12 digits): the prefix of its grid codes */
  divisionCode?: string;
  location?: { lat: number; lng: number };
  /** the plan code (`trial`, `standard`, `district` …), shown translated */
  plan?: string;
}

export interface LatLng {
  lat: number;
  lng: number;
}

export interface CaseItem {
  id: string;
  step: string;
  version?: number;
  description?: string;
  categoryCode?: string;
  gridCode?: string;
  departmentId?: string;
  address?: string;
  location?: LatLng;
  deadline?: string;
  overdue?: boolean;
  createdAt?: string;
  updatedAt?: string;
  trackingCode?: string;
  source?: string;
  /** the camera point of a video case */
  cameraId?: string;
  /** the 部件 the case is about */
  thingId?: string;
  /** Lists: true while 挂账 (parked); the detail carries the parking record instead. */
  parked?: boolean | { since: string; reason: string; by: string };
  /** Lists: the extension's status; the detail carries the whole extension record. */
  extension?: ExtensionStatus | Extension;
  /** The short human number (`OS-2026-000123`). */
  number?: string;
  urgency?: 'urgent' | 'normal';
  /** The pin lies in none of the tenant's grids. */
  outsideGrids?: boolean;
  /** A leader's 督办 order is on the case. */
  supervised?: boolean;
  /** the citizen's duplicate hint found open cases of the category nearby when it was reported */
  possibleDuplicate?: boolean;
  tenantId?: string;
  holderTenantId?: string;
  assistingDepartmentIds?: string[];
}

export type ExtensionStatus = 'pending' | 'granted' | 'rejected' | 'withdrawn';

export interface Extension {
  status: ExtensionStatus;
  reason: string;
  until: string;
  requestedBy?: string;
  requestedAt?: string;
  decidedBy?: string;
  decidedAt?: string;
  decisionNote?: string;
}

/** The extension status of a list item or a detail. */
export const extensionStatus = (c: CaseItem): ExtensionStatus | undefined =>
  typeof c.extension === 'string' ? c.extension : c.extension?.status;

/** An audit event (`GET /api/cases/{id}` → `events[]`). Types are past tense: `registered`, `dispatched`, … */
export interface CaseEvent {
  type: string;
  at: string;
  actor?: { userId: string; roles: Role[]; name?: string };
  from?: string | null;
  to?: string;
  note?: string;
  evidence?: string[];
  data?: Record<string, string | number | boolean>;
}

export interface CaseDetail extends CaseItem {
  version: number;
  /** answers to the category's questions given with the report */
  attributes?: Record<string, string | number | string[]>;
  events: CaseEvent[];
  /** Citizen photo keys (staff only). */
  photos?: string[];
  /** The reporter's contact (staff only; absent for anonymous and staff reports). */
  reporter?: { name?: string; phone?: string };
  /** What the caller may do now (the server's state machine decides). */
  allowedActions?: string[];
  returnCount?: number;
  reworkCount?: number;
  escalations?: number;
  handledAt?: string;
  closedAt?: string;
  rating?: number;
  ratingComment?: string;
  checkRequested?: boolean;
  stepDeadline?: string;
  supervisions?: Array<{
    instruction: string;
    dueBy?: string;
    at: string;
    answer?: string;
    answeredAt?: string;
  }>;
  followUps?: Array<{
    channel: 'phone' | 'visit' | 'sms';
    satisfaction: FollowUpSatisfaction;
    note?: string;
    at: string;
  }>;
}

export type FollowUpSatisfaction = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

export interface Page<T> {
  items: T[];
  cursor?: string;
}

export interface Category {
  code: string;
  name: string;
  departmentId?: string;
  timeLimit?: { value: number; unit: 'workingHours' | 'workingDays' | 'naturalHours' | 'naturalDays' };
  /** 立案条件 / 结案条件: one checklist item per line, ticked on the register and close forms. */
  filingCriteria?: string;
  closingCriteria?: string;
  active?: boolean;
  /** questions asked when a case of the category is reported (Open311 service-definition attributes) */
  attributes?: CategoryAttribute[];
}

export interface Grid {
  code: string;
  name: string;
  polygon?: Polygon;
  workerIds?: string[];
  /** For `PUT /api/grids/{code}` (optimistic concurrency). */
  version?: number;
  /** Since when the current boundary applies. */
  validFrom?: string;
  /** Earlier boundaries and names, with the dates they applied (a redraw appends one). */
  history?: { name: string; polygon?: Polygon; from: string; to: string }[];
  openCount?: number;
  overdueCount?: number;
}

export interface Department {
  id: string;
  name: string;
}

/** One row of `GET /api/stats/kpis` (cohort KPIs); rates are fractions, or null when the denominator is 0. */
export interface KpiRow {
  key: string;
  name?: string;
  tenantId?: string;
  reported: number;
  registered: number;
  dispatched?: number;
  returned?: number;
  dueForClose: number;
  closed: number;
  closedOnTime: number;
  overdueOpen: number;
  dueForHandle: number;
  handled: number;
  handledOnTime: number;
  reworked: number;
  extended?: number;
  followedUp?: number;
  registerRate: number | null;
  closeRate: number | null;
  onTimeCloseRate: number | null;
  handleOnTimeRate: number | null;
  reworkRate: number | null;
  extensionRate?: number | null;
  dispatchAccuracy?: number | null;
  satisfactionRate: number | null;
  followUpRate?: number | null;
  /** 督办数, 督办办结数, 督办办结率 */
  supervised?: number;
  supervisedClosed?: number;
  supervisionCloseRate?: number | null;
  satisfaction?: number;
}

/** A row of `GET /api/stats/ranking`. */
export interface RankedRow extends KpiRow {
  rank: number | null;
  score: number | null;
}

export interface UsageRow {
  tenantId: string;
  slug: string;
  name?: string;
  level?: string;
  status?: string;
  plan?: string;
  requests: number;
  apiRequests?: number;
  publicRequests?: number;
  open311Requests?: number;
  adminRequests?: number;
  reports: number;
  cases: number;
  casesClosed?: number;
  storageBytes: number;
  storageBytesAdded?: number;
  users: number;
  activeUsers?: number;
}

/** `GET|PUT /api/calendar`: the domain's working calendar (always +08:00). */
export interface WorkingCalendar {
  timezone?: 'Asia/Shanghai';
  /** 0 = Sunday … 6 = Saturday. */
  weekendDays: number[];
  holidays: string[];
  /** Weekend days worked to make up for bridged holidays (调休上班). */
  makeupWorkdays: string[];
  workingHours: { start: string; end: string }[];
  /** From 1 November: next year's holidays are not loaded yet (the platform publishes the national table). */
  nextYearMissing?: boolean;
}

/** `GET /api/outbox` items: SMS to citizens (`to` masked) and in-app notices to staff, newest first. */
export interface OutboxMessage {
  id: string;
  at: string;
  /** `citizen.<step>` (SMS to the reporter), `case.overdue.supervisor|parent` (escalation notices) */
  kind: string;
  channel: 'sms' | 'inbox' | string;
  caseId?: string;
  text: string;
  /** the masked phone (`138****5678`) of an SMS */
  to?: string;
}

export interface PlanLimits {
  reportsPerMonth: number;
  storageBytes: number;
  users: number;
}

/** `GET /api/usage`: the tenant's plan and this month against it, and its (sub)tree's usage over a period. */
export interface TenantUsage {
  tenantId: string;
  plan: string;
  limits?: PlanLimits;
  month: { month: string; reports: number; storageBytes: number; users: number };
  from: string;
  to: string;
  rows: UsageRow[];
}

/** `GET /api/routing-rules` items: in this grid, cases of this category go to this department. */
export interface RoutingRule {
  gridCode: string;
  categoryCode: string;
  departmentId: string;
  version?: number;
  createdAt?: string;
}
