import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, type TenantPath } from '@civicgrid/domain';
import type { Store } from '../client';
import { conditions, isConditionFailure } from '../conditions';
import { CursorCodec } from '../cursor';
import { queryAll } from '../query-all';
import { strip } from '../tenant-repository';
import type { FieldCipher } from './field-cipher';
import { mergeTallies, type TallyChange, tallyUpdate } from './tallies';

/** What every record of a module carries. */
export interface RecordBase {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One list a record appears in: the partition `index`=`value`, ordered by `sort` (then id). */
export interface IndexEntry {
  index: string;
  value: string;
  sort: string;
}

/** A value only one record of the kind may hold in a tenant (an ID number); `field` names it in the 409. */
export interface UniqueEntry {
  name: string;
  value: string;
  field: string;
}

/** A history event of a record (moved in, moved out, changed). */
export interface RecordEvent {
  type: string;
  at: string;
  actor: string;
  [detail: string]: unknown;
}

/** Helpers a definition gets to build its keys: blind indexes of sensitive values. */
export interface KeyTools {
  blind(kind: string, value: string): string;
}

/**
 * How one kind of record is stored — the only thing a module writes to get creation, conditional updates,
 * history, unique values, any number of O(page) lists, sealed sensitive fields and tallies in the same
 * transaction. Keys (`<path>` = tenant path, `<K>` = kind):
 *   record   `PK=<path><K>#<id>  SK=META`           history `PK=<path><K>#<id>  SK=EVT#<at>#<n>`
 *   list     `PK=<path><K>#IX#<index>#<value>  SK=<sort>#<id>`  (carries the stored record: a page is one Query)
 *   unique   `PK=<path><K>#UQ#<name>#<value>  SK=UQ`  (`id` = the holder)
 */
export interface RecordDefinition<T extends RecordBase> {
  kind: string;
  /** in messages: `Person not found` */
  label: string;
  /** fields stored sealed (AES-GCM) and opened on read */
  sealed?: readonly (keyof T & string)[];
  indexes(record: T, tools: KeyTools): IndexEntry[];
  uniques?(record: T, tools: KeyTools): UniqueEntry[];
  /** the record's contribution to the kind's tallies; a change adds `after − before` */
  tallies?(record: T): TallyChange[];
}

/** One item of a TransactWrite (a module may add its own to a create or an update). */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** DynamoDB's limit of items in one transaction. */
const MAX_TRANSACTION_ITEMS = 100;

/** A tenant-scoped repository of one kind of record (see RecordDefinition). */
export class RecordRepository<T extends RecordBase> {
  private readonly cursors: CursorCodec;
  private readonly tools: KeyTools;
  private readonly cipher: FieldCipher;

  constructor(
    private readonly store: Store,
    private readonly definition: RecordDefinition<T>,
    options: { cursorSecret: string; cipher: FieldCipher },
  ) {
    this.cursors = new CursorCodec(options.cursorSecret);
    this.cipher = options.cipher;
    this.tools = { blind: (kind, value) => options.cipher.blindIndex(kind, value) };
  }

  private recordPK(path: TenantPath, id: string) {
    return `${path}${this.definition.kind}#${id}`;
  }

  /** The partition of one list. */
  indexPK(path: TenantPath, index: string, value: string) {
    return `${path}${this.definition.kind}#IX#${index}#${value}`;
  }

  private uniqueKey(path: TenantPath, u: { name: string; value: string }) {
    return { PK: `${path}${this.definition.kind}#UQ#${u.name}#${u.value}`, SK: 'UQ' };
  }

  private seal(record: T): Record<string, unknown> {
    const out: Record<string, unknown> = { ...(record as unknown as Record<string, unknown>) };
    for (const field of this.definition.sealed ?? []) {
      const value = out[field];
      if (typeof value === 'string') out[field] = this.cipher.seal(value);
    }
    return out;
  }

  private open(item: Record<string, unknown>): T {
    const out = strip<Record<string, unknown>>(item);
    for (const field of this.definition.sealed ?? []) {
      const value = out[field];
      if (typeof value === 'string') out[field] = this.cipher.open(value);
    }
    return out as unknown as T;
  }

  /** The writes of a record's lists, uniques and tallies going from `before` to `after` (either may be absent). */
  private derivedWrites(
    path: TenantPath,
    before: T | undefined,
    after: T | undefined,
    sealed?: Record<string, unknown>,
  ) {
    const { tableName } = this.store;
    const d = this.definition;
    const items: TransactItem[] = [];
    const ixKey = (e: IndexEntry, id: string) => ({ PK: this.indexPK(path, e.index, e.value), SK: `${e.sort}#${id}` });
    const keyId = (k: { PK: string; SK: string }) => `${k.PK}|${k.SK}`;
    const oldIx = before ? d.indexes(before, this.tools).map((e) => ixKey(e, before.id)) : [];
    const newIx = after ? d.indexes(after, this.tools).map((e) => ixKey(e, after.id)) : [];
    const newIxIds = new Set(newIx.map(keyId));
    for (const k of oldIx) if (!newIxIds.has(keyId(k))) items.push({ Delete: { TableName: tableName, Key: k } });
    for (const k of dedupe(newIx, keyId)) items.push({ Put: { TableName: tableName, Item: { ...k, rec: sealed } } });

    const oldUq = before ? (d.uniques?.(before, this.tools) ?? []) : [];
    const newUq = after ? (d.uniques?.(after, this.tools) ?? []) : [];
    const uqId = (u: UniqueEntry) => `${u.name}#${u.value}`;
    const oldUqIds = new Set(oldUq.map(uqId));
    const newUqIds = new Set(newUq.map(uqId));
    for (const u of oldUq) {
      if (!newUqIds.has(uqId(u))) items.push({ Delete: { TableName: tableName, Key: this.uniqueKey(path, u) } });
    }
    for (const u of newUq) {
      if (oldUqIds.has(uqId(u))) continue;
      items.push({
        Put: {
          TableName: tableName,
          Item: { ...this.uniqueKey(path, u), id: after?.id, field: u.field },
          ConditionExpression: conditions.keyDoesNotExist, // one holder per unique value in a tenant
        },
      });
    }

    const negate = (changes: TallyChange[]) =>
      changes.map((c) => ({ ...c, add: Object.fromEntries(Object.entries(c.add).map(([k, v]) => [k, -v])) }));
    const tallies = [
      ...(before ? negate(d.tallies?.(before) ?? []) : []),
      ...(after ? (d.tallies?.(after) ?? []) : []),
    ];
    return { items, uniques: newUq.filter((u) => !oldUqIds.has(uqId(u))), tallies };
  }

  private tallyItems(path: TenantPath, tallies: TallyChange[]): TransactItem[] {
    return mergeTallies(tallies).map((change) => ({
      Update: tallyUpdate(this.store.tableName, path, this.definition.kind, change),
    }));
  }

  private eventPuts(path: TenantPath, id: string, events: RecordEvent[], start: number): TransactItem[] {
    // `type` is the store's item-kind attribute (stripped on read): the event's type is kept as `eventType`
    return events.map(({ type, ...event }, i) => ({
      Put: {
        TableName: this.store.tableName,
        Item: {
          PK: this.recordPK(path, id),
          SK: `EVT#${event.at}#${String(start + i).padStart(4, '0')}`,
          ...event,
          eventType: type,
        },
      },
    }));
  }

  /** Store a new record with its lists, uniques, tallies and events in one transaction; a taken unique is a 409. */
  async create(path: TenantPath, record: T, events: RecordEvent[] = [], extra: TransactItem[] = []): Promise<T> {
    const { items, uniques, tallies } = this.creation(path, record, events);
    await this.transact([...items, ...this.tallyItems(path, tallies), ...extra], uniques);
    return record;
  }

  /**
   * The items a new record is stored as — record, list items, uniques, events — without conditions or tallies:
   * for loading synthetic data in bulk (benchmarks), never for a request path.
   */
  bulkItems(path: TenantPath, record: T): Record<string, unknown>[] {
    return this.creation(path, record, []).items.flatMap((item) => (item.Put?.Item ? [item.Put.Item] : []));
  }

  /** The writes of a new record but its tallies (which a batch merges). */
  private creation(path: TenantPath, record: T, events: RecordEvent[]) {
    const sealed = this.seal(record);
    const { items, uniques, tallies } = this.derivedWrites(path, undefined, record, sealed);
    const meta: TransactItem = {
      Put: {
        TableName: this.store.tableName,
        Item: { PK: this.recordPK(path, record.id), SK: 'META', type: this.definition.kind, ...sealed },
        ConditionExpression: conditions.keyDoesNotExist,
      },
    };
    return { items: [meta, ...items, ...this.eventPuts(path, record.id, events, 0)], uniques, tallies };
  }

  /**
   * Store many new records (an import): as many as fit go into one transaction with their tallies merged, so a
   * batch costs a few round trips instead of one per record. When a batch is refused (a unique value is taken)
   * its records are stored one by one; `taken` lists those whose unique value another record holds.
   */
  async createMany(
    path: TenantPath,
    entries: readonly { record: T; events?: RecordEvent[] }[],
  ): Promise<{ created: T[]; taken: T[] }> {
    const created: T[] = [];
    const taken: T[] = [];
    const flush = async (batch: typeof entries) => {
      if (batch.length === 0) return;
      const writes = batch.map((e) => this.creation(path, e.record, e.events ?? []));
      try {
        await this.transact(
          [
            ...writes.flatMap((w) => w.items),
            ...this.tallyItems(
              path,
              writes.flatMap((w) => w.tallies),
            ),
          ],
          [],
        );
        created.push(...batch.map((e) => e.record));
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        for (const e of batch) {
          try {
            created.push(await this.create(path, e.record, e.events));
          } catch (inner) {
            if (inner instanceof ConflictError && inner.code === 'already_exists') taken.push(e.record);
            else throw inner;
          }
        }
      }
    };
    let batch: (typeof entries)[number][] = [];
    let size = 0;
    for (const entry of entries) {
      const w = this.creation(path, entry.record, entry.events ?? []);
      // each record's tally items are counted as if unshared: the merged total can only be smaller
      const cost = w.items.length + mergeTallies(w.tallies).length;
      if (size + cost > MAX_TRANSACTION_ITEMS) {
        await flush(batch);
        batch = [];
        size = 0;
      }
      batch.push(entry);
      size += cost;
    }
    await flush(batch);
    return { created, taken };
  }

  /**
   * Replace a record the caller read at `before.version`; lists, uniques and tallies follow in the same
   * transaction, with the caller's `extra` items (a KPI counter, a trace batch).
   */
  async update(
    path: TenantPath,
    before: T,
    after: T,
    events: RecordEvent[] = [],
    extra: TransactItem[] = [],
  ): Promise<T> {
    const next = { ...after, version: before.version + 1 };
    const sealed = this.seal(next);
    const derived = this.derivedWrites(path, before, next, sealed);
    const uniques = derived.uniques;
    const items = [...derived.items, ...this.tallyItems(path, derived.tallies)];
    const meta: TransactItem = {
      Put: {
        TableName: this.store.tableName,
        Item: { PK: this.recordPK(path, before.id), SK: 'META', type: this.definition.kind, ...sealed },
        ConditionExpression: `${conditions.keyExists} AND ${conditions.versionMatches}`,
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expectedVersion': before.version },
      },
    };
    const seq = Date.now() % 10_000; // events of one record at the same instant stay distinct
    await this.transact([meta, ...items, ...this.eventPuts(path, before.id, events, seq), ...extra], uniques);
    return next;
  }

  private async transact(items: TransactItem[], uniques: UniqueEntry[]): Promise<void> {
    try {
      await this.store.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') {
        throw new ConflictError(`${this.definition.label} was changed by someone else`, 'stale_version');
      }
      const field = uniques[0]?.field ?? 'id';
      throw new ConflictError(`${this.definition.label} already exists`, 'already_exists', [
        { path: field, message: 'already exists in this tenant' },
      ]);
    }
  }

  /** One record, or undefined. */
  async get(path: TenantPath, id: string): Promise<T | undefined> {
    const res = await this.store.doc.send(
      new GetCommand({ TableName: this.store.tableName, Key: { PK: this.recordPK(path, id), SK: 'META' } }),
    );
    return res.Item ? this.open(res.Item) : undefined;
  }

  /** One record, or a 404 naming the kind. */
  async require(path: TenantPath, id: string): Promise<T> {
    const record = await this.get(path, id);
    if (!record) throw new NotFoundError(this.definition.label);
    return record;
  }

  /** A transaction item that holds only while the record is still at `version` (a read recorded atomically). */
  versionCheck(path: TenantPath, id: string, version: number): TransactItem {
    return {
      ConditionCheck: {
        TableName: this.store.tableName,
        Key: { PK: this.recordPK(path, id), SK: 'META' },
        ConditionExpression: conditions.versionMatches,
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expectedVersion': version },
      },
    };
  }

  /**
   * One page of a list: a single Query of the list's partition, optionally narrowed to sort keys starting with
   * `prefix` (name search). The page holds at most `limit` records; `cursor` continues it.
   */
  async page(
    path: TenantPath,
    list: { index: string; value: string; prefix?: string },
    options: { limit: number; cursor?: string; newestFirst?: boolean },
  ): Promise<{ items: T[]; cursor?: string }> {
    const pk = this.indexPK(path, list.index, list.value);
    const startKey = this.cursors.decode(options.cursor, (k) => k.PK === pk);
    const res = await this.store.doc.send(
      new QueryCommand({
        TableName: this.store.tableName,
        KeyConditionExpression: list.prefix ? 'PK = :pk AND begins_with(SK, :prefix)' : 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk, ...(list.prefix ? { ':prefix': list.prefix } : {}) },
        ExclusiveStartKey: startKey,
        Limit: options.limit,
        ScanIndexForward: !options.newestFirst,
      }),
    );
    const items = (res.Items ?? []).map((item) => this.open(item.rec as Record<string, unknown>));
    return { items, cursor: this.cursors.encode(res.LastEvaluatedKey) };
  }

  /** Which records hold these unique values (BatchGet, 100 a call): value → id. */
  async holders(path: TenantPath, name: string, values: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const unique = [...new Set(values)];
    for (let i = 0; i < unique.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
        [this.store.tableName]: {
          Keys: unique.slice(i, i + 100).map((value) => this.uniqueKey(path, { name, value })),
        },
      };
      for (let attempt = 0; request && attempt < 10; attempt++) {
        const res: { Responses?: Record<string, Record<string, unknown>[]>; UnprocessedKeys?: unknown } =
          await this.store.doc.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of res.Responses?.[this.store.tableName] ?? []) {
          const pk = String(item.PK);
          found.set(pk.slice(pk.lastIndexOf('#') + 1), String(item.id));
        }
        const rest = res.UnprocessedKeys as typeof request | undefined;
        request = rest && Object.keys(rest).length > 0 ? rest : undefined;
      }
    }
    return found;
  }

  /** The record's history, oldest first (bounded by what happened to one record). */
  async history(path: TenantPath, id: string): Promise<RecordEvent[]> {
    const items = await queryAll(this.store, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :evt)',
      ExpressionAttributeValues: { ':pk': this.recordPK(path, id), ':evt': 'EVT#' },
    });
    return items.map((item) => {
      const { eventType, ...rest } = strip<Record<string, unknown>>(item);
      return { type: String(eventType), ...rest } as RecordEvent;
    });
  }
}

function dedupe<K>(list: K[], id: (k: K) => string): K[] {
  const seen = new Set<string>();
  return list.filter((k) => {
    if (seen.has(id(k))) return false;
    seen.add(id(k));
    return true;
  });
}
