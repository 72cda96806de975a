import { isCalendarDate, scoreMetrics, shanghaiDate, ValidationError } from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import { withFieldKpis } from '../fieldwork/stats';
import { claimsOf } from '../http/context';
import { kpiReportSchema, rankingSchema } from '../http/response-schemas';
import type { Route } from '../http/routes';
import { scopedTenantPath } from '../http/scope';
import { jsonBody, queryParams } from '../http/validate';
import { buildBulletin, bulletinCsv } from '../stats/bulletin';
import { kpiSeries, kpiTable, rankRows, type ScoreWeights, saveWeights, weightsOf } from '../stats/kpi-rows';

const period = {
  from: z.string().refine(isCalendarDate, { error: 'from must be a date YYYY-MM-DD' }).optional(),
  to: z.string().refine(isCalendarDate, { error: 'to must be a date YYYY-MM-DD' }).optional(),
  tenantId: z.string().max(40).optional(),
};

const kpiQuery = z.object({
  ...period,
  groupBy: z
    .enum(['tenant', 'department', 'category', 'grid', 'user', 'day', 'month'], {
      error: 'groupBy must be tenant, department, category, grid, user, day or month',
    })
    .default('tenant'),
});

const rankingQuery = z.object({
  ...period,
  groupBy: z.enum(['tenant', 'department'], { error: 'groupBy must be tenant or department' }).default('tenant'),
});

const weightsSchema = z
  .object(
    Object.fromEntries(
      scoreMetrics.map((m) => [
        m,
        z
          .number({ error: `${m} must be a number` })
          .min(0)
          .max(100)
          .optional(),
      ]),
    ) as Record<(typeof scoreMetrics)[number], z.ZodOptional<z.ZodNumber>>,
  )
  .strict()
  .refine((w) => Object.values(w).some((v) => (v ?? 0) > 0), { error: 'at least one weight must be above 0' });

const MAX_DAYS = 366 * 2;

/** The period of a query: `to` defaults to today (China), `from` to the first of `to`'s month; 2 years at most. */
export function periodOf(deps: AppDeps, q: { from?: string | undefined; to?: string | undefined }) {
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

/** KPIs, rankings and score weights, computed from the counters written with each transition — never from cases. */
export function registerStatsRoutes(route: Route, deps: AppDeps): void {
  route(
    {
      method: 'GET',
      path: '/api/stats/kpis',
      operationId: 'getKpis',
      response: kpiReportSchema,
      isolation: 'tenant',
      permission: 'stats.read',
      summary:
        'KPIs over due cohorts (应结案, 结案率, 按期结案率, 按期处置率, 返工率, 满意率, …) by tenant, department, category, grid, user, day or month; every unit of the scope listed',
      query: kpiQuery,
    },
    async (c) => {
      const q = queryParams(c, kpiQuery);
      const { from, to } = periodOf(deps, q);
      const root = await scopedTenantPath(c, deps, q.tenantId);
      const rows =
        q.groupBy === 'day' || q.groupBy === 'month'
          ? await kpiSeries(deps, root, from, to, q.groupBy)
          : await kpiTable(deps, root, q.groupBy, from, to);
      // per worker: the field KPIs (上报数, 有效上报率, 按期核查率, 巡查时长, 走访数, tasks on time)
      if (q.groupBy === 'user')
        return c.json({ from, to, groupBy: q.groupBy, rows: await withFieldKpis(deps, root, rows) });
      return c.json({ from, to, groupBy: q.groupBy, rows });
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/stats/ranking',
      operationId: 'getRanking',
      response: rankingSchema,
      isolation: 'tenant',
      permission: 'stats.read',
      summary: 'Units ranked by the tenant’s weighted composite score (综合指标值), with their KPIs',
      query: rankingQuery,
    },
    async (c) => {
      const q = queryParams(c, rankingQuery);
      const { from, to } = periodOf(deps, q);
      const root = await scopedTenantPath(c, deps, q.tenantId);
      const [rows, weights] = await Promise.all([kpiTable(deps, root, q.groupBy, from, to), weightsOf(deps, root)]);
      return c.json({ from, to, groupBy: q.groupBy, weights, rows: rankRows(rows, weights) });
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/stats/weights',
      operationId: 'getScoreWeights',
      isolation: 'tenant',
      permission: 'stats.read',
      summary: 'The tenant’s composite-score weights (defaults when never set)',
    },
    async (c) => c.json({ weights: await weightsOf(deps, claimsOf(c).tenantPath) }),
  );

  route(
    {
      method: 'PUT',
      path: '/api/stats/weights',
      operationId: 'setScoreWeights',
      isolation: 'tenant',
      permission: 'kpi.configure',
      summary: 'Set the tenant’s composite-score weights (metrics left out weigh 0)',
      body: weightsSchema,
    },
    async (c) => {
      const body = await jsonBody(c, weightsSchema);
      const weights = Object.fromEntries(scoreMetrics.map((m) => [m, body[m] ?? 0])) as ScoreWeights;
      await saveWeights(deps, claimsOf(c).tenantPath, weights);
      return c.json({ weights });
    },
  );
}

const bulletinQuery = z.object({
  format: z.enum(['json', 'pdf', 'csv', 'xlsx'], { error: 'format must be json, pdf, csv or xlsx' }).default('json'),
  tenantId: z.string().max(40).optional(),
});

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The monthly bulletin (月度通报): JSON, printable PDF (CJK font embedded), CSV and xlsx. */
export function registerBulletinRoutes(route: Route, deps: AppDeps): void {
  route(
    {
      method: 'GET',
      path: '/api/bulletins/:month',
      operationId: 'getMonthlyBulletin',
      isolation: 'tenant',
      permission: 'stats.read',
      summary: 'The monthly bulletin (月度通报): ranks, change from last month, 督办 counts, worst overdue cases',
      query: bulletinQuery,
    },
    async (c) => {
      const month = c.req.param('month') ?? '';
      if (!MONTH.test(month)) {
        throw new ValidationError('Bad month', [{ path: 'month', message: 'must be a month YYYY-MM' }]);
      }
      const q = queryParams(c, bulletinQuery);
      const root = await scopedTenantPath(c, deps, q.tenantId);
      const bulletin = await buildBulletin(deps, root, month);
      const file = `bulletin-${month}`;
      if (q.format === 'csv') {
        return c.body(bulletinCsv(bulletin), 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${file}.csv"`,
        });
      }
      if (q.format === 'pdf' || q.format === 'xlsx') {
        const { bulletinPdf, bulletinXlsx } = await import('../stats/bulletin-documents');
        const bytes = q.format === 'pdf' ? await bulletinPdf(bulletin) : await bulletinXlsx(bulletin);
        return c.body(new Uint8Array(bytes), 200, {
          'Content-Type':
            q.format === 'pdf'
              ? 'application/pdf'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'Content-Disposition': `attachment; filename="${file}.${q.format}"`,
        });
      }
      return c.json(bulletin);
    },
  );
}
