import { newId, ProcessRepository, ProcessSettingsRepository, TenantRepository } from '@civicgrid/db';
import {
  type AnyProcessKind,
  applyProcessAction,
  ConflictError,
  createProcessRecord,
  formatRecordNumber,
  type ProcessActor,
  type ProcessContext,
  type ProcessEvent,
  type ProcessRecord,
  processKinds,
  shanghaiDate,
  type TenantPath,
} from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { recordId } from '../people/service';
import { CONFIG_CACHE_MS, calendarOf } from '../routes/config';

/** The kinds this app runs: the registry's, or the deployment's own list (tests add a kind). */
export function kindsOf(deps: AppDeps): readonly AnyProcessKind[] {
  return deps.processKinds ?? processKinds;
}

/**
 * The rules of every process kind that need I/O, written once: create (and start the record's workflow
 * execution), act (validate against the kind, store with the audit event, hand the waiting task back to the
 * workflow), read with the trail. The kind's pure module decides; this only loads and stores.
 */
export class ProcessService<D = Record<string, unknown>> {
  readonly repo: ProcessRepository<D>;

  constructor(
    private readonly deps: AppDeps,
    readonly kind: AnyProcessKind,
  ) {
    this.repo = new ProcessRepository<D>(deps.store, kind, {
      cursorSecret: deps.config.cursorSecret,
      fieldSecret: deps.config.fieldSecret,
    });
  }

  /** What the kind's pure functions need: now, the actor, the tenant's clock values and calendar. */
  async context(path: TenantPath, actor: ProcessActor): Promise<ProcessContext> {
    const [clockValues, calendar] = await Promise.all([
      new ProcessSettingsRepository(this.deps.store).clocks(path, this.kind.kind),
      calendarOf(this.deps, path),
    ]);
    return { now: this.deps.clock(), actor, clockValues, calendar };
  }

  /** A new record; `trail`: events carried over (an incident converted into a dispute keeps its trail). */
  async create(
    path: TenantPath,
    tenantId: string,
    input: unknown,
    actor: ProcessActor,
    trail: ProcessEvent[] = [],
    /** a check of the new record before it is stored (throw to refuse: a grid worker outside their grids) */
    admit?: (record: ProcessRecord<D>) => void,
  ): Promise<ProcessRecord<D>> {
    const ctx = await this.context(path, actor);
    const id = recordId(tenantId, newId(ctx.now));
    const { next, event } = createProcessRecord(this.kind, input, { id, tenantId }, ctx);
    admit?.(next as ProcessRecord<D>);
    const numbered = { ...next, number: await this.number(path, ctx.now) } as ProcessRecord<D>;
    const stored = await this.repo.create(path, numbered, [...trail, event]);
    await this.startWorkflow(path, stored);
    return stored;
  }

  /** The short human number of a new record: the tenant's initials, the kind's prefix, the China year, a sequence. */
  private async number(path: TenantPath, now: Date): Promise<string> {
    const year = shanghaiDate(now).slice(0, 4);
    const [tenant, seq] = await Promise.all([
      new TenantRepository(this.deps.store).lineage(path, { maxAgeMs: CONFIG_CACHE_MS }).then((l) => l.at(-1)),
      this.repo.nextNumber(path, year),
    ]);
    const prefix = this.kind.numberPrefix ?? this.kind.kind.slice(0, 1).toUpperCase();
    return formatRecordNumber(tenant?.slug ?? 'case', year, seq, prefix);
  }

  /** Start (or restart) the record's execution; a failure is logged, the resume on restart picks it up. */
  async startWorkflow(path: TenantPath, record: ProcessRecord<D>): Promise<void> {
    if (record.finishedAt !== undefined) return;
    try {
      await this.deps.workflow.startCase({
        tenantPath: path,
        caseId: record.id,
        kind: this.kind.kind,
        known: { step: record.step, deadline: record.deadline, escalations: record.escalations },
      });
    } catch (error) {
      this.deps.log({
        level: 'ERROR',
        message: 'workflow start failed',
        id: record.id,
        error: (error as Error).message,
      });
    }
  }

  /** Apply an action (body validated by the route); `version` when the client sends it (stale → 409). */
  async act(
    path: TenantPath,
    id: string,
    action: string,
    body: unknown,
    actor: ProcessActor,
    version?: number,
    /** the record as the caller just read it (saves a read; a stale one still loses at the conditional write) */
    known?: ProcessRecord<D>,
  ): Promise<ProcessRecord<D>> {
    const before = known ?? (await this.repo.require(path, id));
    if (version !== undefined && version !== before.version) {
      throw new ConflictError(`${this.kind.label} was changed by someone else`, 'stale_version');
    }
    const ctx = await this.context(path, actor);
    const { next, event } = applyProcessAction(this.kind, before, action, body, ctx);
    const stored = await this.repo.update(path, before, next as ProcessRecord<D>, [event]);
    await this.handBack(path, before, stored);
    return stored;
  }

  /**
   * The waiting task completes and the execution re-reads the record (new step, new deadline). The token is
   * read after the update: a task that stored it before is found; one that tries after finds the record moved
   * and resumes itself (the workflow's awaitAction).
   */
  private async handBack(path: TenantPath, before: ProcessRecord<D>, next: ProcessRecord<D>): Promise<void> {
    const task = await this.repo.task(path, next.id);
    if (!task || task.step !== before.step) return;
    try {
      await this.deps.workflow.completeTask(task.token, { step: next.step, version: next.version });
    } catch (error) {
      this.deps.log({
        level: 'WARN',
        message: 'workflow token not accepted',
        id: next.id,
        error: (error as Error).name,
      });
    }
  }
}
