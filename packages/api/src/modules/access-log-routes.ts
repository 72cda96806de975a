import { AccessLog, pageLimit } from '@civicgrid/db';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import type { Route } from '../http/routes';
import { scopedTenantPath } from '../http/scope';
import { queryParams } from '../http/validate';

const logQuery = z.object({
  subject: z.string().max(100).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.string().optional(),
  tenantId: z.string().max(40).optional(),
});

/** The append-only access log of sensitive values (who revealed or exported what, when, why); read-only. */
export function registerAccessLogRoutes(route: Route, deps: AppDeps): void {
  const log = new AccessLog(deps.store, deps.config.cursorSecret);
  route(
    {
      method: 'GET',
      path: '/api/access-log',
      operationId: 'listAccessLog',
      isolation: 'tenant',
      permission: 'accessLog.read',
      summary: 'Who revealed or exported sensitive values, when and why; newest first, by subject',
      query: logQuery,
    },
    async (c) => {
      const q = queryParams(c, logQuery);
      const path = await scopedTenantPath(c, deps, q.tenantId);
      return c.json(await log.page(path, { subject: q.subject, limit: pageLimit(q.limit), cursor: q.cursor }));
    },
  );
}
