import { randomUUID } from 'node:crypto';
import { NotFoundError } from '@civicgrid/domain';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { SessionGuard } from './auth/session';
import type { AppDeps } from './deps';
import type { AppEnv } from './http/context';
import { errorBody, handleError } from './http/errors';
import { malformedUrl } from './http/malformed-url';
import { API_VERSION, openApiDocument } from './http/openapi';
import { originGuard } from './http/origin';
import { createRouter, type Route, routeSpecs } from './http/routes';
import { API_CONTENT_SECURITY_POLICY, applySecurityHeaders } from './http/security-headers';
import { moduleRoutes } from './modules';
import { registerNotificationRoutes } from './notifications/routes';
import { registerAuthRoutes } from './routes/auth';
import { registerCaseRoutes } from './routes/cases';
import { registerCategoryLibraryRoutes } from './routes/category-library';
import { registerCitizenChannelRoutes } from './routes/citizen-channel';
import { registerConfigRoutes } from './routes/config';
import { registerDocsRoutes } from './routes/docs';
import { registerHealthRoutes } from './routes/health';
import { registerNationalCalendarRoutes } from './routes/national-calendar';
import { registerOnboardingRoutes } from './routes/onboarding';
import { registerOpen311Routes } from './routes/open311';
import { registerPublicRoutes } from './routes/public';
import { registerRoutingRoutes } from './routes/routing';
import { registerBulletinRoutes, registerStatsRoutes } from './routes/stats';
import { registerTenantRoutes } from './routes/tenants';
import { registerUsageRoutes } from './routes/usage';
import { registerUserRoutes } from './routes/users';
import { meterRequests } from './usage/middleware';
import { registerWebhookRoutes } from './webhooks/routes';

/** A module of routes: registers its routes on the shared registrar. */
export type RouteModule = (route: Route, deps: AppDeps) => void;

const coreModules: RouteModule[] = [
  registerHealthRoutes,
  registerAuthRoutes,
  registerTenantRoutes,
  registerUserRoutes,
  registerOnboardingRoutes,
  registerConfigRoutes,
  registerCategoryLibraryRoutes,
  registerCaseRoutes,
  registerNotificationRoutes,
  registerStatsRoutes,
  registerBulletinRoutes,
  registerPublicRoutes,
  registerCitizenChannelRoutes,
  registerOpen311Routes,
  registerUsageRoutes,
  registerRoutingRoutes,
  registerNationalCalendarRoutes,
  registerWebhookRoutes,
  moduleRoutes(),
  registerDocsRoutes,
];

/** Build the HTTP app (the same on the embedded runtime and on Lambda). Extra route modules are appended. */
export function createApp(deps: AppDeps, extraModules: RouteModule[] = []): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const session = new SessionGuard(deps.store, () => deps.clock().getTime());

  // Outermost, so nothing re-creates the response after it: the security headers reach every answer, errors and
  // 404s included. Set on the response in place — `c.header()` on a finished response rebuilds it from its
  // original init and, behind @hono/node-server, drops headers set since (that is how they were lost on `npm start`).
  app.use('*', async (c, next) => {
    await next();
    const secured = applySecurityHeaders(c.res, API_CONTENT_SECURITY_POLICY);
    if (secured !== c.res) c.res = secured;
  });
  app.use('*', async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 64) || randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    await next();
    c.res.headers.set('X-Request-Id', requestId);
    deps.log({
      level: 'INFO',
      message: 'request',
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      tenantId: c.get('claims')?.tenantId,
    });
  });
  app.use('*', meterRequests(deps)); // usage per tenant, counted in memory (usage/meter.ts)
  app.use('*', malformedUrl()); // undecodable %-escapes in the path or query → 400, before any route reads them
  // behind CloudFront: only requests carrying the distribution's origin secret, viewer address for rate limits
  app.use('*', originGuard(deps.config.originSecret));
  if (deps.config.corsOrigins.length > 0) {
    app.use(
      '/api/*',
      cors({
        origin: deps.config.corsOrigins,
        allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Api-Key'],
      }),
    );
    app.use('/public/*', cors({ origin: deps.config.corsOrigins, allowHeaders: ['Content-Type', 'Idempotency-Key'] }));
  }
  app.use(
    '*',
    bodyLimit({
      maxSize: deps.config.maxBodyBytes,
      onError: (c) =>
        c.json(
          errorBody('payload_too_large', `Body larger than ${deps.config.maxBodyBytes} bytes`, [], c.get('requestId')),
          413,
        ),
    }),
  );

  const route = createRouter(app, deps, session);
  for (const register of [...coreModules, ...extraModules]) register(route, deps);

  // built on first request, not at start: turning every zod schema into JSON Schema is cold-start time a Lambda
  // instance would pay on every request path (P2)
  let document: ReturnType<typeof openApiDocument> | undefined;
  app.get('/openapi.json', (c) => {
    document ??= openApiDocument(routeSpecs(app), API_VERSION);
    return c.json(document);
  });
  app.notFound((c) => {
    const err = new NotFoundError('Route');
    return c.json(errorBody(err.code, err.message, [], c.get('requestId')), 404);
  });
  app.onError((error, c) => handleError(error, c, deps.log));
  return app;
}
