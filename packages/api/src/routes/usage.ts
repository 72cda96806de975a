import { TenantRepository, UsageRepository } from '@civicgrid/db';
import {
  isCalendarDate,
  NotFoundError,
  pathFromTenantId,
  planNames,
  planOf,
  shanghaiDate,
  shanghaiMonth,
  type TenantPath,
  ValidationError,
} from '@civicgrid/domain';
import type { Context } from 'hono';
import * as z from 'zod';
import { PLATFORM_PATH } from '../auth/tokens';
import type { AppDeps } from '../deps';
import { type AppEnv, claimsOf } from '../http/context';
import { param } from '../http/params';
import { tenantUsageSchema } from '../http/response-schemas';
import type { Route } from '../http/routes';
import { scopedTenantPath } from '../http/scope';
import { jsonBody, queryParams } from '../http/validate';
import { quotaGuardOf } from '../usage/quota';
import { activeSubtree, type UsageReportRow, usageCsv, usageRows } from '../usage/report';
import { tenantView } from './tenants';

const day = (name: string) => z.string().refine(isCalendarDate, { error: `${name} must be a date YYYY-MM-DD` });
const usageQuery = z.object({
  from: day('from').optional(),
  to: day('to').optional(),
  format: z.enum(['json', 'csv'], { error: 'format must be json or csv' }).default('json'),
  tenantId: z.string().max(40).optional(),
});
const planBody = z.object({ plan: z.enum(planNames, { error: `plan must be one of ${planNames.join(', ')}` }) });

const MAX_DAYS = 366;

/** Usage against the plan (tenant admins), the billing report (districts, the operator) and plan changes. */
export function registerUsageRoutes(route: Route, deps: AppDeps): void {
  const tenants = new TenantRepository(deps.store);
  const quota = quotaGuardOf(deps);

  route(
    {
      method: 'GET',
      path: '/api/usage',
      operationId: 'getUsage',
      response: tenantUsageSchema,
      isolation: 'tenant',
      permission: 'usage.read',
      summary: 'The tenant’s usage against its plan this month, and its (sub)tree’s usage over a period',
    },
    async (c) => {
      const q = queryParams(c, usageQuery);
      const { from, to } = periodOf(q, deps);
      const root = await usageRoot(c, deps, q.tenantId);
      const tenant = await tenants.get(root);
      if (!tenant) throw new NotFoundError('Tenant');
      const plan = await quota.planOf(root);
      const [reports, storageBytes, users, rows] = await Promise.all([
        quota.reportsThisMonth(root),
        quota.storedBytes(root),
        quota.activeUsers(root),
        activeSubtree(deps, root).then((list) => usageRows(deps, list, from, to)),
      ]);
      return c.json({
        tenantId: tenant.id,
        plan: planOf(tenant.plan),
        limits: plan?.limits,
        month: { month: shanghaiMonth(deps.clock()), reports, storageBytes, users },
        from,
        to,
        rows,
      });
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/usage/report',
      operationId: 'getUsageReport',
      isolation: 'tenant',
      permission: 'usage.read',
      summary: 'Usage of the tenant and its active subtree over a period (`format=csv` for Excel)',
    },
    async (c) => {
      const q = queryParams(c, usageQuery);
      const { from, to } = periodOf(q, deps);
      const root = await usageRoot(c, deps, q.tenantId);
      const list = await activeSubtree(deps, root);
      if (list.length === 0) throw new NotFoundError('Tenant');
      return report(c, q.format, from, to, await usageRows(deps, list, from, to));
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/admin/usage',
      operationId: 'getPlatformUsage',
      isolation: 'platform',
      permission: 'admin.usage',
      summary: 'Usage of every tenant over a period (platform admin; `format=csv` for Excel)',
    },
    async (c) => {
      const q = queryParams(c, usageQuery);
      const { from, to } = periodOf(q, deps);
      return report(c, q.format, from, to, await usageRows(deps, await tenants.listAll(), from, to));
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/admin/tenants/:id/plan',
      operationId: 'setTenantPlan',
      isolation: 'platform',
      permission: 'admin.tenants',
      summary: 'Move a tenant to another plan (platform admin)',
    },
    async (c) => {
      const path = pathFromTenantId(param(c, 'id', 'Tenant'));
      if (!path) throw new NotFoundError('Tenant');
      const { plan } = await jsonBody(c, planBody);
      const tenant = await new UsageRepository(deps.store).setPlan(path, plan);
      quota.forget(path);
      return c.json(tenantView(tenant));
    },
  );
}

/** The period: `from`/`to` as given, else the current +08:00 month up to today; at most a year. */
function periodOf(q: { from?: string; to?: string }, deps: AppDeps): { from: string; to: string } {
  const to = q.to ?? shanghaiDate(deps.clock());
  const from = q.from ?? `${to.slice(0, 7)}-01`;
  if (from > to) throw new ValidationError('from is after to', [{ path: 'from', message: 'must not be after to' }]);
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_DAYS) {
    throw new ValidationError('Period too long', [
      { path: 'from', message: `the period may span at most ${MAX_DAYS} days` },
    ]);
  }
  return { from, to };
}

/** The caller's tenant (or an active one below it); the platform operator, who has none, names any tenant. */
async function usageRoot(c: Context<AppEnv>, deps: AppDeps, tenantId?: string): Promise<TenantPath> {
  if (claimsOf(c).tenantPath !== PLATFORM_PATH) return scopedTenantPath(c, deps, tenantId);
  const path = tenantId ? pathFromTenantId(tenantId) : undefined;
  if (!path) throw new NotFoundError('Tenant');
  return path;
}

function report(c: Context<AppEnv>, format: 'json' | 'csv', from: string, to: string, rows: UsageReportRow[]) {
  if (format === 'json') return c.json({ from, to, rows });
  return c.body(usageCsv(rows), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="civicgrid-usage-${from}-${to}.csv"`,
  });
}
