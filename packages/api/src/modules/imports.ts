import { FieldCipher, newId, type RecordDefinition, RecordRepository, TenantRepository } from '@civicgrid/db';
import { AppError, type TenantPath, tenantPath } from '@civicgrid/domain';
import type { AppDeps, BackgroundJob, JobRun } from '../deps';
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

/** Statuses of an import that has not finished: listed in the `open` index, so a start-up can resume them. */
const UNFINISHED: readonly ImportJob['status'][] = ['queued', 'running'];

const importRecords: RecordDefinition<ImportJob> = {
  kind: 'IMPORT',
  label: 'Import',
  indexes: (job) => [
    { index: 'all', value: 'all', sort: job.createdAt },
    ...(UNFINISHED.includes(job.status) ? [{ index: 'open', value: 'open', sort: job.createdAt }] : []),
  ],
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
 * the ID number) — writing progress after every chunk.
 *
 * Resumable: `done` is the checkpoint. A run of a job that is already `running` (a restart of the embedded runtime,
 * a queue redelivery after a Lambda timeout, a continuation) reads the file again, rebuilds the within-file duplicate
 * check from the rows before `done` (parsing only, no I/O) and goes on with the next chunk. A chunk that was saved
 * but whose progress write was lost is tried again: its rows are then on record and count as skipped, never twice.
 * Every progress write is conditional on the job's version, so two runs of one job (an at-least-once queue) cannot
 * both advance it: the loser's write is refused and it stops.
 *
 * `run.shouldYield()` is asked after each chunk: when it says so (the Lambda is near its timeout) the job stops at
 * its checkpoint and the answer is `'yielded'` (the runner queues a continuation). A problem of the file as a whole
 * (unreadable, required columns missing, never uploaded) marks the job failed; any other error is thrown, so the
 * queue tries again from the checkpoint (and, after its retries, parks the message in the dead-letter queue).
 */
export async function runImport(
  deps: AppDeps,
  sheets: readonly SheetEntity[],
  job: BackgroundJob,
  run: JobRun = { shouldYield: () => false },
): Promise<'done' | 'yielded'> {
  const path: TenantPath = tenantPath(job.tenantPath);
  const repo = importJobs(deps);
  let current = await repo.get(path, job.id);
  if (!current || !UNFINISHED.includes(current.status)) return 'done';
  const save = async (changes: Partial<ImportJob>) => {
    const before = current as ImportJob;
    current = await repo.update(path, before, { ...before, ...changes, updatedAt: deps.clock().toISOString() });
  };
  const entity = sheets.find((s) => s.entity === current?.entity);
  try {
    if (!entity?.importer) throw new FileProblem('entity', `entity ${current.entity} cannot be imported`);
    if (current.status === 'queued') await save({ status: 'running' });
    const bytes = await deps.files.readObject(current.fileKey);
    if (!bytes) throw new FileProblem('fileKey', 'the file was never uploaded');
    const rows = await readSheet(bytes, current.format, entity.columns);
    if (current.total !== rows.length) await save({ total: rows.length });
    const importer = await entity.importer(deps, path, current.actor);
    const seen = new Map<string, number>();
    const resumeAt = Math.min(current.done, rows.length);
    for (const r of rows.slice(0, resumeAt)) {
      const parsed = importer.parse(r.cells);
      if (parsed.ok && !seen.has(parsed.key)) seen.set(parsed.key, r.row);
    }
    for (let start = resumeAt; start < rows.length; start += CHUNK) {
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
        done: start + chunk.length,
        failed: current.failed + failedRows,
        added: current.added + added,
        skipped: current.skipped + skipped,
        errors: kept.slice(0, MAX_ERRORS),
        ...(kept.length > MAX_ERRORS ? { errorsTruncated: true } : {}),
      });
      if (start + CHUNK < rows.length && run.shouldYield()) return 'yielded';
    }
    await save({ status: 'done', finishedAt: deps.clock().toISOString() });
    return 'done';
  } catch (error) {
    if (!(error instanceof FileProblem) && !(error instanceof AppError && error.status === 400)) throw error;
    const problem = problemOf(error);
    await save({
      status: 'failed',
      finishedAt: deps.clock().toISOString(),
      errors: [...(current?.errors ?? []), { row: 0, ...problem }].slice(0, MAX_ERRORS),
    });
    return 'done';
  }
}

/** A problem of the imported file as a whole: the job fails (no retry helps). */
class FileProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Queue every unfinished import again (the embedded runtime's start-up, as open cases resume): tenant by tenant,
 * one Query of each tenant's `open` imports — no Scan. Each resumes at its checkpoint.
 */
export async function resumeImports(deps: AppDeps): Promise<number> {
  if (!deps.jobs) return 0;
  const tenants = await new TenantRepository(deps.store).listAll();
  const repo = importJobs(deps);
  let resumed = 0;
  for (const tenant of tenants) {
    let cursor: string | undefined;
    do {
      const page = await repo.page(tenant.path, { index: 'open', value: 'open' }, { limit: 100, cursor });
      for (const job of page.items) {
        await deps.jobs.enqueue({ kind: 'import', tenantPath: tenant.path, id: job.id });
        resumed++;
      }
      cursor = page.cursor;
    } while (cursor);
  }
  return resumed;
}

/** A row or file problem from a thrown error: a validation error names its field, anything else the row. */
function problemOf(error: unknown): RowProblem {
  if (error instanceof FileProblem) return { field: error.field, message: error.message };
  const details = (error as { details?: { path: string; message: string }[] }).details;
  const first = details?.[0];
  if (first) return { field: first.path, message: first.message };
  return { field: 'row', message: (error as Error).message ?? 'failed' };
}
