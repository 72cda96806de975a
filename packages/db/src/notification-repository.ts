import { QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError, type TenantPath } from '@civicgrid/domain';
import type { Store } from './client';
import { conditions, failedConditionIndexes, isConditionFailure } from './conditions';
import { CursorCodec } from './cursor';
import { newId } from './ids';
import type { Key } from './keys';

/** New work for one staff member (the console's bell): a dispatch, a return, a rework, a 督办, an extension decision. */
export interface Notification {
  id: string;
  kind: string;
  caseId: string;
  /** the case's human number (`TD-2026-000123`) */
  number?: string;
  /** the case's description head, for the dropdown */
  summary: string;
  at: string;
  read: boolean;
}

const notificationsPK = (path: TenantPath, userId: string) => `${path}NOTIF#${userId}`;
const counterKey = (path: TenantPath, userId: string): Key => ({ PK: `${path}NOTIFCOUNT`, SK: userId });

/**
 * Per-user notifications, newest first in the user's own partition (`<tenant>NOTIF#<user>`, SK the time-ordered id), and an
 * unread counter item beside them. A page is one Query; the unread count is kept by ADD in the same transaction as
 * the write or the read mark. "Read all" sets the counter to 0 and remembers the instant: a notification older
 * than it (by id) counts as read without being rewritten (O(1), however many were unread).
 */
export class NotificationRepository {
  private readonly cursors: CursorCodec;

  constructor(
    private readonly store: Store,
    cursorSecret: string,
  ) {
    this.cursors = new CursorCodec(cursorSecret);
  }

  /** Store one notification for each user (and count it unread), one transaction per user. */
  async add(
    path: TenantPath,
    userIds: readonly string[],
    n: Omit<Notification, 'id' | 'read' | 'at'>,
    now: Date,
  ): Promise<void> {
    const at = now.toISOString();
    const { tableName } = this.store;
    for (const userId of new Set(userIds)) {
      const id = newId(now);
      await this.store.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { PK: notificationsPK(path, userId), SK: id, id, ...n, at, read: false },
                ConditionExpression: conditions.keyDoesNotExist,
              },
            },
            {
              Update: {
                TableName: tableName,
                Key: counterKey(path, userId),
                UpdateExpression: 'ADD unread :one',
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
          ],
        }),
      );
    }
  }

  /** A page of a user's notifications, newest first, and the unread count (two reads, whatever the history). */
  async page(
    path: TenantPath,
    userId: string,
    limit: number,
    cursor?: string,
  ): Promise<{ items: Notification[]; unread: number; cursor?: string }> {
    const pk = notificationsPK(path, userId);
    const [res, counter] = await Promise.all([
      this.store.doc.send(
        new QueryCommand({
          TableName: this.store.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: this.cursors.decode(cursor, (k) => k.PK === pk),
        }),
      ),
      this.counter(path, userId),
    ]);
    const items = (res.Items ?? []).map((item) => ({
      id: String(item.id),
      kind: String(item.kind),
      caseId: String(item.caseId),
      number: item.number === undefined ? undefined : String(item.number),
      summary: String(item.summary ?? ''),
      at: String(item.at),
      read: item.read === true || (counter.readAllMark !== undefined && String(item.id) < counter.readAllMark),
    }));
    return { items, unread: Math.max(0, counter.unread), cursor: this.cursors.encode(res.LastEvaluatedKey) };
  }

  /** Mark one notification read (idempotent); a notification of another user is a 404. */
  async markRead(path: TenantPath, userId: string, id: string): Promise<void> {
    const key = { PK: notificationsPK(path, userId), SK: id };
    const markItem = {
      TableName: this.store.tableName,
      Key: key,
      UpdateExpression: 'SET #read = :true',
      // exists and still unread: a second mark changes nothing and counts nothing
      ConditionExpression: `${conditions.keyExists} AND #read = :false`,
      ExpressionAttributeNames: { '#read': 'read' },
      ExpressionAttributeValues: { ':true': true, ':false': false },
    };
    try {
      await this.store.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: markItem },
            {
              Update: {
                TableName: this.store.tableName,
                Key: counterKey(path, userId),
                UpdateExpression: 'ADD unread :minus',
                // a notification older than the last "read all" was already taken off the count
                ConditionExpression: 'attribute_not_exists(readAllMark) OR readAllMark < :id',
                ExpressionAttributeValues: { ':minus': -1, ':id': id },
              },
            },
          ],
        }),
      );
    } catch (error) {
      const failed = failedConditionIndexes(error);
      if (failed.includes(0)) {
        if (await this.exists(key)) return; // already read
        throw new NotFoundError('Notification');
      }
      if (!failed.includes(1) && !isConditionFailure(error)) throw error;
      // counted as read by "read all": only the item's own mark is left to set
      try {
        await this.store.doc.send(new UpdateCommand(markItem));
      } catch (inner) {
        if (!isConditionFailure(inner)) throw inner;
      }
    }
  }

  /** Every notification up to now counts as read (one write). */
  async markAllRead(path: TenantPath, userId: string, now: Date): Promise<void> {
    await this.store.doc.send(
      new UpdateCommand({
        TableName: this.store.tableName,
        Key: counterKey(path, userId),
        UpdateExpression: 'SET unread = :zero, readAllMark = :mark',
        // ids start with the creation instant in base 36: every id made up to now sorts below this mark
        ExpressionAttributeValues: { ':zero': 0, ':mark': `${now.getTime().toString(36)}~` },
      }),
    );
  }

  private async counter(path: TenantPath, userId: string): Promise<{ unread: number; readAllMark?: string }> {
    const res = await this.store.doc.send(
      new QueryCommand({
        TableName: this.store.tableName,
        KeyConditionExpression: 'PK = :pk AND SK = :sk',
        ExpressionAttributeValues: { ':pk': counterKey(path, userId).PK, ':sk': userId },
      }),
    );
    const item = res.Items?.[0];
    return {
      unread: Number(item?.unread ?? 0),
      readAllMark: item?.readAllMark === undefined ? undefined : String(item.readAllMark),
    };
  }

  private async exists(key: Key): Promise<boolean> {
    const res = await this.store.doc.send(
      new QueryCommand({
        TableName: this.store.tableName,
        KeyConditionExpression: 'PK = :pk AND SK = :sk',
        ExpressionAttributeValues: { ':pk': key.PK, ':sk': key.SK },
      }),
    );
    return (res.Items?.length ?? 0) > 0;
  }
}
