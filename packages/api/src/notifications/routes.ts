import { NotificationRepository, pageLimit } from '@civicgrid/db';
import { NotFoundError } from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import { param } from '../http/params';
import type { Route } from '../http/routes';
import { queryParams } from '../http/validate';

const pageQuery = z.object({ cursor: z.string().max(2000).optional(), limit: z.string().optional() });

/** The bell: the caller's own notifications of new work (newest first, with the unread count) and read marks. */
export function registerNotificationRoutes(route: Route, deps: AppDeps): void {
  const repo = new NotificationRepository(deps.store, deps.config.cursorSecret);

  route(
    {
      method: 'GET',
      path: '/api/notifications',
      operationId: 'listNotifications',
      isolation: 'self',
      summary: 'The caller’s notifications of new work, newest first, with the unread count',
      query: pageQuery,
    },
    async (c) => {
      const claims = claimsOf(c);
      const q = queryParams(c, pageQuery);
      return c.json(await repo.page(claims.tenantPath, claims.userId, pageLimit(q.limit), q.cursor));
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/notifications/read-all',
      operationId: 'markAllNotificationsRead',
      isolation: 'self',
      summary: 'Mark every notification of the caller read',
    },
    async (c) => {
      const claims = claimsOf(c);
      await repo.markAllRead(claims.tenantPath, claims.userId, deps.clock());
      return c.json({ unread: 0 });
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/notifications/:id/read',
      operationId: 'markNotificationRead',
      isolation: 'self',
      summary: 'Mark one of the caller’s notifications read (another user’s is a 404)',
    },
    async (c) => {
      const claims = claimsOf(c);
      const id = param(c, 'id', 'Notification');
      if (!/^[0-9a-z]{8,40}$/.test(id)) throw new NotFoundError('Notification');
      await repo.markRead(claims.tenantPath, claims.userId, id);
      return c.json({ id, read: true });
    },
  );
}
