import type { Polygon } from 'geojson';

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
  location?: { lat: number; lng: number };
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
  trackingCode?: string;
  source?: string;
  returned?: boolean;
  extensionRequest?: { reason?: string; until?: string };
}

export interface CaseEvent {
  type: string;
  at: string;
  actor?: string;
  from?: string;
  to?: string;
  note?: string;
  reason?: string;
  evidence?: string[];
}

export interface CaseDetail extends CaseItem {
  version: number;
  events: CaseEvent[];
  photos?: string[];
  evidence?: string[];
  allowedActions?: string[];
}

export interface Page<T> {
  items: T[];
  cursor?: string;
}

export interface Category {
  code: string;
  name: string;
  departmentId?: string;
  timeLimit?: { value: number; unit: 'workingHours' | 'workingDays' };
}

export interface Grid {
  code: string;
  name: string;
  polygon?: Polygon;
  workerIds?: string[];
  openCount?: number;
  overdueCount?: number;
}

export interface Department {
  id: string;
  name: string;
}

export interface KpiRow {
  key: string;
  reported: number;
  registered: number;
  closed: number;
  closedOnTime: number;
  reworked: number;
  closeRate: number;
  onTimeCloseRate: number;
  reworkRate: number;
  satisfaction?: number;
}

export interface UsageRow {
  tenantId: string;
  slug: string;
  requests: number;
  reports: number;
  cases: number;
  storageBytes: number;
  users: number;
}
