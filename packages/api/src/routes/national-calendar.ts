import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll, withPlatformCredentials } from '@civicgrid/db';
import { type NationalYear, NotFoundError, nationalYearSchema } from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { param } from '../http/params';
import type { Route } from '../http/routes';
import { jsonBody } from '../http/validate';
import { forgetCalendars } from './config';

const PK = '_platform/CALENDAR';
const CACHE_MS = 5_000;
const caches = new WeakMap<AppDeps, { years: NationalYear[]; at: number }>();

/**
 * The national holiday tables the platform operator published (one item per year under `_platform/`, read with
 * the platform's own credentials; reused for a few seconds, forgotten at once by a publication here).
 */
export async function nationalYears(deps: AppDeps): Promise<NationalYear[]> {
  const hit = caches.get(deps);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.years;
  const items = await withPlatformCredentials(() =>
    queryAll(deps.store, { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': PK } }),
  );
  const years = items.map((i) => ({
    year: Number(i.year),
    holidays: (i.holidays as string[]) ?? [],
    makeupWorkdays: (i.makeupWorkdays as string[]) ?? [],
  }));
  caches.set(deps, { years, at: Date.now() });
  return years;
}

/** The platform operator publishes the national calendar of a year for every tenant (their overrides stay). */
export function registerNationalCalendarRoutes(route: Route, deps: AppDeps): void {
  route(
    {
      method: 'GET',
      path: '/api/admin/calendar',
      operationId: 'listNationalCalendars',
      isolation: 'platform',
      permission: 'admin.calendar',
      summary: 'The national calendars published (platform admin)',
    },
    async (c) => c.json({ items: await nationalYears(deps) }),
  );

  route(
    {
      method: 'PUT',
      path: '/api/admin/calendar/:year',
      operationId: 'publishNationalCalendar',
      isolation: 'platform',
      permission: 'admin.calendar',
      summary: 'Publish the national holidays and make-up days of a year (platform admin)',
    },
    async (c) => {
      const raw = param(c, 'year', 'Year');
      const year = Number(raw);
      if (!/^\d{4}$/.test(raw) || year < 2000 || year > 2100) throw new NotFoundError('Year');
      const input = await jsonBody(c, nationalYearSchema(year));
      const item = { PK, SK: String(year), year, ...input, publishedAt: deps.clock().toISOString() };
      await withPlatformCredentials(() =>
        deps.store.doc.send(new PutCommand({ TableName: deps.store.tableName, Item: item })),
      );
      caches.delete(deps);
      forgetCalendars(deps);
      return c.json({ year, ...input });
    },
  );
}
