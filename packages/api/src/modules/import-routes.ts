import { AccessLog, pageLimit } from '@civicgrid/db';
import { AppError, can, ForbiddenError, NotFoundError, requiredText, ValidationError } from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import { claimsOf } from '../http/context';
import { param } from '../http/params';
import type { Route } from '../http/routes';
import { jsonBody, queryParams } from '../http/validate';
import { staffActor } from './actor';
import { exportJobs, newExportJob, runExport } from './export-jobs';
import { importJobs, newImportJob, runImport } from './imports';
import type { SheetEntity } from './module';
import { recordOwner } from './scope';
import { type SheetFormat, sheetFormats, streamSheet, writeSheet } from './spreadsheet';

/** Import files: .xlsx or .csv, at most 20 MiB (≈ 200k rows of people). */
const IMPORT_RULES = { types: Object.values(sheetFormats), maxBytes: 20 * 1024 * 1024 };
/**
 * The most rows one export answers with. The export streams (`streamSheet`: a few pages in memory whatever its
 * size), so this only bounds one download's time; 200k is every person of a large street.
 */
const MAX_EXPORT_ROWS = 200_000;

const uploadSchema = z.object({
  fileName: requiredText('fileName', 200),
  contentType: z.string().max(200),
  size: z.number().int(),
});
const importSchema = z.object({
  entity: z.string().min(1).max(40),
  fileKey: z.string().min(1).max(500),
});
const formatQuery = z.object({
  format: z.enum(['xlsx', 'csv'], { error: 'format is xlsx or csv' }).default('xlsx'),
});
const exportJobSchema = z.object({
  entity: z.string().min(1).max(40),
  format: z.enum(['xlsx', 'csv'], { error: 'format is xlsx or csv' }).default('xlsx'),
});
const pageQuery = z.object({ cursor: z.string().max(2000).optional(), limit: z.string().optional() });

class ServiceUnavailableError extends AppError {
  constructor(message: string) {
    super(503, 'unavailable', message);
    this.name = 'ServiceUnavailableError';
  }
}

/** The spreadsheet routes every module with `sheets` gets: upload, import with progress, template, export. */
export function registerSheetRoutes(route: Route, deps: AppDeps, sheets: readonly SheetEntity[]): void {
  const jobs = importJobs(deps);
  const entityOf = (name: string) => {
    const entity = sheets.find((s) => s.entity === name);
    if (!entity) throw new NotFoundError('Entity');
    return entity;
  };
  deps.jobs?.register('import', (job, run) => runImport(deps, sheets, job, run));
  deps.jobs?.register('export', (job) => runExport(deps, sheets, job));
  const exports = exportJobs(deps);

  /** May the caller export the entity, and in the clear? A clear export is logged before any row is read. */
  const exportAccess = async (c: Parameters<typeof claimsOf>[0], entity: SheetEntity) => {
    const claims = claimsOf(c);
    if (!can(claims.roles, entity.readPermission)) throw new ForbiddenError();
    const actor = await staffActor(c, deps);
    const reveal = entity.revealPermission !== undefined && can(claims.roles, entity.revealPermission);
    if (reveal) {
      const log = new AccessLog(deps.store, deps.config.cursorSecret);
      const entry = log.entry(
        {
          actorId: actor.userId,
          ...(actor.name ? { actorName: actor.name } : {}),
          actorRoles: actor.roles,
          subjectKind: entity.entity,
          subjectId: `export:${entity.entity}`,
          fields: ['*'],
          reason: 'export',
          action: 'export',
        },
        deps.clock(),
      );
      await log.record(claims.tenantPath, entry);
    }
    return { actor, reveal };
  };

  route(
    {
      method: 'POST',
      path: '/api/imports/upload-url',
      operationId: 'createImportUpload',
      isolation: 'tenant',
      permission: 'data.import',
      summary: 'A presigned PUT for an .xlsx or .csv file to import',
      body: uploadSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, uploadSchema);
      const upload = await deps.files.presignUpload({
        tenantPath: claims.tenantPath,
        caseId: '',
        folder: 'imports',
        fileName: input.fileName,
        contentType: input.contentType,
        size: input.size,
        rules: IMPORT_RULES,
      });
      return c.json(
        { fileKey: upload.key, uploadUrl: upload.uploadUrl, headers: upload.headers, expiresAt: upload.expiresAt },
        201,
      );
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/imports',
      operationId: 'startImport',
      isolation: 'tenant',
      permission: 'data.import',
      summary: 'Import an uploaded file in the background; progress at GET /api/imports/{id}',
      body: importSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, importSchema);
      const entity = entityOf(input.entity);
      if (!entity.importer || !entity.importPermission || !can(claims.roles, entity.importPermission)) {
        throw new ForbiddenError();
      }
      const format: SheetFormat | undefined = input.fileKey.endsWith('.xlsx')
        ? 'xlsx'
        : input.fileKey.endsWith('.csv')
          ? 'csv'
          : undefined;
      if (!input.fileKey.startsWith(`${claims.tenantPath}imports/`) || !format) {
        throw new ValidationError('Unknown file', [
          { path: 'fileKey', message: 'must be a fileKey from /api/imports/upload-url (.xlsx or .csv)' },
        ]);
      }
      if ((await deps.files.objectSize(input.fileKey)) === undefined) {
        throw new ValidationError('File not uploaded', [
          { path: 'fileKey', message: 'nothing was uploaded to this key' },
        ]);
      }
      if (!deps.jobs) throw new ServiceUnavailableError('Background imports are not configured here');
      const job = newImportJob(
        {
          tenantId: claims.tenantId,
          entity: entity.entity,
          fileKey: input.fileKey,
          format,
          actor: await staffActor(c, deps),
        },
        deps.clock(),
      );
      await jobs.create(claims.tenantPath, job);
      await deps.jobs.enqueue({ kind: 'import', tenantPath: claims.tenantPath, id: job.id });
      return c.json({ id: job.id, status: job.status }, 202);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/imports',
      operationId: 'listImports',
      isolation: 'tenant',
      permission: 'data.import',
      summary: 'Imports of the tenant, newest first',
      query: pageQuery,
    },
    async (c) => {
      const q = queryParams(c, pageQuery);
      const page = await jobs.page(
        claimsOf(c).tenantPath,
        { index: 'all', value: 'all' },
        {
          limit: pageLimit(q.limit),
          cursor: q.cursor,
          newestFirst: true,
        },
      );
      return c.json({
        items: page.items.map(({ errors, actor, ...j }) => ({ ...j, errorCount: errors.length })),
        cursor: page.cursor,
      });
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/imports/:id',
      operationId: 'getImport',
      isolation: 'tenant',
      permission: 'data.import',
      summary: 'An import’s status, progress (total, done, failed) and the rows it refused',
    },
    async (c) => {
      const id = param(c, 'id', 'Import');
      const path = await recordOwner(c, deps, id, 'Import', 'write');
      const { actor: _a, ...job } = await jobs.require(path, id);
      return c.json(job);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/import-templates/:entity',
      operationId: 'getImportTemplate',
      isolation: 'tenant',
      permission: 'data.import',
      summary: 'An empty file with the Chinese headers of an entity (required columns marked *)',
      query: formatQuery,
    },
    async (c) => {
      const entity = entityOf(param(c, 'entity', 'Entity'));
      const { format } = queryParams(c, formatQuery);
      return file(c, await writeSheet(entity.columns, [], format), `${entity.entity}-template.${format}`, format);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/exports/:entity',
      operationId: 'exportEntity',
      isolation: 'tenant',
      permission: 'data.export',
      summary: 'Export an entity as .xlsx or .csv (sensitive fields masked unless the caller may reveal them)',
      query: formatQuery,
    },
    async (c) => {
      const claims = claimsOf(c);
      const entity = entityOf(param(c, 'entity', 'Entity'));
      const { format } = queryParams(c, formatQuery);
      const { actor, reveal } = await exportAccess(c, entity);
      const rows = entity.exportRows(deps, claims.tenantPath, actor, { reveal, maxRows: MAX_EXPORT_ROWS });
      return file(c, streamSheet(entity.columns, rows, format), `${entity.entity}.${format}`, format);
    },
  );

  route(
    {
      method: 'POST',
      path: '/api/export-jobs',
      operationId: 'startExportJob',
      isolation: 'tenant',
      permission: 'data.export',
      summary: 'Export an entity in the background to a file (any size); GET /api/export-jobs/{id} gives its link',
      body: exportJobSchema,
    },
    async (c) => {
      const claims = claimsOf(c);
      const input = await jsonBody(c, exportJobSchema);
      const entity = entityOf(input.entity);
      if (!deps.jobs) throw new ServiceUnavailableError('Background exports are not configured here');
      const { actor, reveal } = await exportAccess(c, entity);
      const job = newExportJob(
        { tenantId: claims.tenantId, entity: entity.entity, format: input.format, reveal, actor },
        deps.clock(),
      );
      await exports.create(claims.tenantPath, job);
      await deps.jobs.enqueue({ kind: 'export', tenantPath: claims.tenantPath, id: job.id });
      return c.json({ id: job.id, status: job.status }, 202);
    },
  );

  route(
    {
      method: 'GET',
      path: '/api/export-jobs/:id',
      operationId: 'getExportJob',
      isolation: 'tenant',
      permission: 'data.export',
      summary: 'A background export’s status and, once done, a short-lived download link (its creator only)',
    },
    async (c) => {
      const id = param(c, 'id', 'Export');
      const path = await recordOwner(c, deps, id, 'Export', 'write');
      const { actor, ...job } = await exports.require(path, id);
      // a clear export is its creator's: another user of the tenant (who may lack the reveal right) gets a 404
      if (actor.userId !== claimsOf(c).userId) throw new NotFoundError('Export');
      const download =
        job.status === 'done' && job.fileKey ? await deps.files.presignDownload(path, job.fileKey) : undefined;
      return c.json({
        ...job,
        ...(download ? { downloadUrl: download.url, downloadExpiresAt: download.expiresAt } : {}),
      });
    },
  );
}

function file(
  c: {
    body: (data: Uint8Array | ReadableStream<Uint8Array>, status: 200, headers: Record<string, string>) => Response;
  },
  bytes: Uint8Array | ReadableStream<Uint8Array>,
  name: string,
  format: SheetFormat,
) {
  return c.body(bytes, 200, {
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : sheetFormats.xlsx,
    'content-disposition': `attachment; filename="${name}"`,
  });
}
