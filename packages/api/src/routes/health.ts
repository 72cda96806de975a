import type { AppDeps } from '../deps';
import type { Route } from '../http/routes';

/** `GET /health`: 200 once every dependency answers, 503 naming the ones that do not. */
export function registerHealthRoutes(route: Route, deps: AppDeps): void {
  route(
    {
      method: 'GET',
      path: '/health',
      operationId: 'getHealth',
      isolation: 'public',
      summary: 'Readiness of store, files and workflow engine',
    },
    async (c) => {
      const entries = await Promise.all(
        Object.entries(deps.health).map(async ([name, probe]) => {
          try {
            await probe();
            return [name, 'ok'] as const;
          } catch {
            return [name, 'unavailable'] as const;
          }
        }),
      );
      const checks = Object.fromEntries(entries);
      const ok = entries.every(([, v]) => v === 'ok');
      return c.json({ status: ok ? 'ok' : 'degraded', checks }, ok ? 200 : 503);
    },
  );
}
