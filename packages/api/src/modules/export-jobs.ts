import { FieldCipher, newId, type RecordDefinition, RecordRepository } from '@civicgrid/db';
import { type TenantPath, tenantPath } from '@civicgrid/domain';
import type { AppDeps, BackgroundJob } from '../deps';
import type { StaffActor } from './actor';
import type { SheetEntity } from './module';
import { type SheetFormat, sheetFormats, streamSheet } from './spreadsheet';

/** An export written to the evidence bucket by a background job (any size; the download is a presigned URL). */
export interface ExportJob {
  id: string;
  entity: string;
  format: SheetFormat;
  /** clear values (the caller held the reveal permission; the export was logged when it was asked for) */
  reveal: boolean;
  status: 'queued' | 'running' | 'done' | 'failed';
  /** data rows written */
  rows: number;
  /** where the file is, once done (`<tenantPath>exports/<id>.<format>`) */
  fileKey?: string;
  error?: string;
  actor: StaffActor;
  version: number;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

const exportRecords: RecordDefinition<ExportJob> = {
  kind: 'EXPORT',
  label: 'Export',
  indexes: (job) => [{ index: 'all', value: 'all', sort: job.createdAt }],
};

/** The most rows one background export writes (every person of a district's largest streets). */
export const MAX_JOB_EXPORT_ROWS = 500_000;

export function exportJobs(deps: AppDeps) {
  return new RecordRepository<ExportJob>(deps.store, exportRecords, {
    cursorSecret: deps.config.cursorSecret,
    cipher: new FieldCipher(deps.config.fieldSecret),
  });
}

export function newExportJob(
  input: { tenantId: string; entity: string; format: SheetFormat; reveal: boolean; actor: StaffActor },
  now: Date,
): ExportJob {
  const at = now.toISOString();
  return {
    id: `${input.tenantId}-${newId(now)}`,
    entity: input.entity,
    format: input.format,
    reveal: input.reveal,
    status: 'queued',
    rows: 0,
    actor: input.actor,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Run one export (a background job): the rows page by page through the streaming writer (`streamSheet`: a few
 * pages in memory, never the workbook), the finished file — a few MB for 100k people — put under the tenant's
 * `exports/` prefix. Re-running it (a redelivery) writes the same key again: idempotent.
 */
export async function runExport(deps: AppDeps, sheets: readonly SheetEntity[], job: BackgroundJob): Promise<'done'> {
  const path: TenantPath = tenantPath(job.tenantPath);
  const repo = exportJobs(deps);
  let current = await repo.get(path, job.id);
  if (!current || current.status === 'done' || current.status === 'failed') return 'done';
  const save = async (changes: Partial<ExportJob>) => {
    const before = current as ExportJob;
    current = await repo.update(path, before, { ...before, ...changes, updatedAt: deps.clock().toISOString() });
  };
  const entity = sheets.find((s) => s.entity === current?.entity);
  if (!entity) {
    await save({
      status: 'failed',
      error: `entity ${current.entity} cannot be exported`,
      finishedAt: deps.clock().toISOString(),
    });
    return 'done';
  }
  if (current.status === 'queued') await save({ status: 'running' });
  const { actor, reveal, format } = current;
  let rows = 0;
  async function* counted() {
    for await (const row of entity!.exportRows(deps, path, actor, { reveal, maxRows: MAX_JOB_EXPORT_ROWS })) {
      rows++;
      yield row;
    }
  }
  const bytes = new Uint8Array(await new Response(streamSheet(entity.columns, counted(), format)).arrayBuffer());
  const fileKey = `${path}exports/${current.id}.${format}`;
  await deps.files.writeObject(fileKey, bytes, format === 'csv' ? 'text/csv; charset=utf-8' : sheetFormats.xlsx);
  await save({ status: 'done', rows, fileKey, finishedAt: deps.clock().toISOString() });
  return 'done';
}
