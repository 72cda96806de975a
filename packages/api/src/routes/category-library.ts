import { categoryLibrary, entityIdSchema, ValidationError } from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import type { Route } from '../http/routes';
import { jsonBody } from '../http/validate';
import { type CategoryRecord, categoriesOf, departmentsOf } from './config';

const adoptSchema = z.object({
  /** The department the adopted categories go to until the tenant assigns each its own. */
  departmentId: entityIdSchema,
  /** Library codes to adopt; all of them when omitted. */
  codes: z.array(z.string().max(32)).max(200).optional(),
});

/** The GB/T 30428.2-style default library: browse it, adopt some or all of it into the tenant's categories. */
export function registerCategoryLibraryRoutes(route: Route, deps: AppDeps): void {
  route(
    {
      method: 'GET',
      path: '/api/category-library',
      operationId: 'getCategoryLibrary',
      isolation: 'self',
      permission: 'category.read',
      summary: 'The default category library (部件 / 事件, 大类 → 小类)',
    },
    async (c) => c.json({ items: categoryLibrary }),
  );

  route(
    {
      method: 'POST',
      path: '/api/category-library/adopt',
      operationId: 'adoptLibraryCategories',
      isolation: 'tenant',
      permission: 'category.manage',
      summary: 'Adopt library categories into the tenant (existing codes are kept as they are)',
      body: adoptSchema,
    },
    async (c) => {
      const path = claimsOf(c).tenantPath;
      const input = await jsonBody(c, adoptSchema);
      if (!(await departmentsOf(deps).get(path, input.departmentId))) {
        throw new ValidationError('No such department', [
          { path: 'departmentId', message: 'must name a department of this tenant', code: 'no_such_department' },
        ]);
      }
      const unknown = (input.codes ?? []).findIndex((code) => !categoryLibrary.some((l) => l.code === code));
      if (unknown >= 0) {
        throw new ValidationError('Not in the library', [
          { path: `codes.${unknown}`, message: 'unknown library code', code: 'invalid_value' },
        ]);
      }
      const wanted = categoryLibrary.filter((l) => input.codes === undefined || input.codes.includes(l.code));
      const categories = categoriesOf(deps);
      const existing = new Set((await categories.list(path)).map((cat) => cat.code));
      const now = deps.clock().toISOString();
      const created: string[] = [];
      for (const entry of wanted.filter((l) => !existing.has(l.code))) {
        const { majorCode: _m, majorName: _n, ...fields } = entry;
        const record: CategoryRecord = { ...fields, departmentId: input.departmentId, version: 1, createdAt: now };
        await categories.create(path, record.code, record, 'code');
        created.push(record.code);
      }
      return c.json({ created, kept: wanted.filter((l) => existing.has(l.code)).map((l) => l.code) }, 201);
    },
  );
}
