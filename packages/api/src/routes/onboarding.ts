import { CursorCodec, readOnboardingFacts, TenantRepository } from '@civicgrid/db';
import { NotFoundError, shanghaiDate } from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import type { Route } from '../http/routes';
import { queryParams } from '../http/validate';

const districtsQuery = z.object({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int({ error: 'limit must be a whole number' })
    .min(1, { error: 'limit must be at least 1' })
    .max(100, { error: 'limit must be at most 100' })
    .default(50),
});

/** The checklist a new office follows, in order; each step names the console page where it is done. */
export const ONBOARDING_STEPS = ['departments', 'categories', 'grids', 'users', 'share'] as const;

/** A new office's way in: the districts it may join at sign-up, and its set-up checklist afterwards. */
export function registerOnboardingRoutes(route: Route, deps: AppDeps): void {
  const tenants = new TenantRepository(deps.store);
  const cursors = new CursorCodec(deps.config.cursorSecret);

  route(
    {
      method: 'GET',
      path: '/api/signup/districts',
      operationId: 'listSignupDistricts',
      isolation: 'public',
      summary: 'Active districts a street may name as its parent at sign-up (name and slug only), a page at a time',
      query: districtsQuery,
    },
    async (c) => {
      const q = queryParams(c, districtsQuery);
      const page = await tenants.listDistricts(
        q.limit,
        cursors.decode(q.cursor, (k) => k.PK === '_platform/DISTRICTS'),
      );
      const items = page.items.filter((t) => t.status === 'active').map((t) => ({ slug: t.slug, name: t.name }));
      const cursor = cursors.encode(page.lastKey);
      return c.json({ items, ...(cursor ? { cursor } : {}) });
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/onboarding',
      operationId: 'getOnboardingChecklist',
      isolation: 'tenant',
      permission: 'user.manage',
      summary: 'The set-up checklist of the caller’s office, with each step done or not from its real data',
    },
    async (c) => {
      const path = claimsOf(c).tenantPath;
      const tenant = await tenants.get(path);
      if (!tenant) throw new NotFoundError('Tenant');
      const year = Number(shanghaiDate(deps.clock()).slice(0, 4));
      const facts = await readOnboardingFacts(deps.store, path, year);
      const done: Record<(typeof ONBOARDING_STEPS)[number], boolean> = {
        departments: facts.departments,
        categories: facts.categories,
        grids: facts.grids,
        users: facts.users,
        // the citizen link has been shared once the first report has come in
        share: facts.reports,
      };
      const steps = ONBOARDING_STEPS.map((key) => ({ key, done: done[key] }));
      return c.json({
        tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, status: tenant.status, level: tenant.level },
        steps,
        done: steps.filter((s) => s.done).length,
        total: steps.length,
        complete: steps.every((s) => s.done),
      });
    },
  );
}
