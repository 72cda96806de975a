import { hashPassword, routeSpecs } from '@civicgrid/api';
import { NotificationRepository, UserRepository } from '@civicgrid/db';
import { tenantPath } from '@civicgrid/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { enterpriseCode } from '../support/codes';
import { idNumberOf } from '../support/people';
import { ADMIN, createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

/**
 * The cross-tenant suite. It enumerates every route from the app's own registry and calls each with the tokens of
 * another tenant: a sibling street, a child community, a pending street under the same district, and the parent
 * district. A route without an entry in `expectations` fails the suite, so no route ships without a decision.
 */
const p = await createTestPlatform();

type Who = 'owner' | 'sibling' | 'child' | 'pending' | 'parent';
interface Fixture {
  a: Awaited<ReturnType<typeof setUpStreet>>;
  trackingCode: string;
  citizenCaseId: string;
  caseId: string;
  userId: string;
  evidenceKey: string;
  tokens: Record<Who, string>;
  platform: string;
  apiKey: string;
  personId: string;
  buildingId: string;
  householdId: string;
  importId: string;
  organisationId: string;
  thingId: string;
  cameraId: string;
  disputeId: string;
  petitionId: string;
  assessmentId: string;
  warningId: string;
  legalCallId: string;
  legalAidId: string;
  exportJobId: string;
  profileId: string;
  specialVisitId: string;
  workerId: string;
  patrolId: string;
  visitId: string;
  proposalId: string;
  taskId: string;
  webhookId: string;
  apiKeyId: string;
  notificationId: string;
}

/** How a route must treat callers of other tenants. */
type Probe = { method: string; url: string; body?: unknown; form?: Record<string, string>; status: number[] };
type Expectation =
  /** no token; `probes` aim at another tenant's data through the public door (pending tenant, foreign codes) */
  | { kind: 'public'; probes?: (f: Fixture) => Probe[] }
  | { kind: 'platform'; url: string; method?: string }
  | { kind: 'self'; url: string; method?: string; body?: unknown }
  /** reads or changes one object of tenant A: only the owner (and, for reads, the approved parent) may reach it */
  | {
      kind: 'object';
      method: string;
      url: (f: Fixture) => string;
      body?: (f: Fixture) => unknown;
      parentReads?: boolean;
    }
  /** lists the caller's own tenant; with `?tenantId=A` only A and its approved ancestors get A's items */
  | { kind: 'list'; url: string; leak: (f: Fixture) => string }
  /** a search by a value of A in the body (an ID number): only the owner (and A's approved ancestors) find A's item */
  | { kind: 'lookup'; url: string; body: (f: Fixture) => unknown; leak: (f: Fixture) => string }
  /** acts on several of A's objects in one request: the call succeeds, and every one of A's items is a 404 */
  | { kind: 'batch'; url: string; body: (f: Fixture) => unknown }
  /** a spreadsheet of the caller's own list: A's item is in the owner's file only, never another tenant's */
  | { kind: 'export'; url: string; leak: (f: Fixture) => string }
  /** creates in the caller's own tenant; never in A */
  | { kind: 'create'; url: string; body: (f: Fixture, who: Who) => unknown; verify: (f: Fixture) => string };

const expectations: Record<string, Expectation> = {
  'GET /health': { kind: 'public' },
  'GET /docs': { kind: 'public' },
  'POST /api/signup': { kind: 'public' },
  // names and slugs of active districts only (what a street types into the form anyway); a pending street is absent
  'GET /api/signup/districts': { kind: 'public' },
  // the caller's own office's checklist; `?tenantId=` is not honoured
  'GET /api/onboarding': { kind: 'list', url: '/api/onboarding', leak: (f) => f.a.tenantId },
  'POST /api/auth/login': { kind: 'public' },
  // refresh tokens come from the identity provider (AWS); they carry no tenant the caller could choose
  'POST /api/auth/refresh': {
    kind: 'public',
    probes: () => [
      { method: 'POST', url: '/api/auth/refresh', body: { refreshToken: 'another-tenants-token' }, status: [404] },
    ],
  },
  'POST /api/auth/logout': {
    kind: 'public',
    probes: () => [
      { method: 'POST', url: '/api/auth/logout', body: { refreshToken: 'another-tenants-token' }, status: [204] },
    ],
  },
  'GET /api/me': { kind: 'self', url: '/api/me' },
  'POST /api/me/password': {
    kind: 'self',
    url: '/api/me/password',
    method: 'POST',
    body: { currentPassword: 'x', newPassword: 'yyyyyyyyyyyy' },
  },
  'GET /api/tenants': { kind: 'list', url: '/api/tenants', leak: (f) => f.a.admin.tenant.slug },
  'POST /api/tenants': {
    kind: 'create',
    url: '/api/tenants',
    body: (_f, who) => ({ name: 'c', slug: `iso-new-${who}-${Date.now()}`, level: 'community' }),
    verify: (f) => `/api/tenants/${f.a.tenantId}`,
  },
  'GET /api/tenants/:id': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/tenants/${f.a.tenantId}`,
    parentReads: true,
  },
  'POST /api/tenants/:id/approve': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/tenants/${f.a.tenantId}/approve`,
    body: () => ({}),
  },
  'PUT /api/tenants/:id/division-code': {
    kind: 'object',
    method: 'PUT',
    url: (f) => `/api/tenants/${f.a.tenantId}/division-code`,
    body: () => ({ divisionCode: '120116001' }),
  },
  'GET /api/admin/tenants': { kind: 'platform', url: '/api/admin/tenants' },
  'POST /api/admin/tenants/:id/suspend': { kind: 'platform', method: 'POST', url: '/api/admin/tenants/s999/suspend' },
  'POST /api/admin/tenants/:id/reactivate': {
    kind: 'platform',
    method: 'POST',
    url: '/api/admin/tenants/s999/reactivate',
  },
  'GET /api/users': { kind: 'list', url: '/api/users', leak: (f) => f.userId },
  'POST /api/users': {
    kind: 'create',
    url: '/api/users',
    body: (_f, who) => ({
      name: 'n',
      email: `iso-${who}-${Date.now()}@x.test`,
      password: 'pppppppppppp',
      roles: ['leader'],
    }),
    verify: (f) => `/api/users?tenantId=${f.a.tenantId}`,
  },
  'GET /api/users/:id': { kind: 'object', method: 'GET', url: (f) => `/api/users/${f.userId}` },
  'POST /api/users/:id/unlock': { kind: 'object', method: 'POST', url: (f) => `/api/users/${f.userId}/unlock` },
  'POST /api/users/:id/password': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/users/${f.userId}/password`,
    body: () => ({ password: 'hijacked-password-1' }),
  },
  'PATCH /api/users/:id': {
    kind: 'object',
    method: 'PATCH',
    url: (f) => `/api/users/${f.userId}`,
    body: () => ({ name: 'hijacked' }),
  },
  'GET /api/departments': { kind: 'list', url: '/api/departments', leak: (f) => f.a.dept.id },
  'POST /api/departments': {
    kind: 'create',
    url: '/api/departments',
    body: () => ({ name: 'iso' }),
    verify: (f) => `/api/departments?tenantId=${f.a.tenantId}`,
  },
  'GET /api/grids': { kind: 'list', url: '/api/grids', leak: (f) => f.a.gridCode },
  'POST /api/grids': {
    kind: 'create',
    url: '/api/grids',
    body: () => ({ code: '120116009009009', name: 'iso' }),
    verify: (f) => `/api/grids?tenantId=${f.a.tenantId}`,
  },
  'PUT /api/grids/:code': {
    kind: 'object',
    method: 'PUT',
    url: (f) => `/api/grids/${f.a.gridCode}`,
    body: (f) => ({ code: f.a.gridCode, name: 'hijacked' }),
  },
  'GET /api/categories': { kind: 'list', url: '/api/categories', leak: () => 'garbage' },
  'PUT /api/categories/:code': {
    kind: 'object',
    method: 'PUT',
    url: () => '/api/categories/garbage',
    body: (f) => ({
      code: 'garbage',
      name: 'hijacked',
      departmentId: f.a.dept.id,
      timeLimit: { value: 1, unit: 'workingDays' },
    }),
  },
  'GET /api/category-library': { kind: 'self', url: '/api/category-library' },
  'POST /api/category-library/adopt': {
    kind: 'create',
    url: '/api/category-library/adopt',
    body: (f) => ({ departmentId: f.a.dept.id, codes: ['E0102'] }),
    verify: (f) => `/api/categories?tenantId=${f.a.tenantId}`,
  },
  'POST /api/categories': {
    kind: 'create',
    url: '/api/categories',
    body: (f) => ({
      code: 'iso',
      name: 'iso',
      departmentId: f.a.dept.id,
      timeLimit: { value: 1, unit: 'workingDays' },
    }),
    verify: (f) => `/api/categories?tenantId=${f.a.tenantId}`,
  },
  'GET /api/api-keys': { kind: 'list', url: '/api/api-keys', leak: () => 'iso-key' },
  'POST /api/api-keys': {
    kind: 'create',
    url: '/api/api-keys',
    body: () => ({ name: 'iso-key' }),
    verify: () => '/api/api-keys',
  },
  'DELETE /api/api-keys/:id': { kind: 'object', method: 'DELETE', url: (f) => `/api/api-keys/${f.apiKeyId}` },
  // webhooks: the catalogue is the same for everyone; a webhook and its delivery log are A's alone
  'GET /api/webhooks/events': { kind: 'list', url: '/api/webhooks/events', leak: (f) => f.webhookId },
  'GET /api/webhooks': { kind: 'list', url: '/api/webhooks', leak: (f) => f.webhookId },
  'POST /api/webhooks': {
    kind: 'create',
    url: '/api/webhooks',
    body: () => ({ url: 'https://hooks.example.com/iso', events: ['case.reported'] }),
    verify: () => '/api/webhooks',
  },
  'GET /api/webhooks/:id': { kind: 'object', method: 'GET', url: (f) => `/api/webhooks/${f.webhookId}` },
  'DELETE /api/webhooks/:id': { kind: 'object', method: 'DELETE', url: (f) => `/api/webhooks/${f.webhookId}` },
  'GET /api/webhooks/:id/deliveries': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/webhooks/${f.webhookId}/deliveries`,
  },
  'GET /api/calendar': { kind: 'self', url: '/api/calendar' },
  'PUT /api/calendar': { kind: 'self', url: '/api/calendar', method: 'PUT', body: {} },
  'POST /api/cases': {
    kind: 'create',
    url: '/api/cases',
    body: () => ({ description: 'iso' }),
    verify: (f) => `/api/cases?tenantId=${f.a.tenantId}`,
  },
  'GET /api/cases': { kind: 'list', url: '/api/cases', leak: (f) => f.caseId },
  'GET /api/cases/:id': { kind: 'object', method: 'GET', url: (f) => `/api/cases/${f.caseId}`, parentReads: true },
  'POST /api/cases/:id/actions/:action': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/cases/${f.caseId}/actions/register`,
    body: () => ({ categoryCode: 'garbage' }),
  },
  'POST /api/cases/:id/evidence': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/cases/${f.caseId}/evidence`,
    body: () => ({ fileName: 'a.jpg', contentType: 'image/jpeg', size: 10 }),
  },
  'GET /api/cases/:id/evidence': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/cases/${f.caseId}/evidence?key=${encodeURIComponent(f.evidenceKey)}`,
    parentReads: true,
  },
  'GET /api/stats/kpis': { kind: 'list', url: '/api/stats/kpis?groupBy=tenant', leak: (f) => f.a.tenantId },
  'GET /api/stats/ranking': { kind: 'list', url: '/api/stats/ranking?groupBy=tenant', leak: (f) => f.a.tenantId },
  'GET /api/settings/map': { kind: 'self', url: '/api/settings/map' },
  'PUT /api/settings/map': { kind: 'self', url: '/api/settings/map', method: 'PUT', body: { provider: 'none' } },
  'GET /api/stats/weights': { kind: 'self', url: '/api/stats/weights' },
  'PUT /api/stats/weights': { kind: 'self', url: '/api/stats/weights', method: 'PUT', body: { closeRate: 50 } },
  'GET /api/bulletins/:month': { kind: 'list', url: '/api/bulletins/2026-11', leak: (f) => f.a.tenantId },
  'PUT /api/cases/:id/publication': {
    kind: 'object',
    method: 'PUT',
    url: (f) => `/api/cases/${f.citizenCaseId}/publication`,
    body: () => ({ description: '公开说明' }),
  },
  'DELETE /api/cases/:id/publication': {
    kind: 'object',
    method: 'DELETE',
    url: (f) => `/api/cases/${f.citizenCaseId}/publication`,
  },
  'GET /api/cases/:id/duplicates': { kind: 'object', method: 'GET', url: (f) => `/api/cases/${f.caseId}/duplicates` },
  'GET /api/worklists/counts': { kind: 'self', url: '/api/worklists/counts' },
  'POST /api/cases-bulk/:action': {
    kind: 'batch',
    url: '/api/cases-bulk/close',
    body: (f) => ({ items: [{ id: f.caseId }, { id: f.citizenCaseId }] }),
  },
  'GET /api/cases-export': { kind: 'export', url: '/api/cases-export', leak: (f) => f.caseId },
  'GET /api/cases/:id/documents/:kind': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/cases/${f.caseId}/documents/dispatch`,
    parentReads: true,
  },
  'GET /api/notifications': { kind: 'self', url: '/api/notifications' },
  'POST /api/notifications/read-all': { kind: 'self', url: '/api/notifications/read-all', method: 'POST', body: {} },
  'POST /api/notifications/:id/read': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/notifications/${f.notificationId}/read`,
  },
  'GET /api/outbox': { kind: 'list', url: '/api/outbox', leak: (f) => f.citizenCaseId },
  'GET /api/usage': { kind: 'list', url: '/api/usage', leak: (f) => f.a.tenantId },
  'GET /api/usage/report': { kind: 'list', url: '/api/usage/report', leak: (f) => f.a.tenantId },
  'GET /api/admin/usage': { kind: 'platform', url: '/api/admin/usage' },
  'GET /api/admin/calendar': { kind: 'platform', url: '/api/admin/calendar' },
  'PUT /api/admin/calendar/:year': { kind: 'platform', method: 'PUT', url: '/api/admin/calendar/2031' },
  'POST /api/admin/tenants/:id/plan': { kind: 'platform', method: 'POST', url: '/api/admin/tenants/s999/plan' },
  'GET /api/routing-rules': { kind: 'list', url: '/api/routing-rules', leak: (f) => `${f.a.gridCode}#garbage` },
  'POST /api/routing-rules': {
    kind: 'create',
    url: '/api/routing-rules',
    body: (f) => ({ gridCode: f.a.gridCode, categoryCode: 'garbage', departmentId: f.a.dept.id }),
    verify: () => '/api/routing-rules',
  },
  'DELETE /api/routing-rules/:id': {
    kind: 'object',
    method: 'DELETE',
    url: (f) => `/api/routing-rules/${encodeURIComponent(`${f.a.gridCode}#garbage`)}`,
  },
  'POST /api/people': {
    kind: 'create',
    url: '/api/people',
    body: () => ({ name: 'iso', idNumber: idNumberOf('120116', '19900101', 555), registration: 'resident' }),
    verify: (f) => `/api/people?tenantId=${f.a.tenantId}`,
  },
  'GET /api/people': { kind: 'list', url: '/api/people', leak: (f) => f.personId },
  'POST /api/people/lookup': {
    kind: 'lookup',
    url: '/api/people/lookup',
    body: () => ({ idNumber: idNumberOf('120116', '19850101', 123) }),
    leak: (f) => f.personId,
  },
  'GET /api/people/:id': { kind: 'object', method: 'GET', url: (f) => `/api/people/${f.personId}`, parentReads: true },
  'PATCH /api/people/:id': {
    kind: 'object',
    method: 'PATCH',
    url: (f) => `/api/people/${f.personId}`,
    body: () => ({ version: 1, name: 'hijacked' }),
  },
  'POST /api/people/:id/reveal': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/people/${f.personId}/reveal`,
    body: () => ({ reason: 'curious' }),
  },
  'POST /api/people/:id/move-in': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/people/${f.personId}/move-in`,
    body: (f) => ({ at: '2026-01-01', residence: { buildingId: f.buildingId, roomCode: '101' } }),
  },
  'POST /api/people/:id/move-out': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/people/${f.personId}/move-out`,
    body: () => ({ at: '2026-01-01' }),
  },
  'POST /api/households': {
    kind: 'create',
    url: '/api/households',
    body: (f) => ({ buildingId: f.buildingId, roomCode: '101' }),
    verify: () => '/api/households',
  },
  'GET /api/households': { kind: 'list', url: '/api/households', leak: (f) => f.householdId },
  'POST /api/buildings': {
    kind: 'create',
    url: '/api/buildings',
    body: (f) => ({ name: 'iso', address: 'iso', gridCode: f.a.gridCode }),
    verify: () => '/api/buildings',
  },
  'GET /api/buildings': { kind: 'list', url: '/api/buildings', leak: (f) => f.buildingId },
  'GET /api/buildings/:id': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/buildings/${f.buildingId}`,
    parentReads: true,
  },
  'GET /api/access-log': { kind: 'list', url: '/api/access-log', leak: (f) => f.personId },
  'GET /api/stats/population': { kind: 'list', url: '/api/stats/population', leak: (f) => f.a.gridCode },
  'POST /api/imports/upload-url': {
    kind: 'create',
    url: '/api/imports/upload-url',
    body: () => ({ fileName: 'a.csv', contentType: 'text/csv', size: 10 }),
    verify: () => '/api/imports',
  },
  'POST /api/imports': {
    kind: 'create',
    url: '/api/imports',
    body: (f) => ({ entity: 'people', fileKey: `${f.a.path}imports/iso.csv` }),
    verify: () => '/api/imports',
  },
  'GET /api/imports': { kind: 'list', url: '/api/imports', leak: (f) => f.importId },
  'GET /api/imports/:id': { kind: 'object', method: 'GET', url: (f) => `/api/imports/${f.importId}` },
  'POST /api/export-jobs': {
    kind: 'create',
    url: '/api/export-jobs',
    body: () => ({ entity: 'people', format: 'csv' }),
    verify: () => '/api/access-log',
  },
  'GET /api/export-jobs/:id': { kind: 'object', method: 'GET', url: (f) => `/api/export-jobs/${f.exportJobId}` },
  'GET /api/import-templates/:entity': { kind: 'self', url: '/api/import-templates/people' },
  // the export's rows are A's people: a sibling's export must not hold A's person (by name)
  'GET /api/exports/:entity': { kind: 'list', url: '/api/exports/people?format=csv', leak: () => 'iso-person-a' },
  'POST /api/organisations': {
    kind: 'create',
    url: '/api/organisations',
    body: (f) => ({
      name: 'iso',
      creditCode: enterpriseCode(77),
      kind: 'enterprise',
      address: 'iso',
      gridCode: f.a.gridCode,
    }),
    verify: (f) => `/api/organisations?tenantId=${f.a.tenantId}`,
  },
  'GET /api/organisations': { kind: 'list', url: '/api/organisations', leak: (f) => f.organisationId },
  'GET /api/organisations/:id': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/organisations/${f.organisationId}`,
    parentReads: true,
  },
  'PATCH /api/organisations/:id': {
    kind: 'object',
    method: 'PATCH',
    url: (f) => `/api/organisations/${f.organisationId}`,
    body: () => ({ version: 1, name: 'hijacked' }),
  },
  'POST /api/organisations/:id/employees': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/organisations/${f.organisationId}/employees`,
    body: (f) => ({ personId: f.personId }),
  },
  'GET /api/organisations/:id/employees': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/organisations/${f.organisationId}/employees`,
    parentReads: true,
  },
  'GET /api/people/:id/workplaces': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/people/${f.personId}/workplaces`,
    parentReads: true,
  },
  'GET /api/stats/organisations': { kind: 'list', url: '/api/stats/organisations', leak: (f) => f.a.gridCode },
  'GET /api/thing-classes': { kind: 'self', url: '/api/thing-classes' },
  'POST /api/things': {
    kind: 'create',
    url: '/api/things',
    body: (f) => ({ code: '1201160101000099', location: { lat: 39, lng: 117 }, gridCode: f.a.gridCode, owner: 'iso' }),
    verify: () => '/api/things',
  },
  'GET /api/things': { kind: 'list', url: '/api/things', leak: (f) => f.thingId },
  'GET /api/things/:id': { kind: 'object', method: 'GET', url: (f) => `/api/things/${f.thingId}`, parentReads: true },
  'PATCH /api/things/:id': {
    kind: 'object',
    method: 'PATCH',
    url: (f) => `/api/things/${f.thingId}`,
    body: () => ({ version: 1, status: 'missing' }),
  },
  'GET /api/things/:id/cases': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/things/${f.thingId}/cases`,
    parentReads: true,
  },
  'POST /api/cameras': {
    kind: 'create',
    url: '/api/cameras',
    body: (f) => ({
      deviceId: '12011600081327000099',
      name: 'iso',
      location: { lat: 39, lng: 117 },
      gridCode: f.a.gridCode,
      owner: 'iso',
    }),
    verify: () => '/api/cameras',
  },
  'GET /api/cameras': { kind: 'list', url: '/api/cameras', leak: (f) => f.cameraId },
  'GET /api/cameras/:id': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/cameras/${f.cameraId}`,
    parentReads: true,
  },
  'PATCH /api/cameras/:id': {
    kind: 'object',
    method: 'PATCH',
    url: (f) => `/api/cameras/${f.cameraId}`,
    body: () => ({ version: 1, status: 'fault' }),
  },
  'GET /api/cameras/:id/cases': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/cameras/${f.cameraId}/cases`,
    parentReads: true,
  },
  'POST /api/cameras/:id/snapshots': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/cameras/${f.cameraId}/snapshots`,
    body: () => ({ fileName: 'a.jpg', contentType: 'image/jpeg', size: 3 }),
  },
  // governance files on the process engine (disputes, petitions): ids embed the tenant, so another's is a 404
  'POST /api/disputes': {
    kind: 'create',
    url: '/api/disputes',
    body: () => ({ kind: 'family', summary: 'iso', source: 'visit', parties: [{ name: '甲', role: 'applicant' }] }),
    verify: (f) => `/api/disputes?tenantId=${f.a.tenantId}`,
  },
  'GET /api/disputes': { kind: 'list', url: '/api/disputes', leak: (f) => f.disputeId },
  'GET /api/disputes/:id': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/disputes/${f.disputeId}`,
    parentReads: true,
  },
  'POST /api/disputes/:id/actions/:action': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/disputes/${f.disputeId}/actions/fail`,
    body: () => ({ reason: 'hijacked' }),
  },
  'POST /api/disputes/:id/evidence': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/disputes/${f.disputeId}/evidence`,
    body: () => ({ fileName: 'a.pdf', contentType: 'application/pdf', size: 10 }),
  },
  'GET /api/disputes/:id/evidence': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/disputes/${f.disputeId}/evidence?key=${f.a.path}disputes/${f.disputeId}/x.pdf`,
    parentReads: true,
  },
  'GET /api/disputes/:id/agreement.pdf': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/disputes/${f.disputeId}/agreement.pdf`,
    parentReads: true,
  },
  // the KPI rows name A's committee: a sibling's statistics must not
  'GET /api/stats/disputes': { kind: 'list', url: '/api/stats/disputes', leak: () => 'iso-committee-a' },
  'POST /api/petitions': {
    kind: 'create',
    url: '/api/petitions',
    body: () => ({ channel: 'online', subject: 'iso', petitioners: [{ name: '乙' }] }),
    verify: (f) => `/api/petitions?tenantId=${f.a.tenantId}`,
  },
  'GET /api/petitions': { kind: 'list', url: '/api/petitions', leak: (f) => f.petitionId },
  'GET /api/petitions/:id': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/petitions/${f.petitionId}`,
    parentReads: true,
  },
  'POST /api/petitions/:id/actions/:action': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/petitions/${f.petitionId}/actions/decline`,
    body: () => ({ reason: 'hijacked' }),
  },
  'POST /api/petitions/:id/evidence': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/petitions/${f.petitionId}/evidence`,
    body: () => ({ fileName: 'a.pdf', contentType: 'application/pdf', size: 10 }),
  },
  'GET /api/petitions/:id/evidence': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/petitions/${f.petitionId}/evidence?key=${f.a.path}petitions/${f.petitionId}/x.pdf`,
    parentReads: true,
  },
  'GET /api/petitions/:id/reply.pdf': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/petitions/${f.petitionId}/reply.pdf`,
    parentReads: true,
  },
  // only A's petition came by letter: its channel row must not reach a sibling's statistics
  'GET /api/stats/petitions': { kind: 'list', url: '/api/stats/petitions', leak: () => 'letter' },
  // 稳评, 预警, 12348 and 法律援助 on the process engine: ids embed the tenant, so another's is a 404
  'POST /api/risk-assessments': {
    kind: 'create',
    url: '/api/risk-assessments',
    body: () => ({ project: 'iso', decisionBody: '街道' }),
    verify: (f) => `/api/risk-assessments?tenantId=${f.a.tenantId}`,
  },
  'GET /api/risk-assessments': { kind: 'list', url: '/api/risk-assessments', leak: (f) => f.assessmentId },
  'GET /api/risk-assessments/:id': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/risk-assessments/${f.assessmentId}`,
    parentReads: true,
  },
  'POST /api/risk-assessments/:id/actions/:action': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/risk-assessments/${f.assessmentId}/actions/plan`,
    body: () => ({ scope: 'hijacked', methods: ['survey'] }),
  },
  'POST /api/risk-assessments/:id/evidence': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/risk-assessments/${f.assessmentId}/evidence`,
    body: () => ({ fileName: 'a.pdf', contentType: 'application/pdf', size: 10 }),
  },
  'GET /api/risk-assessments/:id/evidence': {
    kind: 'object',
    method: 'GET',
    url: (f) =>
      `/api/risk-assessments/${f.assessmentId}/evidence?key=${f.a.path}risk-assessments/${f.assessmentId}/x.pdf`,
    parentReads: true,
  },
  'POST /api/early-warnings': {
    kind: 'create',
    url: '/api/early-warnings',
    body: () => ({ subject: 'iso', peopleCount: 3, place: '广场', demands: '诉求', level: 'blue' }),
    verify: (f) => `/api/early-warnings?tenantId=${f.a.tenantId}`,
  },
  'GET /api/early-warnings': { kind: 'list', url: '/api/early-warnings', leak: (f) => f.warningId },
  'GET /api/early-warnings/:id': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/early-warnings/${f.warningId}`,
    parentReads: true,
  },
  'POST /api/early-warnings/:id/actions/:action': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/early-warnings/${f.warningId}/actions/dismiss`,
    body: () => ({ reason: 'hijacked' }),
  },
  'POST /api/early-warnings/:id/evidence': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/early-warnings/${f.warningId}/evidence`,
    body: () => ({ fileName: 'a.pdf', contentType: 'application/pdf', size: 10 }),
  },
  'GET /api/early-warnings/:id/evidence': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/early-warnings/${f.warningId}/evidence?key=${f.a.path}early-warnings/${f.warningId}/x.pdf`,
    parentReads: true,
  },
  'POST /api/legal-calls': {
    kind: 'create',
    url: '/api/legal-calls',
    body: () => ({ caller: { name: '丙' }, questionType: 'other', question: 'iso' }),
    verify: (f) => `/api/legal-calls?tenantId=${f.a.tenantId}`,
  },
  'GET /api/legal-calls': { kind: 'list', url: '/api/legal-calls', leak: (f) => f.legalCallId },
  'GET /api/legal-calls/:id': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/legal-calls/${f.legalCallId}`,
    parentReads: true,
  },
  'POST /api/legal-calls/:id/actions/:action': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/legal-calls/${f.legalCallId}/actions/answer`,
    body: () => ({ answer: 'hijacked' }),
  },
  'POST /api/legal-calls/:id/evidence': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/legal-calls/${f.legalCallId}/evidence`,
    body: () => ({ fileName: 'a.pdf', contentType: 'application/pdf', size: 10 }),
  },
  'GET /api/legal-calls/:id/evidence': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/legal-calls/${f.legalCallId}/evidence?key=${f.a.path}legal-calls/${f.legalCallId}/x.pdf`,
    parentReads: true,
  },
  'POST /api/legal-aid': {
    kind: 'create',
    url: '/api/legal-aid',
    body: () => ({ applicant: { name: '丁' }, matter: 'iso' }),
    verify: (f) => `/api/legal-aid?tenantId=${f.a.tenantId}`,
  },
  'GET /api/legal-aid': { kind: 'list', url: '/api/legal-aid', leak: (f) => f.legalAidId },
  'GET /api/legal-aid/:id': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/legal-aid/${f.legalAidId}`,
    parentReads: true,
  },
  'POST /api/legal-aid/:id/actions/:action': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/legal-aid/${f.legalAidId}/actions/decline`,
    body: () => ({ reason: 'hijacked' }),
  },
  'POST /api/legal-aid/:id/evidence': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/legal-aid/${f.legalAidId}/evidence`,
    body: () => ({ fileName: 'a.pdf', contentType: 'application/pdf', size: 10 }),
  },
  'GET /api/legal-aid/:id/evidence': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/legal-aid/${f.legalAidId}/evidence?key=${f.a.path}legal-aid/${f.legalAidId}/x.pdf`,
    parentReads: true,
  },
  'GET /api/risk-assessments/:id/report.pdf': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/risk-assessments/${f.assessmentId}/report.pdf`,
    parentReads: true,
  },
  // A's records are in A's grid (and A's call is the only consumer-rights one): a sibling's statistics name neither
  'GET /api/stats/risk-assessments': { kind: 'list', url: '/api/stats/risk-assessments', leak: (f) => f.a.gridCode },
  'GET /api/stats/early-warnings': { kind: 'list', url: '/api/stats/early-warnings', leak: (f) => f.a.gridCode },
  'GET /api/stats/legal-calls': { kind: 'list', url: '/api/stats/legal-calls', leak: () => 'consumer' },
  'GET /api/stats/legal-aid': { kind: 'list', url: '/api/stats/legal-aid', leak: (f) => f.a.gridCode },
  // field work: patrols, visits, the review queue and tasks of A (ids embed the tenant: another's is a 404)
  'POST /api/field-uploads': {
    kind: 'create',
    url: '/api/field-uploads',
    body: () => ({ fileName: 'a.jpg', contentType: 'image/jpeg', size: 3 }),
    verify: () => '/api/visits',
  },
  'POST /api/patrols': { kind: 'create', url: '/api/patrols', body: () => ({}), verify: () => '/api/patrols' },
  'GET /api/patrols': { kind: 'list', url: '/api/patrols', leak: (f) => f.patrolId },
  'GET /api/patrols/:id': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/patrols/${f.patrolId}`,
    parentReads: true,
  },
  'POST /api/patrols/:id/points': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/patrols/${f.patrolId}/points`,
    body: () => ({ seq: 9, points: [{ lat: 39.03, lng: 117.72, at: new Date().toISOString() }] }),
  },
  'POST /api/patrols/:id/end': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/patrols/${f.patrolId}/end`,
    body: () => ({}),
  },
  'POST /api/visits': {
    kind: 'create',
    url: '/api/visits',
    body: () => ({ target: { kind: 'household', address: '某路1号' }, purpose: 'routine', note: 'iso' }),
    verify: () => '/api/visits',
  },
  'GET /api/visits': { kind: 'list', url: '/api/visits', leak: (f) => f.visitId },
  'GET /api/visits/:id': { kind: 'object', method: 'GET', url: (f) => `/api/visits/${f.visitId}`, parentReads: true },
  'GET /api/field-proposals': { kind: 'list', url: '/api/field-proposals', leak: (f) => f.proposalId },
  'POST /api/field-proposals/:id/decide': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/field-proposals/${f.proposalId}/decide`,
    body: () => ({ decision: 'reject', version: 1 }),
  },
  'POST /api/tasks': {
    kind: 'create',
    url: '/api/tasks',
    body: (f) => ({ title: 'iso', assigneeId: f.userId, dueAt: new Date(Date.now() + 86_400_000).toISOString() }),
    verify: (f) => `/api/tasks?tenantId=${f.a.tenantId}`,
  },
  'POST /api/tasks/spread': {
    kind: 'create',
    url: '/api/tasks/spread',
    body: (f) => ({
      title: 'iso',
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      subjects: [{ kind: 'person', id: f.personId, gridCode: f.a.gridCode }],
    }),
    verify: (f) => `/api/tasks?tenantId=${f.a.tenantId}`,
  },
  'GET /api/tasks': { kind: 'list', url: '/api/tasks', leak: (f) => f.taskId },
  'GET /api/tasks/:id': { kind: 'object', method: 'GET', url: (f) => `/api/tasks/${f.taskId}`, parentReads: true },
  'POST /api/tasks/:id/actions/:action': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/tasks/${f.taskId}/actions/cancel`,
    body: () => ({ reason: 'hijacked' }),
  },
  'POST /api/tasks/:id/evidence': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/tasks/${f.taskId}/evidence`,
    body: () => ({ fileName: 'a.pdf', contentType: 'application/pdf', size: 10 }),
  },
  'GET /api/tasks/:id/evidence': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/tasks/${f.taskId}/evidence?key=${f.a.path}tasks/${f.taskId}/x.pdf`,
    parentReads: true,
  },
  // the caller's own tenant's committees (the tenant comes from the token only)
  'GET /api/dispute-committees': { kind: 'self', url: '/api/dispute-committees' },
  'PUT /api/dispute-committees': {
    kind: 'self',
    method: 'PUT',
    url: '/api/dispute-committees',
    body: { committees: [] },
  },
  // special populations (特殊人群): hidden routes, ids embed the tenant, another tenant's profile is a 404
  'POST /api/special-populations': {
    kind: 'create',
    url: '/api/special-populations',
    body: (f) => ({ personId: f.personId, group: 'drug', riskGrade: 1, responsibleUserId: f.workerId }),
    verify: (f) => `/api/special-populations?tenantId=${f.a.tenantId}`,
  },
  'GET /api/special-populations': { kind: 'list', url: '/api/special-populations', leak: (f) => f.profileId },
  'GET /api/special-populations/:id': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/special-populations/${f.profileId}`,
    parentReads: true,
  },
  'PATCH /api/special-populations/:id': {
    kind: 'object',
    method: 'PATCH',
    url: (f) => `/api/special-populations/${f.profileId}`,
    body: () => ({ version: 2, riskGrade: 0 }),
  },
  'POST /api/special-populations/:id/visits': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/special-populations/${f.profileId}/visits`,
    body: () => ({ at: '2026-11-02T10:00:00+08:00', place: 'x', findings: 'hijacked' }),
  },
  'GET /api/special-populations/:id/visits': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/special-populations/${f.profileId}/visits`,
    parentReads: true,
  },
  'POST /api/special-populations/:id/assistance': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/special-populations/${f.profileId}/assistance`,
    body: () => ({ kind: 'living', at: '2026-11-02', note: 'hijacked', amount: 1 }),
  },
  'POST /api/special-populations/:id/release': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/special-populations/${f.profileId}/release`,
    body: () => ({ on: '2026-11-02', reason: 'hijacked' }),
  },
  'POST /api/special-populations/:id/transfer': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/special-populations/${f.profileId}/transfer`,
    body: () => ({ toTenantId: 's999', reason: 'hijacked' }),
  },
  // only the district above the sending street completes a transfer; A is standalone, so nobody else may
  'POST /api/special-populations/:id/transfer/complete': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/special-populations/${f.profileId}/transfer/complete`,
    body: () => ({}),
  },
  // the caller's own caseload (the tenant comes from the token only)
  'GET /api/special-caseload': { kind: 'list', url: '/api/special-caseload', leak: (f) => f.specialVisitId },
  'GET /api/special-visit-frequencies': { kind: 'self', url: '/api/special-visit-frequencies' },
  'PUT /api/special-visit-frequencies': {
    kind: 'self',
    method: 'PUT',
    url: '/api/special-visit-frequencies',
    body: { table: {} },
  },
  // the KPI rows name A's grid worker: a sibling's statistics must not
  'GET /api/stats/special-populations': {
    kind: 'list',
    url: '/api/stats/special-populations',
    leak: (f) => f.workerId,
  },
  'GET /api/stats/special-populations/density': {
    kind: 'list',
    url: '/api/stats/special-populations/density',
    leak: (f) => f.a.gridCode,
  },
  'GET /api/special-visits': { kind: 'list', url: '/api/special-visits', leak: (f) => f.specialVisitId },
  'GET /api/special-visits/:id': {
    kind: 'object',
    method: 'GET',
    url: (f) => `/api/special-visits/${f.specialVisitId}`,
    parentReads: true,
  },
  'POST /api/special-visits/:id/actions/:action': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/special-visits/${f.specialVisitId}/actions/cancel`,
    body: () => ({ reason: 'hijacked' }),
  },
  'POST /api/special-visits/:id/evidence': {
    kind: 'object',
    method: 'POST',
    url: (f) => `/api/special-visits/${f.specialVisitId}/evidence`,
    body: () => ({ fileName: 'a.jpg', contentType: 'image/jpeg', size: 10 }),
  },
  'GET /api/special-visits/:id/evidence': {
    kind: 'object',
    method: 'GET',
    url: (f) =>
      `/api/special-visits/${f.specialVisitId}/evidence?key=${f.a.path}special-visits/${f.specialVisitId}/x.jpg`,
    parentReads: true,
  },
  // the caller's own tenant's clocks (the tenant comes from the token only)
  'GET /api/process-settings/:kind': { kind: 'self', url: '/api/process-settings/petition' },
  'PUT /api/process-settings/:kind': {
    kind: 'self',
    method: 'PUT',
    url: '/api/process-settings/petition',
    body: { clocks: { acceptance: 15 } },
  },
  'GET /public/:slug': { kind: 'public', probes: () => [{ method: 'GET', url: '/public/iso-pending', status: [404] }] },
  'GET /public/:slug/map/grids': {
    kind: 'public',
    probes: () => [{ method: 'GET', url: '/public/iso-pending/map/grids', status: [404] }],
  },
  'GET /public/:slug/map/buildings': {
    kind: 'public',
    probes: () => [{ method: 'GET', url: '/public/iso-pending/map/buildings', status: [404] }],
  },
  'GET /public/:slug/categories': {
    kind: 'public',
    probes: () => [{ method: 'GET', url: '/public/iso-pending/categories', status: [404] }],
  },
  'POST /public/:slug/uploads': {
    kind: 'public',
    probes: () => [
      {
        method: 'POST',
        url: '/public/iso-pending/uploads',
        body: { fileName: 'a.jpg', contentType: 'image/jpeg', size: 10 },
        status: [404],
      },
    ],
  },
  'POST /public/:slug/reports': {
    kind: 'public',
    probes: () => [
      { method: 'POST', url: '/public/iso-pending/reports', body: { description: '待批准街道' }, status: [404] },
    ],
  },
  'GET /public/:slug/reports/:code': {
    kind: 'public',
    probes: (f) => [
      { method: 'GET', url: `/public/iso-sibling/reports/${f.trackingCode}`, status: [404] },
      { method: 'GET', url: `/public/iso-a/reports/${f.trackingCode}`, status: [200] },
    ],
  },
  'POST /public/:slug/reports/:code/evaluation': {
    kind: 'public',
    probes: (f) => [
      {
        method: 'POST',
        url: `/public/iso-sibling/reports/${f.trackingCode}/evaluation`,
        body: { rating: 1 },
        status: [404],
      },
    ],
  },
  'GET /open311/v2/discovery.xml': { kind: 'public' },
  'GET /open311/v2/discovery.json': { kind: 'public' },
  'GET /open311/v2/services.xml': {
    kind: 'public',
    probes: () => [{ method: 'GET', url: '/open311/v2/services.xml?jurisdiction_id=iso-pending', status: [404] }],
  },
  'GET /open311/v2/services.json': {
    kind: 'public',
    probes: () => [{ method: 'GET', url: '/open311/v2/services.json?jurisdiction_id=iso-pending', status: [404] }],
  },
  'GET /open311/v2/services/:file': {
    kind: 'public',
    probes: () => [
      { method: 'GET', url: '/open311/v2/services/garbage.json?jurisdiction_id=iso-sibling', status: [404] },
    ],
  },
  'POST /open311/v2/requests.xml': {
    kind: 'public',
    probes: (f) => [
      {
        method: 'POST',
        url: '/open311/v2/requests.xml',
        form: { jurisdiction_id: 'iso-sibling', api_key: f.apiKey, service_code: 'garbage', lat: '39', long: '117' },
        status: [403],
      },
    ],
  },
  'POST /open311/v2/requests.json': {
    kind: 'public',
    probes: (f) => [
      {
        method: 'POST',
        url: '/open311/v2/requests.json',
        form: { jurisdiction_id: 'iso-sibling', api_key: f.apiKey, service_code: 'garbage', lat: '39', long: '117' },
        status: [403],
      },
    ],
  },
  'GET /open311/v2/requests.xml': {
    kind: 'public',
    probes: (f) => [sibling311(`/open311/v2/requests.xml?service_request_id=${f.citizenCaseId}`)],
  },
  'GET /open311/v2/requests.json': {
    kind: 'public',
    probes: (f) => [sibling311(`/open311/v2/requests.json?service_request_id=${f.citizenCaseId}`)],
  },
  'GET /open311/v2/requests/:file': {
    kind: 'public',
    probes: (f) => [
      { method: 'GET', url: `/open311/v2/requests/${f.citizenCaseId}.json?jurisdiction_id=iso-sibling`, status: [404] },
    ],
  },
  'GET /open311/v2/tokens/:file': {
    kind: 'public',
    probes: (f) => [
      { method: 'GET', url: `/open311/v2/tokens/${f.citizenCaseId}.json?jurisdiction_id=iso-sibling`, status: [404] },
    ],
  },
};

/** Listing requests of the sibling's jurisdiction by A's id finds nothing (200 with an empty list) — never A's report. */
function sibling311(url: string): Probe {
  return { method: 'GET', url: `${url}&jurisdiction_id=iso-sibling`, status: [200, 404] };
}

let f: Fixture;

beforeAll(async () => {
  const district = await p.signup('iso-district', 'district');
  // A: a street under the district, approved; its data is what everyone else tries to reach
  const a = await setUpStreet(p, 'iso-a');
  const aUnder = await p.signup('iso-a-under', 'street', 'iso-district');
  void aUnder;
  const pending = await p.signup('iso-pending', 'street', 'iso-district');
  const sibling = await p.signup('iso-sibling', 'street');
  void pending;
  f = {
    a,
    caseId: '',
    userId: '',
    evidenceKey: '',
    trackingCode: '',
    citizenCaseId: '',
    apiKey: '',
    webhookId: '',
    apiKeyId: '',
    personId: '',
    buildingId: '',
    householdId: '',
    importId: '',
    organisationId: '',
    thingId: '',
    cameraId: '',
    disputeId: '',
    petitionId: '',
    assessmentId: '',
    warningId: '',
    legalCallId: '',
    legalAidId: '',
    exportJobId: '',
    profileId: '',
    specialVisitId: '',
    workerId: '',
    patrolId: '',
    visitId: '',
    proposalId: '',
    taskId: '',
    notificationId: '',
    tokens: {} as Record<Who, string>,
    platform: await p.login(ADMIN.email, ADMIN.password),
  };
  void district;
  f.tokens.owner = a.tokens.admin;
  f.tokens.sibling = sibling.token;
  f.tokens.pending = pending.token;
  f.tokens.parent = district.token;
  // child: a community of A with its own admin (seeded directly; communities get staff from their street)
  const community = await p.call(
    'POST',
    '/api/tenants',
    { name: 'C', slug: 'iso-a-community', level: 'community' },
    a.tokens.admin,
  );
  const users = new UserRepository(p.deps.store);
  const now = new Date();
  await users.create({
    id: 'iso-child-admin',
    tenantPath: tenantPath(community.body.path),
    tenantId: community.body.id,
    name: 'child',
    email: 'child@iso.test',
    roles: ['tenant_admin'],
    status: 'active',
    passwordHash: await hashPassword('child-password-1'),
    failedLogins: 0,
    createdAt: now.toISOString(),
    version: 1,
  });
  f.tokens.child = await p.login('child@iso.test', 'child-password-1');
  f.caseId = (await p.call('POST', '/api/cases', { description: 'A的案件' }, a.tokens.grid)).body.id;
  f.userId = (await p.call('GET', '/api/users', undefined, a.tokens.admin)).body.items[0].id;
  // a bell notice of A's admin (as a dispatch writes it), for the read-mark route
  const me = (await p.call('GET', '/api/me', undefined, a.tokens.admin)).body;
  const notices = new NotificationRepository(p.deps.store, p.deps.config.cursorSecret);
  await notices.add(
    tenantPath(me.tenant.path),
    [me.user.id],
    { kind: 'dispatched', caseId: f.caseId, summary: 'A' },
    now,
  );
  f.notificationId = (await notices.page(tenantPath(me.tenant.path), me.user.id, 1)).items[0]?.id ?? '';
  const upload = await p.call(
    'POST',
    `/api/cases/${f.caseId}/evidence`,
    { fileName: 'a.jpg', contentType: 'image/jpeg', size: 3 },
    a.tokens.admin,
  );
  f.evidenceKey = upload.body.key;
  await fetch(upload.body.uploadUrl, { method: 'PUT', headers: upload.body.headers, body: Buffer.from([1, 2, 3]) });
  f.apiKeyId = (
    await p.call('POST', '/api/api-keys', { name: 'iso-key', scopes: ['cases:read'] }, a.tokens.admin)
  ).body.id;
  const hook = await p.call(
    'POST',
    '/api/webhooks',
    { url: 'https://hooks.example.com/iso-a', events: ['case.reported', 'case.registered'] },
    a.tokens.admin,
  );
  expect(hook.status, JSON.stringify(hook.body)).toBe(201);
  f.webhookId = hook.body.id;
  // an Open311 key of A, and a citizen report of A with a phone (so A's outbox has a message)
  f.apiKey = (await p.call('POST', '/api/api-keys', { name: 'iso-311' }, a.tokens.admin)).body.key;
  const citizen = await p.call('POST', '/public/iso-a/reports', {
    categoryCode: 'garbage',
    description: '市民反映',
    location: { lat: 39.03, lng: 117.72 },
    contact: { name: '张三', phone: '13800138000' },
  });
  expect(citizen.status, JSON.stringify(citizen.body)).toBe(201);
  f.trackingCode = citizen.body.trackingCode;
  const listed = await p.call('GET', '/api/cases?limit=100', undefined, a.tokens.admin);
  f.citizenCaseId = listed.body.items.find((c: { source: string }) => c.source === 'citizen').id;
  await p.call(
    'POST',
    '/api/routing-rules',
    { gridCode: a.gridCode, categoryCode: 'garbage', departmentId: a.dept.id },
    a.tokens.admin,
  );
  // base data of A: a building, a person living there (revealed once), a household and an import
  f.buildingId = (
    await p.call(
      'POST',
      '/api/buildings',
      { name: 'A楼', address: 'A路1号', gridCode: a.gridCode, rooms: [{ code: '101' }] },
      a.tokens.admin,
    )
  ).body.id;
  const person = await p.call(
    'POST',
    '/api/people',
    {
      name: 'iso-person-a',
      idNumber: idNumberOf('120116', '19850101', 123),
      registration: 'resident',
      residence: { buildingId: f.buildingId, roomCode: '101' },
    },
    a.tokens.admin,
  );
  expect(person.status, JSON.stringify(person.body)).toBe(201);
  f.personId = person.body.id;
  await p.call('POST', `/api/people/${f.personId}/reveal`, { reason: 'fixture' }, a.tokens.admin);
  f.householdId = (
    await p.call('POST', '/api/households', { buildingId: f.buildingId, roomCode: '101' }, a.tokens.admin)
  ).body.id;
  const csv = Buffer.from(`姓名,身份证号,户籍类型\n导入,${idNumberOf('120116', '19850102', 124)},户籍\n`);
  const sheetUpload = await p.call(
    'POST',
    '/api/imports/upload-url',
    { fileName: 'a.csv', contentType: 'text/csv', size: csv.length },
    a.tokens.admin,
  );
  await fetch(sheetUpload.body.uploadUrl, { method: 'PUT', headers: sheetUpload.body.headers, body: csv });
  f.importId = (
    await p.call('POST', '/api/imports', { entity: 'people', fileKey: sheetUpload.body.fileKey }, a.tokens.admin)
  ).body.id;
  f.exportJobId = (
    await p.call('POST', '/api/export-jobs', { entity: 'people', format: 'csv' }, a.tokens.admin)
  ).body.id;
  await p.jobs.idle();
  // things of A: an organisation employing the person, a 部件 and a camera, each named by a case
  const org = await p.call(
    'POST',
    '/api/organisations',
    { name: 'A公司', creditCode: enterpriseCode(1), kind: 'enterprise', address: 'A路2号', gridCode: a.gridCode },
    a.tokens.admin,
  );
  expect(org.status, JSON.stringify(org.body)).toBe(201);
  f.organisationId = org.body.id;
  await p.call('POST', `/api/organisations/${f.organisationId}/employees`, { personId: f.personId }, a.tokens.admin);
  const placed = { location: { lat: 39.03, lng: 117.72 }, gridCode: a.gridCode, owner: 'A水务' };
  f.thingId = (await p.call('POST', '/api/things', { code: '1201160101000001', ...placed }, a.tokens.admin)).body.id;
  f.cameraId = (
    await p.call('POST', '/api/cameras', { deviceId: '12011600081327000001', name: 'A路口', ...placed }, a.tokens.admin)
  ).body.id;
  const linked = await p.call(
    'POST',
    '/api/cases',
    { description: 'A的视频案件', source: 'video', cameraId: f.cameraId, thingId: f.thingId },
    a.tokens.admin,
  );
  expect(linked.status, JSON.stringify(linked.body)).toBe(201);
  // governance files of A: a mediated dispute (its committee in the KPI rows) and a petition by letter
  f.disputeId = (
    await p.call(
      'POST',
      '/api/disputes',
      { kind: 'neighbourhood', summary: 'iso-a', source: 'patrol', parties: [{ name: '张三', role: 'applicant' }] },
      a.tokens.admin,
    )
  ).body.id;
  await p.call('POST', `/api/disputes/${f.disputeId}/actions/accept`, {}, a.tokens.admin);
  const mediated = await p.call(
    'POST',
    `/api/disputes/${f.disputeId}/actions/mediate`,
    { at: '2026-11-02T10:00:00+08:00', mediator: '调解员', committee: 'iso-committee-a', record: '调解' },
    a.tokens.admin,
  );
  expect(mediated.status, JSON.stringify(mediated.body)).toBe(200);
  f.petitionId = (
    await p.call(
      'POST',
      '/api/petitions',
      { channel: 'letter', subject: 'iso-a', petitioners: [{ name: '李四' }] },
      a.tokens.admin,
    )
  ).body.id;
  // A's 稳评, warning, 12348 call (open, consumer rights) and legal-aid application, in A's grid
  const made = async (url: string, body: unknown) => {
    const res = await p.call('POST', url, body, a.tokens.admin);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  f.assessmentId = await made('/api/risk-assessments', {
    project: 'iso-a',
    decisionBody: '街道',
    gridCode: a.gridCode,
  });
  f.warningId = await made('/api/early-warnings', {
    subject: 'iso-a',
    peopleCount: 5,
    place: '广场',
    demands: '诉求',
    level: 'blue',
    gridCode: a.gridCode,
  });
  f.legalCallId = await made('/api/legal-calls', {
    caller: { name: '丙' },
    questionType: 'consumer',
    question: 'iso-a',
    gridCode: a.gridCode,
  });
  f.legalAidId = await made('/api/legal-aid', { applicant: { name: '丁' }, matter: 'iso-a', gridCode: a.gridCode });
  // a special-population profile of A (its person, its grid worker) with its due visit
  const staff = (await p.call('GET', '/api/users', undefined, a.tokens.admin)).body.items as {
    id: string;
    email: string;
  }[];
  f.workerId = staff.find((u) => u.email.startsWith('grid@'))?.id ?? '';
  const special = await p.call(
    'POST',
    '/api/special-populations',
    { personId: f.personId, group: 'mental', riskGrade: 3, responsibleUserId: f.workerId },
    a.tokens.admin,
  );
  expect(special.status, JSON.stringify(special.body)).toBe(201);
  f.profileId = special.body.id;
  f.specialVisitId = special.body.visitId;
  // field work of A: a patrol, a visit with a proposed change, a task for A's grid worker
  f.patrolId = (await p.call('POST', '/api/patrols', {}, a.tokens.admin)).body.id;
  const visit = await p.call(
    'POST',
    '/api/visits',
    {
      target: { kind: 'person', id: f.personId },
      purpose: 'routine',
      note: 'iso-a',
      proposals: [{ field: 'phone', value: '13800000000' }],
    },
    a.tokens.admin,
  );
  expect(visit.status, JSON.stringify(visit.body)).toBe(201);
  f.visitId = visit.body.id;
  f.proposalId = visit.body.proposalIds[0];
  const worker = (await p.call('GET', '/api/me', undefined, a.tokens.grid)).body.user.id;
  const task = await p.call(
    'POST',
    '/api/tasks',
    { title: 'iso-a', assigneeId: worker, dueAt: new Date(Date.now() + 86_400_000).toISOString() },
    a.tokens.admin,
  );
  expect(task.status, JSON.stringify(task.body)).toBe(201);
  f.taskId = task.body.id;
  // A is a standalone street; make the parent relation real by moving the probes to the approved street under D
});

const specs = routeSpecs(p.app);

describe('every route declares how it treats other tenants', () => {
  it('has an expectation for each route of the router', () => {
    const missing = specs.map((s) => `${s.method} ${s.path}`).filter((key) => !(key in expectations));
    expect(missing, 'routes without an isolation expectation').toEqual([]);
  });
});

const probed = specs
  .map((s) => `${s.method} ${s.path}`)
  .filter((key) => {
    const e = expectations[key];
    return e?.kind === 'public' && e.probes !== undefined;
  });

describe.each(probed.map((key) => [key] as const))('%s (public)', (key) => {
  const e = expectations[key] as Extract<Expectation, { kind: 'public' }>;
  it('does not open another tenant’s data through the public door', async () => {
    for (const probe of e.probes!(f)) {
      let status: number;
      let body: string;
      if (probe.form) {
        const res = await p.app.request(probe.url, {
          method: probe.method,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(probe.form).toString(),
        });
        status = res.status;
        body = await res.text();
      } else {
        const res = await p.call(probe.method, probe.url, probe.body);
        status = res.status;
        body = JSON.stringify(res.body);
      }
      expect(probe.status, `${probe.method} ${probe.url} → ${status} ${body}`).toContain(status);
      if (probe.url.includes('iso-sibling') && status === 200) expect(body).not.toContain('市民反映');
    }
  });
});

describe.each(specs.filter((s) => s.isolation !== 'public').map((s) => [`${s.method} ${s.path}`, s] as const))(
  '%s',
  (key, spec) => {
    const e = expectations[key];

    it('refuses a missing or tampered token with 401', async () => {
      const url = e && 'url' in e ? (typeof e.url === 'function' ? e.url(f) : e.url) : spec.path;
      expect((await p.call(spec.method, url, spec.method === 'GET' ? undefined : {})).status).toBe(401);
      const [h, b] = f.tokens.owner.split('.');
      expect((await p.call(spec.method, url, spec.method === 'GET' ? undefined : {}, `${h}.${b}.AAAA`)).status).toBe(
        401,
      );
    });

    if (e?.kind === 'platform') {
      it('is the platform admin’s only: every tenant role gets 403', async () => {
        for (const who of ['owner', 'parent', 'sibling'] as const) {
          expect((await p.call(e.method ?? 'GET', e.url, e.method ? {} : undefined, f.tokens[who])).status).toBe(403);
        }
      });
    }

    if (e?.kind === 'object') {
      it('hides tenant A’s object from a sibling, a child, a pending street and (for changes) the parent: 404', async () => {
        const others: Who[] = ['sibling', 'child', 'pending', ...(e.parentReads ? [] : (['parent'] as Who[]))];
        for (const who of others) {
          const res = await p.call(e.method, e.url(f), e.body?.(f), f.tokens[who]);
          expect([404, 403], `${who} → ${res.status} ${JSON.stringify(res.body)}`).toContain(res.status);
          if (res.status === 403) {
            // a 403 may only come from the role check, never confirm the object: the same 403 for a made-up id
            const made = await p.call(
              e.method,
              e.url(f).replace(/[a-z0-9]{10,}/i, 'doesnotexist00'),
              e.body?.(f),
              f.tokens[who],
            );
            expect(made.status).toBe(403);
          }
        }
      });
    }

    if (e?.kind === 'list') {
      it('never lists tenant A’s items to a sibling, a child or a pending street, even when asked by tenantId', async () => {
        for (const who of ['sibling', 'child', 'pending'] as const) {
          // a value of A appears as a whole JSON string (`"s001"`, not the prefix of a child's `"s001.c001"`)
          const leak = JSON.stringify(e.leak(f));
          const own = await p.call('GET', e.url, undefined, f.tokens[who]);
          expect(own.status).toBe(200);
          expect(JSON.stringify(own.body)).not.toContain(leak);
          const targeted = await p.call(
            'GET',
            `${e.url}${e.url.includes('?') ? '&' : '?'}tenantId=${f.a.tenantId}`,
            undefined,
            f.tokens[who],
          );
          // either refused, or the parameter is not honoured and the caller still sees only its own items
          if (targeted.status === 200) expect(JSON.stringify(targeted.body)).not.toContain(leak);
          else expect(targeted.status).toBe(404);
        }
      });
    }

    if (e?.kind === 'lookup') {
      it('finds tenant A’s item for A only: a sibling, a child, a pending street and the district get none', async () => {
        const leak = JSON.stringify(e.leak(f));
        const own = await p.call('POST', e.url, e.body(f), f.tokens.owner);
        expect(own.status).toBe(200);
        expect(JSON.stringify(own.body)).toContain(leak);
        for (const who of ['sibling', 'child', 'pending', 'parent'] as const) {
          const res = await p.call('POST', e.url, e.body(f), f.tokens[who]);
          expect(res.status, `${who} → ${res.status}`).toBe(200);
          expect(JSON.stringify(res.body)).not.toContain(leak);
        }
      });
    }

    if (e?.kind === 'batch') {
      it('acts on none of tenant A’s objects for a sibling, a child, a pending street or the parent: each item 404', async () => {
        for (const who of ['sibling', 'child', 'pending', 'parent'] as const) {
          const res = await p.call('POST', e.url, e.body(f), f.tokens[who]);
          expect(res.status, `${who} → ${res.status} ${JSON.stringify(res.body)}`).toBe(200);
          expect(res.body.results.map((r: { status: number }) => r.status)).toEqual(res.body.results.map(() => 404));
        }
      });
    }

    if (e?.kind === 'export') {
      it('exports tenant A’s items to A only, never to a sibling, a child or a pending street', async () => {
        const cells = async (token: string, url: string) => {
          const res = await p.app.request(url, { headers: { authorization: `Bearer ${token}` } });
          if (res.status !== 200) return { status: res.status, text: '' };
          const { default: Excel } = await import('exceljs');
          const book = new Excel.Workbook();
          await book.xlsx.load((await res.arrayBuffer()) as never);
          const out: string[] = [];
          book.worksheets[0]?.eachRow((row) => {
            row.eachCell((cell) => {
              out.push(String(cell.value));
            });
          });
          return { status: 200, text: out.join('\n') };
        };
        const leak = e.leak(f);
        expect((await cells(f.tokens.owner, e.url)).text).toContain(leak);
        for (const who of ['sibling', 'child', 'pending'] as const) {
          const own = await cells(f.tokens[who], e.url);
          expect(own.status).toBe(200);
          expect(own.text).not.toContain(leak);
          const targeted = await cells(f.tokens[who], `${e.url}?tenantId=${f.a.tenantId}`);
          if (targeted.status === 200) expect(targeted.text).not.toContain(leak);
          else expect(targeted.status).toBe(404);
        }
      });
    }

    if (e?.kind === 'create') {
      it('creates only in the caller’s own tenant', async () => {
        const res = await p.call('POST', e.url, e.body(f, 'sibling'), f.tokens.sibling);
        expect(res.status).toBeLessThan(500);
        const seen = await p.call('GET', e.verify(f), undefined, f.tokens.owner);
        if (res.status === 201 && res.body?.id) expect(JSON.stringify(seen.body)).not.toContain(res.body.id);
      });
    }
  },
);

describe('integration API keys of another tenant', () => {
  it('reach none of tenant A’s objects or list items on any route that takes a key', async () => {
    const scopes = ['cases:read', 'reports:create', 'webhooks:receive'];
    const key = (await p.call('POST', '/api/api-keys', { name: 'iso-sibling-key', scopes }, f.tokens.sibling)).body.key;
    const keyed = specs.filter((s) => s.apiKeyScope !== undefined);
    expect(keyed.length).toBeGreaterThan(3);
    for (const spec of keyed) {
      const e = expectations[`${spec.method} ${spec.path}`];
      if (e?.kind === 'object') {
        const res = await p.call(e.method, e.url(f), e.body?.(f), undefined, { 'x-api-key': key });
        expect(res.status, `${spec.method} ${spec.path}`).toBe(404);
      } else if (e?.kind === 'list') {
        const res = await p.call('GET', e.url, undefined, undefined, { 'x-api-key': key });
        expect(res.status, `${spec.method} ${spec.path}`).toBe(200);
        expect(JSON.stringify(res.body)).not.toContain(JSON.stringify(e.leak(f)));
      } else if (e?.kind === 'create') {
        const res = await p.call('POST', e.url, e.body(f, 'sibling'), undefined, { 'x-api-key': key });
        expect(res.status, `${spec.method} ${spec.path}`).toBeLessThan(500);
        const seen = await p.call('GET', e.verify(f), undefined, f.tokens.owner);
        if (res.body?.id) expect(JSON.stringify(seen.body)).not.toContain(res.body.id);
      } else {
        throw new Error(`${spec.method} ${spec.path} takes an API key: give it an object, list or create expectation`);
      }
    }
  });
});

describe('the parent district', () => {
  it('reads an approved street’s data but not a pending one’s', async () => {
    // A (iso-a) is standalone, so use the street approved under the district for the positive case
    const approvedStreet = await p.signup('iso-approved', 'street', 'iso-district');
    await p.call('POST', `/api/tenants/${approvedStreet.tenant.id}/approve`, {}, f.tokens.parent);
    const caseId = (await p.call('POST', '/api/cases', { description: '街道案件' }, approvedStreet.token)).body.id;
    expect((await p.call('GET', `/api/cases/${caseId}`, undefined, f.tokens.parent)).status).toBe(200);
    expect(
      (await p.call('GET', `/api/cases?tenantId=${approvedStreet.tenant.id}`, undefined, f.tokens.parent)).body.items,
    ).toHaveLength(1);
    // but may not act on it
    expect(
      (await p.call('POST', `/api/cases/${caseId}/actions/register`, { categoryCode: 'x' }, f.tokens.parent)).status,
    ).toBe(404);

    const pendingId = (await p.call('GET', '/api/me', undefined, f.tokens.pending)).body.tenant.id;
    const pendingCase = (await p.call('POST', '/api/cases', { description: '待批准' }, f.tokens.pending)).body.id;
    expect((await p.call('GET', `/api/cases/${pendingCase}`, undefined, f.tokens.parent)).status).toBe(404);
    expect((await p.call('GET', `/api/cases?tenantId=${pendingId}`, undefined, f.tokens.parent)).status).toBe(404);
    // and the street never sees up
    expect(
      (
        await p.call(
          'GET',
          `/api/tenants/${(await p.call('GET', '/api/me', undefined, f.tokens.parent)).body.tenant.id}`,
          undefined,
          approvedStreet.token,
        )
      ).status,
    ).toBe(404);
  });
});
