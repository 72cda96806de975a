import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AnyProcessKind,
  ConflictError,
  escalateProcess,
  overdueNotice,
  type ProcessEvent,
  type ProcessRecord,
  processCounters,
  type TenantPath,
  tenantPath,
} from '@civicgrid/domain';
import type { Store } from '../client';
import { isConditionFailure } from '../conditions';
import { CursorCodec } from '../cursor';
import { keys } from '../keys';
import { FieldCipher } from '../records/field-cipher';
import { type RecordDefinition, type RecordEvent, RecordRepository } from '../records/record-repository';
import { readTallies, type TallyRow } from '../records/tallies';
import { nextInSequence } from '../sequence';
import { recordHookEvents } from '../webhooks/hook-events';

/** Sort value of an open record without a running clock: after every deadline. */
const NO_DEADLINE = '~';

/** The store kind of a process kind (`dispute` → `PRC_DISPUTE`): the prefix of its keys and its tallies. */
export const processStoreKind = (kind: string) => `PRC_${kind.toUpperCase()}`;

/**
 * How every process record is stored, whatever its kind (one RecordDefinition per kind, written once): lists
 * `all` (newest first), `step`, `open` (by the running clock's deadline: worklists, the overdue list, resume on
 * restart) and `grid`; the engine's and the kind's counters as tallies, in the transaction of the change.
 */
export function processRecordDefinition(kind: AnyProcessKind): RecordDefinition<ProcessRecord & { id: string }> {
  return {
    kind: processStoreKind(kind.kind),
    label: kind.label,
    indexes(r) {
      const list = [
        { index: 'all', value: 'all', sort: r.createdAt },
        { index: 'step', value: r.step, sort: r.createdAt },
      ];
      // an urgent record (a warning in emergency mode) sits in its own part of the open list, read first
      if (r.finishedAt === undefined) {
        const urgent = kind.urgent?.(r) === true;
        list.push({ index: 'open', value: urgent ? 'urgent' : 'open', sort: r.clock?.deadline ?? NO_DEADLINE });
      }
      if (r.gridCode) list.push({ index: 'grid', value: r.gridCode, sort: r.createdAt });
      for (const field of kind.filters ?? []) {
        const value = (r.data as Record<string, unknown>)[field];
        if (typeof value === 'string') list.push({ index: `f_${field}`, value, sort: r.createdAt });
      }
      return list;
    },
    tallies: (r) => processCounters(kind, r),
  };
}

/** What the workflow's waiting task left: the step it waits at and its token. */
export interface ProcessTask {
  step: string;
  token: string;
}

/** One tenant's records of one process kind. */
export class ProcessRepository<D = Record<string, unknown>> {
  readonly records: RecordRepository<ProcessRecord<D>>;
  private readonly storeKind: string;
  private readonly cursors: CursorCodec;

  constructor(
    private readonly store: Store,
    readonly kind: AnyProcessKind,
    options: { cursorSecret: string; fieldSecret: string },
  ) {
    this.storeKind = processStoreKind(kind.kind);
    this.cursors = new CursorCodec(options.cursorSecret);
    this.records = new RecordRepository(store, processRecordDefinition(kind) as RecordDefinition<ProcessRecord<D>>, {
      cursorSecret: options.cursorSecret,
      cipher: new FieldCipher(options.fieldSecret),
    });
  }

  private pk(path: TenantPath, id: string) {
    return `${path}${this.storeKind}#${id}`;
  }

  /** The next number of the kind's per-year sequence of this tenant (its records' short numbers). */
  nextNumber(path: TenantPath, year: string): Promise<number> {
    return nextInSequence(this.store, keys.recordSequence(path, this.storeKind, year));
  }

  /** Store a new record with its events (and the webhook outbox items they raise) in one transaction. */
  async create(path: TenantPath, record: ProcessRecord<D>, events: ProcessEvent[]): Promise<ProcessRecord<D>> {
    const hookItems = await this.hookItems(path, record, events);
    const stored = await this.records.create(path, record, events as RecordEvent[], hookItems);
    this.store.hooks?.committed(hookItems);
    return stored;
  }

  /** Replace the record read at `before.version` (a stale one → 409), with its audit events and webhook items. */
  async update(path: TenantPath, before: ProcessRecord<D>, after: ProcessRecord<D>, events: ProcessEvent[]) {
    const hookItems = await this.hookItems(path, after, events);
    const stored = await this.records.update(path, before, after, events as RecordEvent[], hookItems);
    this.store.hooks?.committed(hookItems);
    return stored;
  }

  /** Every kind's steps reach the tenant's webhooks the same way (`<kind>.<step>`, `<kind>.overdue`). */
  private hookItems(path: TenantPath, record: ProcessRecord<D>, events: readonly ProcessEvent[]) {
    const hooks = this.store.hooks;
    if (!hooks) return Promise.resolve([]);
    return hooks.itemsFor(path, recordHookEvents(this.kind.kind, record as never, events));
  }

  get(path: TenantPath, id: string) {
    return this.records.get(path, id);
  }

  require(path: TenantPath, id: string) {
    return this.records.require(path, id);
  }

  /** The audit trail, oldest first. */
  async events(path: TenantPath, id: string): Promise<ProcessEvent[]> {
    return (await this.records.history(path, id)) as unknown as ProcessEvent[];
  }

  /** One page of a list: `all`, a `step`, the open records by deadline (`dueBefore`: only those due by then). */
  async page(
    path: TenantPath,
    list: {
      step?: string;
      open?: boolean;
      gridCode?: string;
      dueBefore?: string;
      /** one of the kind's `filters` and its value */
      filter?: { field: string; value: string };
    },
    options: { limit: number; cursor?: string },
  ): Promise<{ items: ProcessRecord<D>[]; cursor?: string }> {
    if (list.open || list.dueBefore) return this.openPage(path, list.dueBefore, options);
    if (list.step)
      return this.records.page(path, { index: 'step', value: list.step }, { ...options, newestFirst: true });
    if (list.filter) {
      return this.records.page(
        path,
        { index: `f_${list.filter.field}`, value: list.filter.value },
        { ...options, newestFirst: true },
      );
    }
    if (list.gridCode) {
      return this.records.page(path, { index: 'grid', value: list.gridCode }, { ...options, newestFirst: true });
    }
    return this.records.page(path, { index: 'all', value: 'all' }, { ...options, newestFirst: true });
  }

  /**
   * The open list by deadline (`dueBefore`: only those due by then). A kind with urgent records (`urgent`) has
   * them first: the page reads the urgent part, then the rest — at most two Queries, `limit` items in all; the
   * cursor's partition says which part it continues.
   */
  private async openPage(
    path: TenantPath,
    dueBefore: string | undefined,
    options: { limit: number; cursor?: string },
  ): Promise<{ items: ProcessRecord<D>[]; cursor?: string }> {
    const urgentPk = this.records.indexPK(path, 'open', 'urgent');
    const openPk = this.records.indexPK(path, 'open', 'open');
    const parts = this.kind.urgent ? [urgentPk, openPk] : [openPk];
    let startKey = this.cursors.decode(options.cursor, (k) => parts.includes(String(k.PK)));
    const items: ProcessRecord<D>[] = [];
    for (const pk of parts.slice(startKey ? parts.indexOf(String(startKey.PK)) : 0)) {
      const res = await this.store.doc.send(
        new QueryCommand({
          TableName: this.store.tableName,
          KeyConditionExpression: dueBefore ? 'PK = :pk AND SK < :before' : 'PK = :pk',
          ExpressionAttributeValues: { ':pk': pk, ...(dueBefore ? { ':before': dueBefore } : {}) },
          ExclusiveStartKey: startKey,
          Limit: options.limit - items.length,
        }),
      );
      startKey = undefined;
      items.push(...(res.Items ?? []).map((i) => i.rec as ProcessRecord<D>));
      if (res.LastEvaluatedKey) return { items, cursor: this.cursors.encode(res.LastEvaluatedKey) };
      if (items.length >= options.limit) {
        // the urgent part is done and the page is full: continue with the rest from its start
        const next = parts[parts.indexOf(pk) + 1];
        return { items, cursor: next ? this.cursors.encode({ PK: next, SK: ' ' }) : undefined };
      }
    }
    return { items };
  }

  /** The counters of one dimension (`tenant`, `grid`, `committee`, …): one Query. */
  tallies(path: TenantPath, dimension: string): Promise<TallyRow[]> {
    return readTallies(this.store, path, this.storeKind, dimension);
  }

  /**
   * Keep the token of the task waiting at `step` — only while the record is still at `step` (one transaction with
   * a check of the record), so an action that moved it first is never missed: false then.
   */
  async storeTaskToken(path: TenantPath, id: string, step: string, token: string): Promise<boolean> {
    try {
      await this.store.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: this.store.tableName,
                Key: { PK: this.pk(path, id), SK: 'META' },
                ConditionExpression: '#step = :step',
                ExpressionAttributeNames: { '#step': 'step' },
                ExpressionAttributeValues: { ':step': step },
              },
            },
            { Put: { TableName: this.store.tableName, Item: { PK: this.pk(path, id), SK: 'TASK', step, token } } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** The waiting task's token, if one was stored (read after an action moved the record). */
  async task(path: TenantPath, id: string): Promise<ProcessTask | undefined> {
    const res = await this.store.doc.send(
      new GetCommand({ TableName: this.store.tableName, Key: { PK: this.pk(path, id), SK: 'TASK' } }),
    );
    return res.Item ? { step: String(res.Item.step), token: String(res.Item.token) } : undefined;
  }

  /** The record with its workflow marks (`TASK`, `WFERR`) in one Query: what the workflow reads. */
  async forWorkflow(path: TenantPath, id: string) {
    const res = await this.store.doc.send(
      new QueryCommand({
        TableName: this.store.tableName,
        KeyConditionExpression: 'PK = :pk AND SK >= :meta',
        ExpressionAttributeValues: { ':pk': this.pk(path, id), ':meta': 'META' },
      }),
    );
    const items = res.Items ?? [];
    const meta = items.find((i) => i.SK === 'META');
    if (!meta) return undefined;
    const { PK: _pk, SK: _sk, type: _type, ...record } = meta as Record<string, unknown>; // no sealed fields
    return { record: record as unknown as ProcessRecord<D>, workflowError: items.some((i) => i.SK === 'WFERR') };
  }

  async markWorkflowError(
    path: TenantPath,
    id: string,
    mark: { error: string; cause?: string; executionArn?: string; at: string },
  ): Promise<boolean> {
    if (!(await this.get(path, id))) return false;
    await this.store.doc.send(
      new PutCommand({ TableName: this.store.tableName, Item: { PK: this.pk(path, id), SK: 'WFERR', ...mark } }),
    );
    return true;
  }

  async clearWorkflowError(path: TenantPath, id: string): Promise<void> {
    await this.store.doc.send(
      new DeleteCommand({ TableName: this.store.tableName, Key: { PK: this.pk(path, id), SK: 'WFERR' } }),
    );
  }
}

/**
 * Process records as the workflow sees them (structurally the `CaseWorkflowStore` port of @civicgrid/workflow):
 * written once for every kind.
 */
export class ProcessWorkflowStore {
  constructor(private readonly repo: ProcessRepository) {}

  async loadForWorkflow(path: string, id: string) {
    const found = await this.repo.forWorkflow(tenantPath(path), id);
    if (!found) return undefined;
    const { record } = found;
    return {
      step: record.step,
      deadline: record.deadline,
      escalations: record.escalations,
      terminal: record.finishedAt !== undefined,
      ...(found.workflowError ? { workflowError: true } : {}),
    };
  }

  storeTaskToken(path: string, id: string, step: string, token: string) {
    return this.repo.storeTaskToken(tenantPath(path), id, step, token);
  }

  async recordEscalation(path: string, id: string, step: string, at: Date) {
    const p = tenantPath(path);
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored = await this.repo.get(p, id);
      if (!stored || stored.step !== step) {
        return { escalations: stored?.escalations ?? 0, level: 'supervisor' as const };
      }
      try {
        const { next, event } = escalateProcess(stored, at);
        await this.repo.update(p, stored, next, [event]);
        return {
          escalations: next.escalations,
          level: next.escalations <= 1 ? ('supervisor' as const) : ('parent' as const),
        };
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    throw new ConflictError(`Could not record the escalation: the ${this.repo.kind.label} keeps changing`);
  }

  recordWorkflowError(
    path: string,
    id: string,
    mark: { error: string; cause?: string; executionArn?: string; at: string },
  ) {
    return this.repo.markWorkflowError(tenantPath(path), id, mark);
  }

  clearWorkflowError(path: string, id: string) {
    return this.repo.clearWorkflowError(tenantPath(path), id);
  }

  /** The notification of a breach, in the kind's words. */
  overdueText(id: string, step: string, escalations: number, level: 'supervisor' | 'parent'): string {
    return overdueNotice(this.repo.kind, id, step, escalations, level);
  }
}

/** A tenant's clock values for one kind (statutory defaults apply where none is set). */
export class ProcessSettingsRepository {
  constructor(private readonly store: Store) {}

  async clocks(path: TenantPath, kind: string): Promise<Record<string, number>> {
    const res = await this.store.doc.send(
      new GetCommand({ TableName: this.store.tableName, Key: { PK: `${path}PROCESS#SETTINGS`, SK: kind } }),
    );
    return (res.Item?.clocks as Record<string, number> | undefined) ?? {};
  }

  async setClocks(path: TenantPath, kind: string, clocks: Record<string, number>): Promise<void> {
    await this.store.doc.send(
      new PutCommand({
        TableName: this.store.tableName,
        Item: { PK: `${path}PROCESS#SETTINGS`, SK: kind, clocks },
      }),
    );
  }
}

/** The workflow store of every kind, by kind (for the workflow's task handlers, local and on Lambda). */
export function processWorkflowStores(
  store: Store,
  kinds: readonly AnyProcessKind[],
  options: { cursorSecret: string; fieldSecret?: string },
): Record<string, ProcessWorkflowStore> {
  // process records have no sealed fields: the cipher is never used by the workflow
  const secrets = {
    cursorSecret: options.cursorSecret,
    fieldSecret: options.fieldSecret ?? 'process-records-seal-nothing',
  };
  return Object.fromEntries(
    kinds.map((k) => [k.kind, new ProcessWorkflowStore(new ProcessRepository(store, k, secrets))]),
  );
}
