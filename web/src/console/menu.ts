import type { Role } from './types';

export interface MenuEntry {
  path: string;
  /** `data-testid="nav-<id>"` on the menu link. */
  id: string;
  label:
    | 'nav.workbench'
    | 'nav.onboarding'
    | 'nav.cases'
    | 'nav.newCase'
    | 'nav.map'
    | 'nav.dashboard'
    | 'nav.outbox'
    | 'nav.people'
    | 'nav.buildings'
    | 'nav.organisations'
    | 'nav.things'
    | 'nav.disputes'
    | 'nav.petitions'
    | 'nav.riskAssessments'
    | 'nav.earlyWarnings'
    | 'nav.legalCalls'
    | 'nav.legalAid'
    | 'nav.special'
    | 'nav.caseload'
    | 'nav.tasks'
    | 'nav.fieldWork'
    | 'nav.usage'
    | 'nav.routing'
    | 'nav.users'
    | 'nav.departments'
    | 'nav.grids'
    | 'nav.categories'
    | 'nav.calendar'
    | 'nav.kpiWeights'
    | 'nav.mapSettings'
    | 'nav.tenants'
    | 'nav.apiKeys'
    | 'nav.webhooks'
    | 'nav.adminTenants'
    | 'nav.adminUsage';
  roles: Role[];
  group?: 'nav.config' | 'nav.admin';
}

const STAFF: Role[] = ['tenant_admin', 'dispatcher', 'grid_worker', 'department', 'leader'];

/** The side menu: each page and the roles that see it. */
export const MENU: MenuEntry[] = [
  { path: '/', id: 'workbench', label: 'nav.workbench', roles: STAFF },
  { path: '/cases', id: 'cases', label: 'nav.cases', roles: STAFF },
  { path: '/cases/new', id: 'new-case', label: 'nav.newCase', roles: ['grid_worker', 'dispatcher', 'tenant_admin'] },
  { path: '/map', id: 'map', label: 'nav.map', roles: STAFF },
  { path: '/dashboard', id: 'dashboard', label: 'nav.dashboard', roles: ['leader', 'tenant_admin', 'dispatcher'] },
  { path: '/outbox', id: 'outbox', label: 'nav.outbox', roles: STAFF },
  {
    path: '/people',
    id: 'people',
    label: 'nav.people',
    roles: ['tenant_admin', 'dispatcher', 'grid_worker', 'leader'],
  },
  {
    path: '/buildings',
    id: 'buildings',
    label: 'nav.buildings',
    roles: ['tenant_admin', 'dispatcher', 'grid_worker', 'leader'],
  },
  {
    path: '/organisations',
    id: 'organisations',
    label: 'nav.organisations',
    roles: ['tenant_admin', 'dispatcher', 'grid_worker', 'leader'],
  },
  {
    path: '/things',
    id: 'things',
    label: 'nav.things',
    roles: ['tenant_admin', 'dispatcher', 'grid_worker', 'department', 'leader'],
  },
  {
    path: '/disputes',
    id: 'disputes',
    label: 'nav.disputes',
    roles: ['tenant_admin', 'dispatcher', 'grid_worker', 'leader'],
  },
  {
    path: '/petitions',
    id: 'petitions',
    label: 'nav.petitions',
    roles: ['tenant_admin', 'dispatcher', 'department', 'leader'],
  },
  {
    path: '/early-warnings',
    id: 'early-warnings',
    label: 'nav.earlyWarnings',
    roles: ['tenant_admin', 'dispatcher', 'grid_worker', 'leader'],
  },
  {
    path: '/risk-assessments',
    id: 'risk-assessments',
    label: 'nav.riskAssessments',
    roles: ['tenant_admin', 'dispatcher', 'leader'],
  },
  { path: '/legal-calls', id: 'legal-calls', label: 'nav.legalCalls', roles: ['tenant_admin', 'dispatcher', 'leader'] },
  { path: '/legal-aid', id: 'legal-aid', label: 'nav.legalAid', roles: ['tenant_admin', 'dispatcher', 'leader'] },
  // 特殊人群: the profiles for those holding special.read, the aggregates for leaders; departments see nothing
  {
    path: '/special',
    id: 'special',
    label: 'nav.special',
    roles: ['tenant_admin', 'dispatcher', 'grid_worker', 'leader'],
  },
  { path: '/special/caseload', id: 'caseload', label: 'nav.caseload', roles: ['grid_worker', 'dispatcher'] },
  {
    path: '/tasks',
    id: 'tasks',
    label: 'nav.tasks',
    roles: ['tenant_admin', 'dispatcher', 'grid_worker', 'leader'],
  },
  {
    path: '/field',
    id: 'field',
    label: 'nav.fieldWork',
    roles: ['tenant_admin', 'dispatcher', 'grid_worker', 'leader'],
  },
  { path: '/onboarding', id: 'onboarding', label: 'nav.onboarding', roles: ['tenant_admin'], group: 'nav.config' },
  { path: '/config/users', id: 'users', label: 'nav.users', roles: ['tenant_admin'], group: 'nav.config' },
  {
    path: '/config/departments',
    id: 'departments',
    label: 'nav.departments',
    roles: ['tenant_admin'],
    group: 'nav.config',
  },
  { path: '/config/grids', id: 'grids', label: 'nav.grids', roles: ['tenant_admin'], group: 'nav.config' },
  {
    path: '/config/categories',
    id: 'categories',
    label: 'nav.categories',
    roles: ['tenant_admin'],
    group: 'nav.config',
  },
  {
    path: '/config/routing',
    id: 'routing',
    label: 'nav.routing',
    roles: ['tenant_admin', 'dispatcher', 'leader'],
    group: 'nav.config',
  },
  { path: '/config/calendar', id: 'calendar', label: 'nav.calendar', roles: ['tenant_admin'], group: 'nav.config' },
  {
    path: '/config/kpi-weights',
    id: 'kpi-weights',
    label: 'nav.kpiWeights',
    roles: ['tenant_admin'],
    group: 'nav.config',
  },
  { path: '/config/map', id: 'map-settings', label: 'nav.mapSettings', roles: ['tenant_admin'], group: 'nav.config' },
  { path: '/config/tenants', id: 'tenants', label: 'nav.tenants', roles: ['tenant_admin'], group: 'nav.config' },
  { path: '/config/api-keys', id: 'api-keys', label: 'nav.apiKeys', roles: ['tenant_admin'], group: 'nav.config' },
  { path: '/config/webhooks', id: 'webhooks', label: 'nav.webhooks', roles: ['tenant_admin'], group: 'nav.config' },
  { path: '/config/usage', id: 'usage', label: 'nav.usage', roles: ['tenant_admin'], group: 'nav.config' },
  {
    path: '/admin/tenants',
    id: 'admin-tenants',
    label: 'nav.adminTenants',
    roles: ['platform_admin'],
    group: 'nav.admin',
  },
  { path: '/admin/usage', id: 'admin-usage', label: 'nav.adminUsage', roles: ['platform_admin'], group: 'nav.admin' },
];

export function menuFor(roles: readonly Role[]): MenuEntry[] {
  return MENU.filter((m) => m.roles.some((r) => roles.includes(r)));
}

/** Where a user lands after login. */
export function homeFor(roles: readonly Role[]): string {
  return roles.includes('platform_admin') && !roles.some((r) => STAFF.includes(r)) ? '/admin/tenants' : '/';
}
