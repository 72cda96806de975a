import { randomUUID } from 'node:crypto';
import { NotFoundError } from '@civicgrid/domain';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { SessionGuard } from './auth/session';
import type { AppDeps } from './deps';
import type { AppEnv } from './http/context';
import { errorBody, handleError } from './http/errors';
import { openApiDocument } from './http/openapi';
import { createRouter, type Route, routeSpecs } from './http/routes';
import { moduleRoutes } from './modules';
import { registerAuthRoutes } from './routes/auth';
import { registerCaseRoutes } from './routes/cases';
import { registerCitizenChannelRoutes } from './routes/citizen-channel';
import { registerConfigRoutes } from './routes/config';
import { registerDocsRoutes } from './routes/docs';
import { registerHealthRoutes } from './routes/health';
import { registerOpen311Routes } from './routes/open311';
import { registerPublicRoutes } from './routes/public';
import { registerRoutingRoutes } from './routes/routing';
import { registerStatsRoutes } from './routes/stats';
import { registerTenantRoutes } from './routes/tenants';
import { registerUsageRoutes } from './routes/usage';
import { registerUserRoutes } from './routes/users';
import { meterRequests } from './usage/middleware';

/** A module of routes: registers its routes on the shared registrar. */
export type RouteModule = (route: Route, deps: AppDeps) => void;

const coreModules: RouteModule[] = [
  registerHealthRoutes,
  registerAuthRoutes,
  registerTenantRoutes,
  registerUserRoutes,
  registerConfigRoutes,
  registerCaseRoutes,
  registerStatsRoutes,
  registerPublicRoutes,
  registerCitizenChannelRoutes,
  registerOpen311Routes,
  registerUsageRoutes,
  registerRoutingRoutes,
  moduleRoutes(),
  registerDocsRoutes,
];

/** Build the HTTP app (the same on the embedded runtime and on Lambda). Extra route modules are appended. */
export function createApp(deps: AppDeps, extraModules: RouteModule[] = []): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const session = new SessionGuard(deps.store);

  app.use('*', async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 64) || randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    await next();
    c.header('X-Request-Id', requestId);
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
  app.use('*', secureHeaders());
  if (deps.config.corsOrigins.length > 0) {
    app.use(
      '/api/*',
      cors({ origin: deps.config.corsOrigins, allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'] }),
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

  const document = openApiDocument(routeSpecs(app), '0.1.0');
  app.get('/openapi.json', (c) => c.json(document));
  app.notFound((c) => {
    const err = new NotFoundError('Route');
    return c.json(errorBody(err.code, err.message, [], c.get('requestId')), 404);
  });
  app.onError((error, c) => handleError(error, c, deps.log));
  return app;
}
