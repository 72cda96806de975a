import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { NotFoundError, type TenantPath, type WebhookEvent } from '@civicgrid/domain';
import type { Store } from '../client';
import { conditions, isConditionFailure } from '../conditions';
import { CursorCodec } from '../cursor';
import { queryAll } from '../query-all';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A registered webhook as stored; the signing secret sealed with the field cipher (it must be read to sign). */
export interface WebhookRecord {
  id: string;
  url: string;
  events: string[];
  description?: string;
  secretSealed: string;
  createdAt: string;
  createdBy: string;
  version: number;
}

/** Where a delivery stands: `pending` (queued or waiting for its next try), `delivered`, `failed` (gave up). */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event's delivery to one webhook: its log entry, and the state of its retries. */
export interface DeliveryRecord {
  hookId: string;
  eventId: string;
  eventType: string;
  event: WebhookEvent;
  status: DeliveryStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt?: string;
  lastAttemptAt?: string;
  /** the receiver's HTTP status of the last try */
  lastStatus?: number;
  /** why the last try failed without a status (timeout, refused target, connection error) */
  lastError?: string;
  deliveredAt?: string;
  /** a try in flight holds the delivery until then (another runner leaves it alone) */
  leaseUntil?: string;
}

/** An event in the tenant's webhook outbox, until every target's delivery has settled. */
export interface QueuedEvent {
  event: WebhookEvent;
  targets: string[];
}

const hooksPK = (path: TenantPath) => `${path}WEBHOOKS`;
const queuePK = (path: TenantPath) => `${path}HOOKQ`;
const deliveriesPK = (path: TenantPath, hookId: string) => `${path}WEBHOOK#${hookId}`;
const deliverySK = (eventId: string) => `DLV#${eventId}`;

/** The item type of an outbox event: the AWS stream's filter selects these inserts. */
export const WEBHOOK_EVENT_ITEM_TYPE = 'webhook-event';

/**
 * Webhooks of a tenant, the outbox of events queued for them, and the delivery log per webhook
 * (docs/data-model.md, "Webhooks").
 */
export class WebhookRepository {
  private readonly cursors: CursorCodec;

  constructor(
    readonly store: Store,
    cursorSecret: string,
  ) {
    this.cursors = new CursorCodec(cursorSecret);
  }

  /** The tenant's webhooks (a small collection: at most a few per tenant). */
  async list(path: TenantPath): Promise<WebhookRecord[]> {
    const items = await queryAll(this.store, {
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': hooksPK(path) },
    });
    return items.map(strip) as unknown as WebhookRecord[];
  }

  async get(path: TenantPath, id: string): Promise<WebhookRecord | undefined> {
    const res = await this.store.doc.send(
      new GetCommand({ TableName: this.store.tableName, Key: { PK: hooksPK(path), SK: id }, ConsistentRead: true }),
    );
    return res.Item ? (strip(res.Item) as unknown as WebhookRecord) : undefined;
  }

  async create(path: TenantPath, record: WebhookRecord): Promise<void> {
    await this.store.doc.send(
      new PutCommand({
        TableName: this.store.tableName,
        Item: { PK: hooksPK(path), SK: record.id, type: 'webhook', ...record },
        ConditionExpression: conditions.keyDoesNotExist,
      }),
    );
  }

  /** Remove a webhook (its queued deliveries are dropped at their next try); a missing one is a 404. */
  async delete(path: TenantPath, id: string): Promise<void> {
    try {
      await this.store.doc.send(
        new DeleteCommand({
          TableName: this.store.tableName,
          Key: { PK: hooksPK(path), SK: id },
          ConditionExpression: conditions.keyExists,
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new NotFoundError('Webhook');
      throw error;
    }
  }

  /** The outbox item of one event, written in the transaction that raised it. */
  outboxItem(path: TenantPath, queued: QueuedEvent): TransactItem {
    return {
      Put: {
        TableName: this.store.tableName,
        Item: {
          PK: queuePK(path),
          SK: queued.event.id,
          type: WEBHOOK_EVENT_ITEM_TYPE,
          tenantPath: path,
          ...queued,
        },
        ConditionExpression: conditions.keyDoesNotExist,
      },
    };
  }

  async queued(path: TenantPath, eventId: string): Promise<QueuedEvent | undefined> {
    const res = await this.store.doc.send(
      new GetCommand({
        TableName: this.store.tableName,
        Key: { PK: queuePK(path), SK: eventId },
        ConsistentRead: true,
      }),
    );
    return res.Item ? { event: res.Item.event as WebhookEvent, targets: res.Item.targets as string[] } : undefined;
  }

  /** Every event still in the tenant's outbox (the embedded runtime's resume after a restart). */
  async queuedEvents(path: TenantPath): Promise<QueuedEvent[]> {
    const items = await queryAll(this.store, {
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': queuePK(path) },
    });
    return items.map((i) => ({ event: i.event as WebhookEvent, targets: i.targets as string[] }));
  }

  /** Drop an event from the outbox once all its deliveries settled. */
  async dequeue(path: TenantPath, eventId: string): Promise<void> {
    await this.store.doc.send(
      new DeleteCommand({ TableName: this.store.tableName, Key: { PK: queuePK(path), SK: eventId } }),
    );
  }

  /** The delivery of an event to a webhook, created pending on first sight (a second fan-out changes nothing). */
  async ensureDelivery(path: TenantPath, hookId: string, event: WebhookEvent, now: Date): Promise<DeliveryRecord> {
    const record: DeliveryRecord = {
      hookId,
      eventId: event.id,
      eventType: event.type,
      event,
      status: 'pending',
      attempts: 0,
      createdAt: now.toISOString(),
      nextAttemptAt: now.toISOString(),
    };
    try {
      await this.store.doc.send(
        new PutCommand({
          TableName: this.store.tableName,
          Item: { PK: deliveriesPK(path, hookId), SK: deliverySK(event.id), type: 'webhook-delivery', ...record },
          ConditionExpression: conditions.keyDoesNotExist,
        }),
      );
      return record;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return (await this.delivery(path, hookId, event.id)) as DeliveryRecord;
    }
  }

  async delivery(path: TenantPath, hookId: string, eventId: string): Promise<DeliveryRecord | undefined> {
    const res = await this.store.doc.send(
      new GetCommand({
        TableName: this.store.tableName,
        Key: { PK: deliveriesPK(path, hookId), SK: deliverySK(eventId) },
        ConsistentRead: true,
      }),
    );
    return res.Item ? (strip(res.Item) as unknown as DeliveryRecord) : undefined;
  }

  /** The deliveries of some webhooks for one event (one batched read). */
  async deliveriesOf(path: TenantPath, hookIds: readonly string[], eventId: string): Promise<DeliveryRecord[]> {
    if (hookIds.length === 0) return [];
    const res = await this.store.doc.send(
      new BatchGetCommand({
        RequestItems: {
          [this.store.tableName]: {
            Keys: hookIds.map((h) => ({ PK: deliveriesPK(path, h), SK: deliverySK(eventId) })),
            ConsistentRead: true,
          },
        },
      }),
    );
    return (res.Responses?.[this.store.tableName] ?? []).map((i) => strip(i) as unknown as DeliveryRecord);
  }

  /**
   * Take a pending delivery for one try: only if it is due, nobody holds it and nobody tried since we read it
   * (the attempt count is the lock) — so two runners never send the same try twice.
   */
  async claim(path: TenantPath, d: DeliveryRecord, now: Date, leaseMs: number): Promise<boolean> {
    try {
      await this.store.doc.send(
        new UpdateCommand({
          TableName: this.store.tableName,
          Key: { PK: deliveriesPK(path, d.hookId), SK: deliverySK(d.eventId) },
          UpdateExpression: 'SET attempts = :next, leaseUntil = :lease, lastAttemptAt = :now',
          ConditionExpression:
            '#status = :pending AND attempts = :seen AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':next': d.attempts + 1,
            ':seen': d.attempts,
            ':pending': 'pending',
            ':now': now.toISOString(),
            ':lease': new Date(now.getTime() + leaseMs).toISOString(),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Record the outcome of the try that `claim` took (attempt number `attempts`). */
  async settle(
    path: TenantPath,
    d: Pick<DeliveryRecord, 'hookId' | 'eventId'>,
    attempts: number,
    outcome: Pick<DeliveryRecord, 'status' | 'lastStatus' | 'lastError' | 'nextAttemptAt' | 'deliveredAt'>,
  ): Promise<void> {
    const set: string[] = ['#status = :status'];
    const remove: string[] = ['leaseUntil'];
    const values: Record<string, unknown> = { ':status': outcome.status, ':attempts': attempts };
    for (const field of ['lastStatus', 'lastError', 'nextAttemptAt', 'deliveredAt'] as const) {
      const v = outcome[field];
      if (v === undefined) remove.push(field);
      else {
        set.push(`${field} = :${field}`);
        values[`:${field}`] = v;
      }
    }
    await this.store.doc.send(
      new UpdateCommand({
        TableName: this.store.tableName,
        Key: { PK: deliveriesPK(path, d.hookId), SK: deliverySK(d.eventId) },
        UpdateExpression: `SET ${set.join(', ')} REMOVE ${remove.join(', ')}`,
        // only the try that claimed it writes its outcome
        ConditionExpression: 'attempts = :attempts',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
  }

  /** A webhook's delivery log, newest first, one page (O(page): one Query). */
  async deliveries(
    path: TenantPath,
    hookId: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ items: DeliveryRecord[]; cursor?: string }> {
    const pk = deliveriesPK(path, hookId);
    const res = await this.store.doc.send(
      new QueryCommand({
        TableName: this.store.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :dlv)',
        ExpressionAttributeValues: { ':pk': pk, ':dlv': 'DLV#' },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: this.cursors.decode(page.cursor, (k) => k.PK === pk),
      }),
    );
    return {
      items: (res.Items ?? []).map((i) => strip(i) as unknown as DeliveryRecord),
      cursor: this.cursors.encode(res.LastEvaluatedKey),
    };
  }
}

function strip(item: Record<string, unknown>): Record<string, unknown> {
  const { PK: _p, SK: _s, type: _t, ...rest } = item;
  return rest;
}
