import { randomBytes } from 'node:crypto';
import { type DeliveryRecord, newId, pageLimit, type WebhookRecord } from '@civicgrid/db';
import {
  AppError,
  ConflictError,
  NotFoundError,
  ValidationError,
  webhookEventLabel,
  webhookEventTypes,
  webhookInputSchema,
} from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps, WebhookPort } from '../deps';
import { claimsOf } from '../http/context';
import { param } from '../http/params';
import type { Route } from '../http/routes';
import { jsonBody, queryParams } from '../http/validate';
import { kindsOf } from '../process/service';

/** A tenant keeps at most this many webhooks (each transition writes one outbox item per event, not per webhook). */
export const MAX_WEBHOOKS_PER_TENANT = 10;

const pageQuery = z.object({ cursor: z.string().max(2000).optional(), limit: z.string().max(4).optional() });

/** A webhook as the API shows it: never its secret. */
function view(hook: WebhookRecord) {
  const { secretSealed: _s, ...rest } = hook;
  return rest;
}

/** A delivery log entry as the API shows it: the event's id, type and time, not its data. */
function deliveryView(d: DeliveryRecord) {
  const { event, leaseUntil: _l, hookId: _h, ...rest } = d;
  return { ...rest, at: event.at };
}

/** `POST|GET|DELETE /api/webhooks`, the event catalogue and each webhook's delivery log (docs/api.md, "Webhooks"). */
export function registerWebhookRoutes(route: Route, deps: AppDeps): void {
  const port = (): WebhookPort => {
    if (!deps.webhooks) throw new AppError(503, 'webhooks_unavailable', 'Webhooks are not configured here');
    return deps.webhooks;
  };
  const catalogue = () => webhookEventTypes(kindsOf(deps));

  route(
    {
      method: 'GET',
      path: '/api/webhooks/events',
      isolation: 'tenant',
      permission: 'webhook.manage',
      operationId: 'listWebhookEventTypes',
      summary: 'The events a webhook may subscribe to',
    },
    (c) => {
      const kinds = kindsOf(deps);
      return c.json({
        items: catalogue().map((type) => {
          const label = webhookEventLabel(kinds, type);
          return label ? { type, label } : { type };
        }),
      });
    },
  );
  route(
    {
      method: 'POST',
      path: '/api/webhooks',
      isolation: 'tenant',
      permission: 'webhook.manage',
      operationId: 'createWebhook',
      summary: 'Register a webhook (the signing secret is shown once)',
      body: webhookInputSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, webhookInputSchema);
      const known = new Set(catalogue());
      const unknown = input.events.findIndex((e) => !known.has(e));
      if (unknown >= 0) {
        throw new ValidationError(`events.${unknown}: unknown event`, [
          { path: `events.${unknown}`, message: 'must be an event of GET /api/webhooks/events' },
        ]);
      }
      const refused = await port().policy.check(new URL(input.url));
      if (refused) throw new ValidationError(`url: ${refused}`, [{ path: 'url', message: refused }], 'url_refused');
      const repo = port().deliverer.repo;
      if ((await repo.list(claims.tenantPath)).length >= MAX_WEBHOOKS_PER_TENANT) {
        throw new ConflictError(`A tenant keeps at most ${MAX_WEBHOOKS_PER_TENANT} webhooks`, 'webhook_limit');
      }
      const now = deps.clock();
      const secret = input.secret ?? `whsec_${randomBytes(32).toString('base64url')}`;
      const hook: WebhookRecord = {
        id: newId(now),
        url: input.url,
        events: [...new Set(input.events)],
        ...(input.description ? { description: input.description } : {}),
        secretSealed: port().deliverer.seal(secret),
        createdAt: now.toISOString(),
        createdBy: claims.userId,
        version: 1,
      };
      await repo.create(claims.tenantPath, hook);
      port().changed(claims.tenantPath);
      return c.json({ ...view(hook), secret }, 201);
    },
  );
  route(
    {
      method: 'GET',
      path: '/api/webhooks',
      isolation: 'tenant',
      permission: 'webhook.manage',
      apiKeyScope: 'webhooks:receive',
      operationId: 'listWebhooks',
      summary: 'Webhooks of the tenant (without their secrets)',
    },
    async (c) => c.json({ items: (await port().deliverer.repo.list(claimsOf(c).tenantPath)).map(view) }),
  );
  route(
    {
      method: 'GET',
      path: '/api/webhooks/:id',
      isolation: 'tenant',
      permission: 'webhook.manage',
      apiKeyScope: 'webhooks:receive',
      operationId: 'getWebhook',
      summary: 'One webhook (without its secret)',
    },
    async (c) => {
      const hook = await port().deliverer.repo.get(claimsOf(c).tenantPath, param(c, 'id', 'Webhook'));
      if (!hook) throw new NotFoundError('Webhook');
      return c.json(view(hook));
    },
  );
  route(
    {
      method: 'DELETE',
      path: '/api/webhooks/:id',
      isolation: 'tenant',
      permission: 'webhook.manage',
      operationId: 'deleteWebhook',
      summary: 'Delete a webhook (its queued deliveries stop)',
    },
    async (c) => {
      const path = claimsOf(c).tenantPath;
      await port().deliverer.repo.delete(path, param(c, 'id', 'Webhook'));
      port().changed(path);
      return c.body(null, 204);
    },
  );
  route(
    {
      method: 'GET',
      path: '/api/webhooks/:id/deliveries',
      isolation: 'tenant',
      permission: 'webhook.manage',
      apiKeyScope: 'webhooks:receive',
      operationId: 'listWebhookDeliveries',
      summary: 'The delivery log of a webhook, newest first (status, tries, last answer)',
      query: pageQuery,
    },
    async (c) => {
      const path = claimsOf(c).tenantPath;
      const q = queryParams(c, pageQuery);
      const id = param(c, 'id', 'Webhook');
      const repo = port().deliverer.repo;
      if (!(await repo.get(path, id))) throw new NotFoundError('Webhook');
      const page = await repo.deliveries(path, id, { limit: pageLimit(q.limit), cursor: q.cursor });
      return c.json({ items: page.items.map(deliveryView), ...(page.cursor ? { cursor: page.cursor } : {}) });
    },
  );
}
