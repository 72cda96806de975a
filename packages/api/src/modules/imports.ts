import { FieldCipher, newId, type RecordDefinition, RecordRepository } from '@civicgrid/db';
import { type TenantPath, tenantPath } from '@civicgrid/domain';
import type { AppDeps, BackgroundJob } from '../deps';
import type { StaffActor } from './actor';
import type { RowProblem, SheetEntity } from './module';
import { readSheet, type SheetFormat } from './spreadsheet';

/** An import of one file: its progress is what the console's progress bar shows. */
export interface ImportJob {
  id: string;
  entity: string;
  fileKey: string;
  format: SheetFormat;
  status: 'queued' | 'running' | 'done' | 'failed';
  /** data rows in the file (known once it was read) */
  total: number;
  /** rows tried so far (kept, skipped or failed) */
  done: number;
  /** rows refused (each in `errors`) */
  failed: number;
  /** rows that became new records */
  added: number;
  /** valid rows already on record (a re-import of the same file adds nobody) */
  skipped: number;
  errors: ({ row: number } & RowProblem)[];
  /** true when more rows failed than `errors` keeps */
  errorsTruncated?: boolean;
  actor: StaffActor;
  version: number;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

const importRecords: RecordDefinition<ImportJob> = {
  kind: 'IMPORT',
  label: 'Import',
  indexes: (job) => [{ index: 'all', value: 'all', sort: job.createdAt }],
};

/** Most row errors an import keeps (the count in `failed` is always complete). */
const MAX_ERRORS = 1000;
/** Rows validated, looked up (one batched read) and saved per step; progress is written after each step. */
const CHUNK = 250;

/** The imports of a tenant. */
export function importJobs(deps: AppDeps) {
  return new RecordRepository<ImportJob>(deps.store, importRecords, {
    cursorSecret: deps.config.cursorSecret,
    cipher: new FieldCipher(deps.config.fieldSecret),
  });
}

/** A queued import of `fileKey`. */
export function newImportJob(
  input: { tenantId: string; entity: string; fileKey: string; format: SheetFormat; actor: StaffActor },
  now: Date,
): ImportJob {
  const at = now.toISOString();
  return {
    id: `${input.tenantId}-${newId(now)}`,
    entity: input.entity,
    fileKey: input.fileKey,
    format: input.format,
    status: 'queued',
    total: 0,
    done: 0,
    failed: 0,
    added: 0,
    skipped: 0,
    errors: [],
    actor: input.actor,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Run one import (a background job): read the file, then row by row — bad rows reported with row, column and
 * reason, good rows saved unless their key is on record already (idempotent by the module's natural key, e.g.
 * the ID number) — writing progress after every chunk. A failure of the file as a whole marks the job failed.
 */
export async function runImport(deps: AppDeps, sheets: readonly SheetEntity[], job: BackgroundJob): Promise<void> {
  const path: TenantPath = tenantPath(job.tenantPath);
  const repo = importJobs(deps);
  let current = await repo.get(path, job.id);
  if (!current || current.status === 'done' || current.status === 'failed') return;
  const save = async (changes: Partial<ImportJob>) => {
    const before = current as ImportJob;
    current = await repo.update(path, before, { ...before, ...changes, updatedAt: deps.clock().toISOString() });
  };
  const entity = sheets.find((s) => s.entity === current?.entity);
  try {
    if (!entity?.importer) throw new Error(`entity ${current.entity} cannot be imported`);
    await save({ status: 'running' });
    const bytes = await deps.files.readObject(current.fileKey);
    if (!bytes) throw new Error('the file was never uploaded');
    const rows = await readSheet(bytes, current.format, entity.columns);
    await save({ total: rows.length });
    const importer = await entity.importer(deps, path, current.actor);
    const seen = new Map<string, number>();
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK);
      const errors: ImportJob['errors'] = [];
      const good: { row: number; key: string; input: unknown }[] = [];
      for (const r of chunk) {
        const parsed = importer.parse(r.cells);
        if (!parsed.ok) {
          errors.push(...parsed.problems.map((p) => ({ row: r.row, ...p })));
          continue;
        }
        const first = seen.get(parsed.key);
        if (first !== undefined) {
          errors.push({ row: r.row, field: entity.columns[0]?.field ?? 'row', message: `same record as row ${first}` });
          continue;
        }
        seen.set(parsed.key, r.row);
        good.push({ row: r.row, key: parsed.key, input: parsed.input });
      }
      const existing = await importer.existing(good.map((g) => g.key));
      const fresh = good.filter((g) => !existing.has(g.key));
      let added = 0;
      let skipped = good.length - fresh.length;
      const outcomes = fresh.length > 0 ? await importer.saveAll(fresh.map((g) => g.input)) : [];
      outcomes.forEach((outcome, i) => {
        if (outcome === 'added') added++;
        else if (outcome === 'skipped') skipped++;
        else errors.push({ row: fresh[i]?.row ?? 0, ...outcome });
      });
      const failedRows = new Set(errors.map((e) => e.row)).size;
      const kept = [...current.errors, ...errors.sort((a, b) => a.row - b.row)];
      await save({
        done: current.done + chunk.length,
        failed: current.failed + failedRows,
        added: current.added + added,
        skipped: current.skipped + skipped,
        errors: kept.slice(0, MAX_ERRORS),
        ...(kept.length > MAX_ERRORS ? { errorsTruncated: true } : {}),
      });
    }
    await save({ status: 'done', finishedAt: deps.clock().toISOString() });
  } catch (error) {
    const problem = problemOf(error);
    await save({
      status: 'failed',
      finishedAt: deps.clock().toISOString(),
      errors: [...(current?.errors ?? []), { row: 0, ...problem }].slice(0, MAX_ERRORS),
    });
  }
}

/** A row or file problem from a thrown error: a validation error names its field, anything else the row. */
function problemOf(error: unknown): RowProblem {
  const details = (error as { details?: { path: string; message: string }[] }).details;
  const first = details?.[0];
  if (first) return { field: first.path, message: first.message };
  return { field: 'row', message: (error as Error).message ?? 'failed' };
}
