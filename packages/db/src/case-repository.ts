import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type ActionResult,
  type CaseEvent,
  type CaseState,
  ConflictError,
  cohortDiff,
  cohortEntries,
  type TenantPath,
  tenantPath,
  ValidationError,
} from '@civicgrid/domain';
import { caseLinkItems } from './case-links';
import {
  type CaseIndexQuery,
  type CaseListEntry,
  caseListEntries,
  planIndexQuery,
  planOwnQuery,
  textTerms,
  viewPK,
} from './case-list-index';
import { queueCountUpdate, queueCountWrites } from './case-queue-counts';
import type { Store } from './client';
import { conditions, failedConditionIndexes, isConditionFailure } from './conditions';
import { CursorCodec } from './cursor';
import { caseIndexKeys, keys } from './keys';
import { counterUpdate, counterWrites } from './kpi-counters';
import { queryAll } from './query-all';
import { nextInSequence } from './sequence';
import { GSI } from './table';
import { caseHookEvents } from './webhooks/hook-events';

/** Private facts kept beside the case state: never shown to the public, shown to staff where allowed. */
export interface CasePrivate {
  reporter?: { name?: string; phone?: string; email?: string };
  anonymous?: boolean;
  photos?: string[];
  duplicateOf?: string;
  /** a photo URL an Open311 client sent (`media_url`), shown back in Open311 reads */
  mediaUrl?: string;
}

/** What staff chose to publish of a case: the text public reads show instead of the citizen's own words. */
export interface CasePublication {
  description: string;
  by: string;
  at: string;
}

/** A case as stored: the domain state, its private part, and the workflow's waiting task (if any). */
export interface StoredCase {
  state: CaseState;
  private: CasePrivate;
  taskToken?: string;
  taskStep?: string;
  /** set by the workflow's error handler when a task failed for good (cleared by the next execution) */
  workflowError?: { error: string; cause?: string; executionArn?: string; at: string };
}

export interface CreateOptions {
  /** `Idempotency-Key` scope and key: a retried submission finds the first case instead of creating another */
  idempotency?: { scope: string; key: string };
  private?: CasePrivate;
}

export interface CaseListQuery {
  step?: string;
  gridCode?: string;
  categoryCode?: string;
  departmentId?: string;
  overdue?: boolean;
  /**
   * The closing cohort of a period (ISO instants of its first and last moment): cases due in it or carried into
   * it (overdue and not closed before it starts), not parked — the cases behind a KPI row. One store page per
   * call (a short page with a cursor is normal): the read stays O(page).
   */
  due?: { start: string; end: string };
  limit: number;
  cursor?: string;
}

/** A bounded read of recent cases (duplicate hints, Open311 lists): filters run in the store, reads are capped. */
export interface RecentCasesQuery {
  /** inclusive `createdAt` range (ISO instants); omitted ends are open */
  from?: string;
  to?: string;
  categoryCodes?: readonly string[];
  steps?: readonly string[];
  limit: number;
  /** stop after the store has examined this many items, even if fewer than `limit` matched */
  maxScanned: number;
  /** items the store examines per page (default 200); a small page keeps the common case to one cheap read */
  pageSize?: number;
  /** read only these attributes (the rest of each returned state is absent) — less to read, ship and parse */
  attributes?: readonly string[];
}

const STATE_EXTRAS = ['private', 'taskToken', 'taskStep', 'workflowError'];

/** Cases: creation, conditional transitions with their audit events and KPI counters in one transaction, lists. */
export class CaseRepository {
  private readonly cursors: CursorCodec;

  constructor(
    private readonly store: Store,
    cursorSecret: string,
  ) {
    this.cursors = new CursorCodec(cursorSecret);
  }

  /** Store a new case with its tracking code, events and counters; a reused Idempotency-Key returns the first. */
  async create(
    path: TenantPath,
    result: ActionResult,
    options: CreateOptions = {},
  ): Promise<{ state: CaseState; created: boolean }> {
    const { tableName } = this.store;
    const state = result.next;
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.caseMeta(path, state.id),
            ...caseIndexKeys(path, state),
            type: 'case',
            ...state,
            private: options.private ?? {},
          },
          ConditionExpression: conditions.keyDoesNotExist,
        },
      },
    ];
    if (options.idempotency) {
      items.push({
        Put: {
          TableName: tableName,
          Item: {
            ...keys.idempotency(path, options.idempotency.scope, options.idempotency.key),
            caseId: state.id,
            createdAt: state.createdAt,
          },
          ConditionExpression: conditions.keyDoesNotExist, // the first submission with this key wins
        },
      });
    }
    if (state.trackingCode) {
      items.push({
        Put: {
          TableName: tableName,
          Item: { ...keys.tracking(path, state.trackingCode), caseId: state.id },
          ConditionExpression: conditions.keyDoesNotExist, // a tracking code names one case forever
        },
      });
    }
    items.push(...this.eventPuts(path, state.id, result.events, 0), ...this.counterItems(path, undefined, result));
    items.push(...caseLinkItems(tableName, path, state)); // a thing's / camera's case history
    items.push(...this.indexWrites([], caseListEntries(path, state, options.private?.reporter?.phone)));
    items.push(...this.queueWrites(path, undefined, state));
    const hookItems = await this.hookItems(path, state, result);
    items.push(...hookItems);
    try {
      await this.store.doc.send(new TransactWriteCommand({ TransactItems: items }));
      this.store.hooks?.committed(hookItems);
      return { state, created: true };
    } catch (error) {
      if (options.idempotency && failedConditionIndexes(error).includes(1)) {
        const first = await this.byIdempotencyKey(path, options.idempotency.scope, options.idempotency.key);
        if (first) return { state: first, created: false };
      }
      if (isConditionFailure(error)) throw new ConflictError('Case already exists', 'duplicate_case');
      throw error;
    }
  }

  /** The next number of the tenant's case sequence for `year` (atomic ADD; a failed create leaves a gap). */
  nextNumber(path: TenantPath, year: string): Promise<number> {
    return nextInSequence(this.store, keys.caseSequence(path, year));
  }

  /** One case, or undefined. */
  async get(path: TenantPath, id: string): Promise<StoredCase | undefined> {
    const res = await this.store.doc.send(
      new GetCommand({ TableName: this.store.tableName, Key: keys.caseMeta(path, id), ConsistentRead: true }),
    );
    return res.Item ? storedCaseFrom(res.Item) : undefined;
  }

  /** The case a tracking code names. */
  async getByTrackingCode(path: TenantPath, code: string): Promise<StoredCase | undefined> {
    const res = await this.store.doc.send(
      new GetCommand({ TableName: this.store.tableName, Key: keys.tracking(path, code) }),
    );
    return res.Item ? this.get(path, String(res.Item.caseId)) : undefined;
  }

  /** Publish (or, with `undefined`, withdraw) the public text of a case (the caller has checked the case exists). */
  async setPublication(path: TenantPath, id: string, publication: CasePublication | undefined): Promise<void> {
    const { tableName } = this.store;
    if (!publication) {
      await this.store.doc.send(new DeleteCommand({ TableName: tableName, Key: keys.casePublication(path, id) }));
      return;
    }
    await this.store.doc.send(
      new PutCommand({ TableName: tableName, Item: { ...keys.casePublication(path, id), ...publication } }),
    );
  }

  /** The publications of some cases of a tenant (one batched read per 100). */
  async publications(path: TenantPath, ids: readonly string[]): Promise<Map<string, CasePublication>> {
    const out = new Map<string, CasePublication>();
    const { tableName } = this.store;
    for (let i = 0; i < ids.length; i += 100) {
      let pending: Record<string, unknown>[] = ids
        .slice(i, i + 100)
        .map((id) => ({ ...keys.casePublication(path, id) }));
      while (pending.length > 0) {
        const res = await this.store.doc.send(
          new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }),
        );
        for (const item of res.Responses?.[tableName] ?? []) {
          const id = String(item.PK).slice(`${path}CASE#`.length);
          out.set(id, { description: String(item.description), by: String(item.by), at: String(item.at) });
        }
        pending = res.UnprocessedKeys?.[tableName]?.Keys ?? [];
      }
    }
    return out;
  }

  /** The audit trail of a case, oldest first. */
  async events(path: TenantPath, id: string): Promise<CaseEvent[]> {
    const items = await queryAll(this.store, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :evt)',
      ExpressionAttributeValues: { ':pk': keys.casePK(path, id), ':evt': 'EVT#' },
    });
    return items.map(({ PK: _p, SK: _s, type, ...rest }) => ({ type, ...rest }) as CaseEvent);
  }

  /**
   * Store a transition: the case moves from `before` to `result.next` only if nobody else moved it first
   * (version and step match) and the workflow's token is the one we read; events and counters in the same
   * transaction. A lost race is a 409; `tokenChanged` tells the caller to re-read and retry.
   */
  async transition(
    path: TenantPath,
    before: StoredCase,
    result: ActionResult,
    privatePatch?: CasePrivate,
  ): Promise<void> {
    const { tableName } = this.store;
    const next = result.next;
    const tokenCondition = before.taskToken ? 'taskToken = :token' : 'attribute_not_exists(taskToken)';
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.caseMeta(path, next.id),
            ...caseIndexKeys(path, next),
            type: 'case',
            ...next,
            private: { ...before.private, ...privatePatch },
            // the waiting task's token is consumed by this transition; the workflow stores the next one
          },
          // optimistic lock on version and step; the token check catches a token stored after our read
          ConditionExpression: `${conditions.versionMatches} AND #step = :step AND ${tokenCondition}`,
          ExpressionAttributeNames: { '#version': 'version', '#step': 'step' },
          ExpressionAttributeValues: {
            ':expectedVersion': before.state.version,
            ':step': before.state.step,
            ...(before.taskToken ? { ':token': before.taskToken } : {}),
          },
        },
      },
      ...this.eventPuts(path, next.id, result.events, before.state.version),
      ...this.counterItems(path, before.state, result),
      ...this.indexWrites(
        caseListEntries(path, before.state, before.private.reporter?.phone),
        caseListEntries(path, next, before.private.reporter?.phone),
      ),
      ...this.queueWrites(path, before.state, next),
    ];
    const hookItems = await this.hookItems(path, next, result);
    items.push(...hookItems);
    try {
      await this.store.doc.send(new TransactWriteCommand({ TransactItems: items }));
      this.store.hooks?.committed(hookItems);
    } catch (error) {
      if (failedConditionIndexes(error).includes(0) || isConditionFailure(error)) {
        throw new ConflictError('The case was changed by someone else; reload it', 'stale_version');
      }
      if ((error as Error).name === 'TransactionCanceledException') {
        throw new ConflictError('The case is being changed by someone else; reload it', 'stale_version');
      }
      throw error;
    }
  }

  /** The webhook outbox items of a transition's events (written in its transaction; none without subscribers). */
  private hookItems(path: TenantPath, next: CaseState, result: ActionResult) {
    const hooks = this.store.hooks;
    return hooks ? hooks.itemsFor(path, caseHookEvents(next, result.events)) : Promise.resolve([]);
  }

  /**
   * Flag a just-reported case as a possible duplicate of these open cases (the hint ran beside its creation). An
   * update of that attribute only, so it cannot undo a transition; a transition that read the case before it
   * carries the case without the flag (the dispatcher still sees the hint when registering).
   */
  async markPossibleDuplicate(path: TenantPath, id: string, of: readonly string[]): Promise<void> {
    try {
      await this.store.doc.send(
        new UpdateCommand({
          TableName: this.store.tableName,
          Key: keys.caseMeta(path, id),
          UpdateExpression: 'SET possibleDuplicateOf = :of',
          ConditionExpression: conditions.keyExists,
          ExpressionAttributeValues: { ':of': of.slice(0, 20) },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** Remember the workflow's waiting task; false when the case is no longer at `step` (the caller completes it). */
  async storeTaskToken(path: TenantPath, id: string, step: string, token: string): Promise<boolean> {
    try {
      await this.store.doc.send(
        new UpdateCommand({
          TableName: this.store.tableName,
          Key: keys.caseMeta(path, id),
          UpdateExpression: 'SET taskToken = :token, taskStep = :step',
          ConditionExpression: `${conditions.keyExists} AND #step = :step`,
          ExpressionAttributeNames: { '#step': 'step' },
          ExpressionAttributeValues: { ':token': token, ':step': step },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Mark the case's workflow as failed (the error handler); false when the case does not exist. */
  async markWorkflowError(
    path: TenantPath,
    id: string,
    record: NonNullable<StoredCase['workflowError']>,
  ): Promise<boolean> {
    try {
      await this.store.doc.send(
        new UpdateCommand({
          TableName: this.store.tableName,
          Key: keys.caseMeta(path, id),
          UpdateExpression: 'SET workflowError = :record',
          ConditionExpression: conditions.keyExists,
          ExpressionAttributeValues: { ':record': JSON.parse(JSON.stringify(record)) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Remove the mark (a redriven execution reached the case). */
  async clearWorkflowError(path: TenantPath, id: string): Promise<void> {
    try {
      await this.store.doc.send(
        new UpdateCommand({
          TableName: this.store.tableName,
          Key: keys.caseMeta(path, id),
          UpdateExpression: 'REMOVE workflowError',
          ConditionExpression: conditions.keyExists,
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * A page of a tenant's own cases, newest first: one Query of the index (or list-index view) whose key is the
   * filter, never a read until the page is full (see `planOwnQuery`; other combinations are a 400).
   */
  async list(path: TenantPath, query: CaseListQuery): Promise<{ items: CaseState[]; cursor?: string }> {
    const plan = planOwnQuery(path, query);
    if (plan.kind === 'view') {
      const page = await this.readView({ pk: plan.pk, ascending: false }, query.limit, query.cursor);
      return { items: page.items.map((i) => i.state), cursor: page.cursor };
    }
    const { index, pk } = chooseIndex(path, query);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': pk };
    let filter: string | undefined;
    if (query.due) {
      Object.assign(names, { '#cd': 'closeDeadline', '#closedAt': 'closedAt', '#parked': 'parked' });
      Object.assign(values, { ':dueStart': query.due.start, ':dueEnd': query.due.end });
      filter =
        'attribute_not_exists(#parked) AND (#cd BETWEEN :dueStart AND :dueEnd OR (#cd < :dueStart AND ' +
        '(attribute_not_exists(#closedAt) OR #closedAt >= :dueStart)))';
    }
    const res = await this.store.doc.send(
      new QueryCommand({
        TableName: this.store.tableName,
        IndexName: index,
        KeyConditionExpression: `${index}PK = :pk`,
        FilterExpression: filter,
        ExpressionAttributeNames: filter ? names : undefined,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: query.limit,
        ExclusiveStartKey: this.cursors.decode(query.cursor, (k) => k[`${index}PK`] === pk),
      }),
    );
    return {
      items: (res.Items ?? []).map((item) => storedCaseFrom(item).state),
      cursor: this.cursors.encode(res.LastEvaluatedKey),
    };
  }

  /**
   * Newest cases first from the created-at index, filtered in the store and capped by `maxScanned` so a rare
   * filter value cannot make one public request read a whole tenant's history.
   */
  async recent(path: TenantPath, query: RecentCasesQuery): Promise<StoredCase[]> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': `${path}CASES` };
    const filters: string[] = [];
    const anyOf = (field: string, list: readonly string[] | undefined) => {
      if (!list?.length) return;
      names[`#${field}`] = field;
      const placeholders = list.map((v, i) => {
        values[`:${field}${i}`] = v;
        return `:${field}${i}`;
      });
      filters.push(`#${field} IN (${placeholders.join(', ')})`);
    };
    anyOf('categoryCode', query.categoryCodes);
    anyOf('step', query.steps);
    let projection: string | undefined;
    if (query.attributes?.length) {
      projection = query.attributes
        .map((a) => {
          names[`#p_${a}`] = a;
          return `#p_${a}`;
        })
        .join(', ');
    }
    let range = '';
    if (query.from !== undefined && query.to !== undefined) {
      range = ' AND GSI1SK BETWEEN :from AND :to';
      Object.assign(values, { ':from': query.from, ':to': `${query.to}#~` });
    } else if (query.from !== undefined) {
      range = ' AND GSI1SK >= :from';
      values[':from'] = query.from;
    } else if (query.to !== undefined) {
      range = ' AND GSI1SK <= :to';
      values[':to'] = `${query.to}#~`;
    }
    const out: StoredCase[] = [];
    let scanned = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const res = await this.store.doc.send(
        new QueryCommand({
          TableName: this.store.tableName,
          IndexName: GSI.casesByCreated,
          KeyConditionExpression: `GSI1PK = :pk${range}`,
          FilterExpression: filters.length ? filters.join(' AND ') : undefined,
          ProjectionExpression: projection,
          ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: Math.min(query.maxScanned - scanned, query.pageSize ?? 200),
          ExclusiveStartKey: startKey,
        }),
      );
      scanned += res.ScannedCount ?? 0;
      for (const item of res.Items ?? []) if (out.length < query.limit) out.push(storedCaseFrom(item));
      startKey = res.LastEvaluatedKey;
    } while (startKey && out.length < query.limit && scanned < query.maxScanned);
    return out;
  }

  /**
   * The newest citizen requests (cases with a tracking code) created in `[from, to]`, from the list index's public
   * view: one Query of at most `limit` entries and one BatchGet per 100 — whatever else the tenant holds.
   */
  async publicRequests(path: TenantPath, window: { from: string; to: string; limit: number }): Promise<StoredCase[]> {
    const plan = {
      pk: viewPK(path, 'OWN', 'PUB'),
      range: { from: window.from, to: `${window.to}#~` },
      ascending: false,
    };
    return (await this.readViewStored(plan, window.limit, undefined)).items.map((i) => i.stored);
  }

  private async byIdempotencyKey(path: TenantPath, scope: string, key: string): Promise<CaseState | undefined> {
    const res = await this.store.doc.send(
      new GetCommand({
        TableName: this.store.tableName,
        Key: keys.idempotency(path, scope, key),
        ConsistentRead: true,
      }),
    );
    return res.Item ? (await this.get(path, String(res.Item.caseId)))?.state : undefined;
  }

  /**
   * A page of a subtree or queue list from the maintained list index: one Query of the view's partition, then one
   * BatchGet of the page's cases (O(page) reads for every filter it serves; see case-list-index.ts).
   */
  async listByIndex(
    listing: TenantPath,
    query: CaseIndexQuery & { limit: number; cursor?: string },
    now: Date,
  ): Promise<{ items: Array<{ path: TenantPath; state: CaseState }>; cursor?: string }> {
    return this.readView(planIndexQuery(listing, query, now), query.limit, query.cursor);
  }

  /** One page of one list-index view: one Query of its partition, one BatchGet of the page's cases. */
  private async readView(
    plan: { pk: string; range?: { from?: string; to?: string }; ascending: boolean; textFilter?: string[] },
    limit: number,
    cursor: string | undefined,
  ): Promise<{ items: Array<{ path: TenantPath; state: CaseState }>; cursor?: string }> {
    const page = await this.readViewStored(plan, limit, cursor);
    const items = page.items.flatMap(({ path, stored: { state } }) => {
      // a query of several terms: the term's page, kept to the cases with every term (a short page is normal)
      if (plan.textFilter) {
        const terms = new Set(textTerms(state.description));
        if (!plan.textFilter.every((t) => terms.has(t))) return [];
      }
      return [{ path, state }];
    });
    return { items, cursor: page.cursor };
  }

  /** The stored cases of one page of a view, in the view's order (an entry whose case is gone is skipped). */
  private async readViewStored(
    plan: { pk: string; range?: { from?: string; to?: string }; ascending: boolean },
    limit: number,
    cursor: string | undefined,
  ): Promise<{ items: Array<{ path: TenantPath; stored: StoredCase }>; cursor?: string }> {
    const values: Record<string, unknown> = { ':pk': plan.pk };
    let range = '';
    if (plan.range?.from !== undefined && plan.range.to !== undefined) {
      range = ' AND SK BETWEEN :from AND :to';
      Object.assign(values, { ':from': plan.range.from, ':to': plan.range.to });
    } else if (plan.range?.from !== undefined) {
      range = ' AND SK >= :from';
      values[':from'] = plan.range.from;
    } else if (plan.range?.to !== undefined) {
      range = ' AND SK <= :to';
      values[':to'] = plan.range.to;
    }
    const res = await this.store.doc.send(
      new QueryCommand({
        TableName: this.store.tableName,
        KeyConditionExpression: `PK = :pk${range}`,
        ExpressionAttributeValues: values,
        ScanIndexForward: plan.ascending,
        Limit: limit,
        ExclusiveStartKey: this.cursors.decode(cursor, (k) => k.PK === plan.pk),
      }),
    );
    const entries = (res.Items ?? []) as CaseListEntry[];
    const found = await this.getMany(entries.map((e) => ({ path: e.casePath as TenantPath, id: e.caseId })));
    const items = entries.flatMap((e) => {
      const stored = found.get(e.caseId);
      return stored ? [{ path: e.casePath as TenantPath, stored }] : [];
    });
    return { items, cursor: this.cursors.encode(res.LastEvaluatedKey) };
  }

  /** Cases by key, one BatchGet per 100 (unprocessed keys retried). */
  private async getMany(refs: Array<{ path: TenantPath; id: string }>): Promise<Map<string, StoredCase>> {
    const out = new Map<string, StoredCase>();
    const { tableName } = this.store;
    for (let i = 0; i < refs.length; i += 100) {
      let pending: Record<string, unknown>[] = refs.slice(i, i + 100).map((r) => ({ ...keys.caseMeta(r.path, r.id) }));
      while (pending.length > 0) {
        const res = await this.store.doc.send(
          new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }),
        );
        for (const item of res.Responses?.[tableName] ?? []) {
          const stored = storedCaseFrom(item);
          out.set(stored.state.id, stored);
        }
        pending = res.UnprocessedKeys?.[tableName]?.Keys ?? [];
      }
    }
    return out;
  }

  /** Index items to put (new or moved) and to delete (gone) between two states of a case. */
  private indexWrites(before: CaseListEntry[], after: CaseListEntry[]) {
    const id = (e: CaseListEntry) => `${e.PK}|${e.SK}`;
    const kept = new Set(before.map(id));
    const wanted = new Set(after.map(id));
    const { tableName } = this.store;
    return [
      ...after.filter((e) => !kept.has(id(e))).map((e) => ({ Put: { TableName: tableName, Item: { ...e } } })),
      ...before
        .filter((e) => !wanted.has(id(e)))
        .map((e) => ({ Delete: { TableName: tableName, Key: { PK: e.PK, SK: e.SK } } })),
    ];
  }

  /** The worklist counters' updates between two states (see case-queue-counts.ts). */
  private queueWrites(path: TenantPath, before: CaseState | undefined, after: CaseState) {
    return queueCountWrites(path, before, after).map((w) => ({ Update: queueCountUpdate(this.store.tableName, w) }));
  }

  private eventPuts(path: TenantPath, id: string, events: CaseEvent[], baseSeq: number) {
    return events.map((event, i) => ({
      Put: {
        TableName: this.store.tableName,
        Item: { ...keys.caseEvent(path, id, event.at, baseSeq * 10 + i), ...event },
        ConditionExpression: conditions.keyDoesNotExist, // the audit trail is append-only
      },
    }));
  }

  /**
   * The transition's activity counters and its due-cohort difference (deadline set, moved or met), each written
   * under the tenant that held the case: the activity under the holder before the transition (the acting level —
   * a street's 上报 is the street's), the cohort entries of each state under that state's holder, so a district
   * counts the cases it took from a street and the street stops counting them (docs/domain.md, "Cross-level").
   */
  private counterItems(path: TenantPath, before: CaseState | undefined, result: ActionResult) {
    const holderOf = (s: CaseState | undefined) => (s?.holderPath ? tenantPath(s.holderPath) : path);
    const from = holderOf(before);
    const to = holderOf(result.next);
    const writes =
      from === to
        ? counterWrites(from, [...result.counters, ...cohortDiff(before, result.next)])
        : [
            ...counterWrites(from, [
              ...result.counters,
              ...(before ? cohortEntries(before) : []).map((e) => ({ ...e, by: -e.by })),
            ]),
            ...counterWrites(to, cohortEntries(result.next)),
          ];
    return writes.map((w) => ({ Update: counterUpdate(this.store.tableName, w) }));
  }
}

function chooseIndex(path: TenantPath, q: CaseListQuery): { index: string; pk: string } {
  if (q.gridCode) return { index: GSI.casesByGrid, pk: `${path}CASES#GRID#${q.gridCode}` };
  if (q.departmentId) return { index: GSI.casesByDepartment, pk: `${path}CASES#DEPT#${q.departmentId}` };
  if (q.step) return { index: GSI.casesByStep, pk: `${path}CASES#STEP#${q.step}` };
  return { index: GSI.casesByCreated, pk: `${path}CASES` };
}

/** Split a stored item into the domain state and the rest. */
export function storedCaseFrom(item: Record<string, unknown>): StoredCase {
  const state: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (k === 'PK' || k === 'SK' || k === 'type' || k.startsWith('GSI') || STATE_EXTRAS.includes(k)) continue;
    state[k] = v;
  }
  return {
    state: state as CaseState,
    private: (item.private as CasePrivate | undefined) ?? {},
    taskToken: item.taskToken as string | undefined,
    taskStep: item.taskStep as string | undefined,
    workflowError: item.workflowError as StoredCase['workflowError'],
  };
}

/** Bounds for list sizes: a client may ask for 1..100 per page. */
export function pageLimit(raw: string | undefined): number {
  if (raw === undefined) return 20;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw new ValidationError('Bad limit', [{ path: 'limit', message: 'must be an integer 1..100' }]);
  return n;
}
