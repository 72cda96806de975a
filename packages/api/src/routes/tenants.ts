import { type TenantRecord, TenantRepository, type TenantStatus, withPlatformCredentials } from '@civicgrid/db';
import {
  communitySignupSchema,
  divisionCodeProblem,
  ForbiddenError,
  isWithin,
  NotFoundError,
  parentOf,
  pathFromTenantId,
  type TenantPath,
  ValidationError,
} from '@civicgrid/domain';
import * as z from 'zod';
import { forgetSessions } from '../auth/session';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import { param } from '../http/params';
import { tenantListSchema, tenantSchema } from '../http/response-schemas';
import type { Route } from '../http/routes';
import { jsonBody } from '../http/validate';

/** A tenant as the API shows it. */
export function tenantView(t: TenantRecord) {
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    path: t.path,
    level: t.level,
    status: t.status,
    parentId: t.parentPath ? t.parentPath.slice(0, -1).split('/').join('.') : undefined,
    plan: t.plan,
    createdAt: t.createdAt,
    divisionCode: t.divisionCode,
  };
}

const divisionCodeBody = z.object({
  divisionCode: z.string({ error: 'divisionCode is required' }).max(12, { error: 'divisionCode: at most 12 digits' }),
});

/** The tenant hierarchy: a tenant and its subtree, communities, approval of streets. */
export function registerTenantRoutes(route: Route, deps: AppDeps): void {
  const tenants = new TenantRepository(deps.store);

  route(
    {
      method: 'GET',
      path: '/api/tenants',
      operationId: 'listTenants',
      response: tenantListSchema,
      isolation: 'tenant',
      permission: 'tenant.read',
      summary: 'The caller’s tenant and its subtree',
    },
    async (c) => {
      const own = claimsOf(c).tenantPath;
      const [self, below] = await Promise.all([tenants.get(own), tenants.listSubtree(own)]);
      const items = [self, ...below].filter((t): t is TenantRecord => t !== undefined);
      return c.json({ items: items.map(tenantView) });
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/tenants',
      operationId: 'createChildTenant',
      response: tenantSchema,
      isolation: 'tenant',
      permission: 'tenant.createChild',
      summary: 'A street/town admin creates a community below it',
      body: communitySignupSchema,
    },
    async (c) => {
      const own = claimsOf(c).tenantPath;
      const input = await jsonBody(c, communitySignupSchema);
      const self = await tenants.get(own);
      if (self?.level !== 'street') {
        throw new ForbiddenError('Only a street/town office creates communities', 'wrong_level');
      }
      // a street waiting for its district's approval sets itself up, but opens no doors below it
      if (self.status !== 'active') {
        throw new ForbiddenError('A tenant awaiting approval cannot create communities yet', 'tenant_pending');
      }
      // platform credentials: the transaction also writes the slug registry, the platform tenant list and the
      // subtree index of every ancestor — keys outside the street's own path
      const tenant = await withPlatformCredentials(() =>
        tenants.create(
          { name: input.name, slug: input.slug, level: 'community', parentPath: own, status: 'active' },
          deps.clock(),
        ),
      );
      return c.json(tenantView(tenant), 201);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/tenants/:id',
      operationId: 'getTenant',
      response: tenantSchema,
      isolation: 'tenant',
      permission: 'tenant.read',
      summary: 'One tenant of the subtree',
    },
    async (c) => {
      const own = claimsOf(c).tenantPath;
      const path = pathFromTenantId(param(c, 'id'));
      if (!path || !isWithin(path, own)) throw new NotFoundError('Tenant');
      const tenant = await tenants.get(path);
      if (!tenant) throw new NotFoundError('Tenant');
      return c.json(tenantView(tenant));
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/tenants/:id/approve',
      operationId: 'approveTenant',
      response: tenantSchema,
      isolation: 'tenant',
      permission: 'tenant.approve',
      summary: 'A district admin approves a street that named it',
    },
    async (c) => {
      const own = claimsOf(c).tenantPath;
      const path = pathFromTenantId(param(c, 'id'));
      // only the direct parent approves; anyone else must not learn the tenant exists
      if (!path || parentOf(path) !== own) throw new NotFoundError('Tenant');
      const current = await tenants.get(path);
      if (!current) throw new NotFoundError('Tenant');
      const tenant = await tenants.setStatus(path, ['pending'], 'active');
      forgetSessions(deps.store);
      return c.json(tenantView(tenant));
    },
  );

  route(
    {
      method: 'PUT',
      path: '/api/tenants/:id/division-code',
      operationId: 'setTenantDivisionCode',
      response: tenantSchema,
      isolation: 'tenant',
      permission: 'tenant.settings',
      summary: 'Set the division code (GB/T 2260 county + street + community) that prefixes the grid codes',
      body: divisionCodeBody,
    },
    async (c) => {
      const own = claimsOf(c).tenantPath;
      const path = pathFromTenantId(param(c, 'id'));
      // the tenant itself, or a street for its communities
      if (!path || !isWithin(path, own)) throw new NotFoundError('Tenant');
      const { divisionCode } = await jsonBody(c, divisionCodeBody);
      const lineage = await tenants.lineage(path);
      const tenant = lineage.at(-1);
      if (tenant?.path !== path) throw new NotFoundError('Tenant');
      const parent = lineage.at(-2);
      const parentCode = parent && parent.path === parentOf(path) ? parent.divisionCode : undefined;
      const problem = divisionCodeProblem(tenant.level, divisionCode, parentCode);
      if (problem) {
        throw new ValidationError(
          'Bad division code',
          [{ path: 'divisionCode', message: problem }],
          'invalid_division_code',
        );
      }
      if (tenant.divisionCode === divisionCode) return c.json(tenantView(tenant));
      // the registry of codes is platform-wide
      const saved = await withPlatformCredentials(() => tenants.setDivisionCode(tenant, divisionCode));
      return c.json(tenantView(saved));
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/admin/tenants',
      operationId: 'listAllTenants',
      response: tenantListSchema,
      isolation: 'platform',
      permission: 'admin.tenants',
      summary: 'Every tenant (platform admin)',
    },
    async (c) => {
      const all = await tenants.listAll();
      return c.json({ items: all.map(tenantView) });
    },
  );

  // reactivation restores what the suspension interrupted: a street suspended while pending is pending again
  const transitions: [string, TenantStatus[], (t: TenantRecord) => TenantStatus][] = [
    ['suspend', ['active', 'pending'], () => 'suspended'],
    ['reactivate', ['suspended'], (t) => t.suspendedFrom ?? 'active'],
  ];
  for (const [action, from, to] of transitions) {
    route(
      {
        method: 'POST',
        path: `/api/admin/tenants/:id/${action}`,
        operationId: `${action}Tenant`,
        isolation: 'platform',
        permission: 'admin.tenants',
        summary: `${action} a tenant (platform admin)`,
      },
      async (c) => {
        const path = pathFromTenantId(param(c, 'id'));
        const current = path ? await tenants.get(path) : undefined;
        if (!path || !current) throw new NotFoundError('Tenant');
        const tenant = await tenants.setStatus(path as TenantPath, [...from], to(current));
        forgetSessions(deps.store); // the subtree's sessions follow at once in this process
        return c.json(tenantView(tenant));
      },
    );
  }
}
