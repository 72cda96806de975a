import { keys, partitionItems, readQueueCounts, type StoredCase, UserRepository } from '@civicgrid/db';
import {
  type ActionName,
  AppError,
  type CaseState,
  NotFoundError,
  type TenantPath,
  ValidationError,
} from '@civicgrid/domain';
import type { Context } from 'hono';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import { type AppEnv, claimsOf } from '../http/context';
import { param } from '../http/params';
import type { Route } from '../http/routes';
import { jsonBody, queryParams } from '../http/validate';
import { chineseDate, documentPdf } from '../process/documents';
import { caseSummary, type listQuery } from './cases';

/** What the case routes lend the working tools (so a bulk action or an export is the same code as one request). */
export interface CaseToolHelpers {
  listPage(c: Context<AppEnv>, q: z.infer<typeof listQuery>): Promise<{ items: CaseState[]; cursor?: string }>;
  actOn(
    c: Context<AppEnv>,
    id: string,
    action: ActionName,
    body: Record<string, unknown>,
    version?: number,
  ): Promise<CaseState>;
  locate(c: Context<AppEnv>, id: string): Promise<{ path: TenantPath; stored: StoredCase }>;
  listQuery: typeof listQuery;
}

/** Bulk actions the case list offers: each item goes through the one-case action with its own checks. */
const BULK_ACTIONS = ['dispatch', 'close'] as const;
const MAX_BULK = 50;
/** The export of a filtered list reads its pages one after another, at most this many rows. */
export const MAX_EXPORT_ROWS = 2000;

const bulkSchema = z
  .object({
    items: z
      .array(
        z.object({
          id: z.string().min(1).max(120),
          version: z.number().int().positive({ error: 'version must be a positive integer' }).optional(),
        }),
      )
      .min(1, { error: 'name at least one case' })
      .max(MAX_BULK, { error: `at most ${MAX_BULK} cases at once` }),
  })
  .loose();

/** 交办单 (a dispatched case's order) and 结案单 (a closed case's record). */
const documentKinds = { dispatch: '交办单', close: '结案单' } as const;

/** Worklist counts, bulk actions, the list's spreadsheet export and the printed 交办单 / 结案单. */
export function registerCaseToolRoutes(route: Route, deps: AppDeps, helpers: CaseToolHelpers): void {
  const users = new UserRepository(deps.store);

  route(
    {
      method: 'GET',
      path: '/api/worklists/counts',
      operationId: 'getWorklistCounts',
      isolation: 'tenant',
      permission: 'case.read',
      summary: 'The numbers on the workbench tabs: open cases by step, overdue, supervised, pending extensions',
    },
    async (c) => {
      const claims = claimsOf(c);
      const departmentOnly =
        claims.roles.includes('department') &&
        !claims.roles.some((r) => r === 'tenant_admin' || r === 'dispatcher' || r === 'leader');
      const departmentId = departmentOnly
        ? ((await users.get(claims.tenantPath, claims.userId))?.departmentId ?? '-')
        : undefined;
      return c.json(await readQueueCounts(deps.store, claims.tenantPath, departmentId));
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/cases-bulk/:action',
      operationId: 'actOnCasesInBulk',
      isolation: 'tenant',
      permission: 'case.read',
      summary: 'Dispatch or close several cases: each through its own action and checks, outcomes per item',
      body: bulkSchema,
    },
    async (c) => {
      const action = param(c, 'action', 'Action');
      if (!(BULK_ACTIONS as readonly string[]).includes(action)) throw new NotFoundError('Action');
      const { items, ...rest } = await jsonBody(c, bulkSchema);
      const body = rest as Record<string, unknown>;
      const results = [];
      // one after another: each is a conditional transition of its own; a failure does not stop the rest
      for (const item of items) {
        try {
          const next = await helpers.actOn(c, item.id, action as ActionName, body, item.version);
          results.push({ id: item.id, ok: true, status: 200, case: caseSummary(next) });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          results.push({
            id: item.id,
            ok: false,
            status: error.status,
            error: { code: error.code, message: error.message, details: error.details },
          });
        }
      }
      const done = results.filter((r) => r.ok).length;
      return c.json({ done, failed: results.length - done, results });
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/cases-export',
      operationId: 'exportCases',
      isolation: 'tenant',
      permission: 'case.read',
      summary: 'The filtered case list as an .xlsx workbook (the list’s filters; at most 2000 rows)',
      query: helpers.listQuery,
    },
    async (c) => {
      const q = queryParams(c, helpers.listQuery);
      if (q.cursor !== undefined) {
        throw new ValidationError('An export starts at the first page', [{ path: 'cursor', message: 'not allowed' }]);
      }
      const rows: CaseState[] = [];
      let cursor: string | undefined;
      // page by page through the same index the list uses: the cost follows the rows exported
      do {
        const page = await helpers.listPage(c, { ...q, limit: '100', cursor });
        rows.push(...page.items);
        cursor = page.cursor;
      } while (cursor && rows.length < MAX_EXPORT_ROWS);
      const path = claimsOf(c).tenantPath;
      const bytes = await casesWorkbook(rows.slice(0, MAX_EXPORT_ROWS), await names(deps, path));
      return new Response(new Uint8Array(bytes), {
        headers: {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename="cases.xlsx"; filename*=UTF-8''${encodeURIComponent('案件清单.xlsx')}`,
        },
      });
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/cases/:id/documents/:kind',
      operationId: 'getCaseDocumentPdf',
      isolation: 'tenant',
      permission: 'case.read',
      summary: 'The printable 交办单 (dispatch) or 结案单 (close) of a case, as PDF',
    },
    async (c) => {
      const kind = param(c, 'kind', 'Document');
      if (kind !== 'dispatch' && kind !== 'close') throw new NotFoundError('Document');
      const { path, stored } = await helpers.locate(c, param(c, 'id', 'Case'));
      const s = stored.state;
      if (kind === 'dispatch' && !s.dispatchedAt && !s.departmentId) {
        throw new AppError(409, 'invalid_step', 'The case has not been dispatched yet: no 交办单');
      }
      if (kind === 'close' && !s.closedAt) {
        throw new AppError(409, 'invalid_step', 'The case is not closed yet: no 结案单');
      }
      const n = await names(deps, path);
      const pdf = await documentPdf(caseDocument(kind, s, n));
      return new Response(new Uint8Array(pdf), {
        headers: {
          'content-type': 'application/pdf',
          'content-disposition': `inline; filename="${kind}-${encodeURIComponent(s.number ?? s.id)}.pdf"`,
        },
      });
    },
  );
}

interface Names {
  departments: Map<string, string>;
  categories: Map<string, string>;
}

/** The department and category names of a tenant (two small partitions). */
async function names(deps: AppDeps, path: TenantPath): Promise<Names> {
  const [departments, categories] = await Promise.all([
    partitionItems(deps.store, keys.departmentsPK(path)),
    partitionItems(deps.store, keys.categoriesPK(path)),
  ]);
  return {
    departments: new Map(departments.map((d) => [String(d.id ?? d.SK), String(d.name)])),
    categories: new Map(categories.map((d) => [String(d.code ?? d.SK), String(d.name)])),
  };
}

const stepZh: Record<string, string> = {
  reported: '待受理',
  registered: '已立案',
  dispatched: '处置中',
  handled: '待核查',
  verified: '待结案',
  closed: '已结案',
  evaluated: '已评价',
  rejected: '不予立案',
  transferred: '已转办',
};

/** China time as printed: 2026-12-02 14:05. */
function chinaTime(iso: string | undefined): string {
  if (!iso) return '';
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The export's columns, Chinese headers (the office's own spreadsheet). */
async function casesWorkbook(rows: CaseState[], n: Names): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  const sheet = workbook.addWorksheet('案件');
  sheet.columns = [
    { header: '案件编号', key: 'number', width: 18 },
    { header: '查询码', key: 'trackingCode', width: 14 },
    { header: '状态', key: 'step', width: 10 },
    { header: '问题描述', key: 'description', width: 40 },
    { header: '类别', key: 'category', width: 14 },
    { header: '网格', key: 'gridCode', width: 18 },
    { header: '主办部门', key: 'department', width: 16 },
    { header: '地址', key: 'address', width: 24 },
    { header: '处置时限', key: 'deadline', width: 18 },
    { header: '超期', key: 'overdue', width: 6 },
    { header: '督办', key: 'supervised', width: 6 },
    { header: '上报时间', key: 'createdAt', width: 18 },
    { header: '案件ID', key: 'id', width: 30 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const s of rows) {
    sheet.addRow({
      number: s.number ?? '',
      trackingCode: s.trackingCode ?? '',
      step: stepZh[s.step] ?? s.step,
      description: s.description,
      category: s.categoryCode ? (n.categories.get(s.categoryCode) ?? s.categoryCode) : '',
      gridCode: s.gridCode ?? '',
      department: s.departmentId ? (n.departments.get(s.departmentId) ?? s.departmentId) : '',
      address: s.address ?? '',
      deadline: chinaTime(s.deadline),
      overdue: s.overdue ? '是' : '',
      supervised: s.supervised ? '是' : '',
      createdAt: chinaTime(s.createdAt),
      id: s.id,
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The 交办单 / 结案单 as a printed document. */
function caseDocument(kind: 'dispatch' | 'close', s: CaseState, n: Names) {
  const department = s.departmentId ? (n.departments.get(s.departmentId) ?? s.departmentId) : '—';
  const lines = [
    `案件编号：${s.number ?? s.id}`,
    ...(s.trackingCode ? [`查询码：${s.trackingCode}`] : []),
    `问题类别：${s.categoryCode ? (n.categories.get(s.categoryCode) ?? s.categoryCode) : '—'}`,
    `发生地点：${s.address ?? '—'}${s.gridCode ? `（网格 ${s.gridCode}）` : ''}`,
    `上报时间：${chinaTime(s.createdAt)}`,
  ];
  const work =
    kind === 'dispatch'
      ? [
          `主办部门：${department}`,
          ...(s.assistingDepartmentIds?.length
            ? [`协办部门：${s.assistingDepartmentIds.map((d) => n.departments.get(d) ?? d).join('、')}`]
            : []),
          `交办时间：${chinaTime(s.dispatchedAt)}`,
          `办结时限：${chinaTime(s.deadline)}`,
          ...(s.supervised ? ['督办件：是'] : []),
        ]
      : [
          `处置部门：${department}`,
          `结案时间：${chinaTime(s.closedAt)}`,
          `办理结果：${stepZh[s.step] ?? s.step}${s.overdue ? '（超期）' : ''}`,
        ];
  return {
    title: documentKinds[kind],
    subtitle: `编号 ${s.number ?? s.id}`,
    sections: [
      { heading: '案件信息', lines },
      { heading: '问题描述', lines: [s.description] },
      { heading: kind === 'dispatch' ? '交办事项' : '办结情况', lines: work },
    ],
    footer: ['（盖章）', chineseDate(kind === 'dispatch' ? s.dispatchedAt : s.closedAt)],
  };
}
