import { CollectionRepository } from '@civicgrid/db';
import { categoryCodeSchema, gridCodeSchema, NotFoundError, type TenantPath, ValidationError } from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import { param } from '../http/params';
import { routingRuleListSchema, routingRuleSchema } from '../http/response-schemas';
import type { Route } from '../http/routes';
import { jsonBody } from '../http/validate';
import { thingMaintainer } from '../things/service';
import { categoriesOf, departmentsOf, gridsOf } from './config';

/**
 * A routing rule: in this grid, cases of this category go to this department instead of the category's
 * responsible department (e.g. the property office of one estate). Key `<gridCode>#<categoryCode>`.
 */
export interface RoutingRule {
  gridCode: string;
  categoryCode: string;
  departmentId: string;
  version: number;
  createdAt: string;
}

const ruleInput = z.object({
  gridCode: gridCodeSchema,
  categoryCode: categoryCodeSchema,
  departmentId: z.string().min(1).max(64),
});

const rulesOf = (deps: AppDeps) => new CollectionRepository<RoutingRule>(deps.store, 'ROUTES', 'Routing rule');

/**
 * The department a registered case goes to by default: the maintaining department of the 部件 the case names,
 * else the grid × category rule when one exists, else the category's responsible department. Undefined when the
 * case has neither a maintained thing nor a category yet.
 */
export async function defaultDepartment(
  deps: AppDeps,
  path: TenantPath,
  c: { categoryCode?: string; gridCode?: string; thingId?: string },
) {
  const maintainer = c.thingId ? await thingMaintainer(deps, path, c.thingId) : undefined;
  if (maintainer) return maintainer;
  if (!c.categoryCode) return undefined;
  if (c.gridCode) {
    const rule = await rulesOf(deps).get(path, `${c.gridCode}#${c.categoryCode}`);
    if (rule) return rule.departmentId;
  }
  return (await categoriesOf(deps).get(path, c.categoryCode))?.departmentId;
}

/** Grid × category routing rules of a tenant. */
export function registerRoutingRoutes(route: Route, deps: AppDeps): void {
  const rules = rulesOf(deps);

  route(
    {
      method: 'GET',
      path: '/api/routing-rules',
      operationId: 'listRoutingRules',
      response: routingRuleListSchema,
      isolation: 'tenant',
      permission: 'category.read',
      summary: 'Grid × category routing rules',
    },
    async (c) => c.json({ items: await rules.list(claimsOf(c).tenantPath) }),
  );

  route(
    {
      method: 'POST',
      path: '/api/routing-rules',
      operationId: 'createRoutingRule',
      response: routingRuleSchema,
      isolation: 'tenant',
      permission: 'category.manage',
      summary: 'Route a category in a grid to a department',
      body: ruleInput,
    },
    async (c) => {
      const path = claimsOf(c).tenantPath;
      const input = await jsonBody(c, ruleInput);
      const [grid, category, dept] = await Promise.all([
        gridsOf(deps).get(path, input.gridCode),
        categoriesOf(deps).get(path, input.categoryCode),
        departmentsOf(deps).get(path, input.departmentId),
      ]);
      const missing = [
        ...(grid ? [] : [{ path: 'gridCode', message: 'must name a grid of this tenant' }]),
        ...(category ? [] : [{ path: 'categoryCode', message: 'must name a category of this tenant' }]),
        ...(dept ? [] : [{ path: 'departmentId', message: 'must name a department of this tenant' }]),
      ];
      if (missing.length > 0) throw new ValidationError('Unknown references', missing);
      const rule: RoutingRule = { ...input, version: 1, createdAt: deps.clock().toISOString() };
      return c.json(await rules.create(path, `${input.gridCode}#${input.categoryCode}`, rule, 'gridCode'), 201);
    },
  );

  route(
    {
      method: 'DELETE',
      path: '/api/routing-rules/:id',
      operationId: 'deleteRoutingRule',
      isolation: 'tenant',
      permission: 'category.manage',
      summary: 'Remove a routing rule (`<gridCode>#<categoryCode>`)',
    },
    async (c) => {
      await rules.remove(claimsOf(c).tenantPath, ruleId(param(c, 'id', 'Routing rule')));
      return c.body(null, 204);
    },
  );
}

/** The rule key from the URL (`<gridCode>#<categoryCode>`, URL-encoded); a malformed escape is a 404, not a 500. */
function ruleId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new NotFoundError('Routing rule');
  }
}
