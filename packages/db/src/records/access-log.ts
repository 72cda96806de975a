import { QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConflictError, type TenantPath } from '@civicgrid/domain';
import type { Store } from '../client';
import { conditions, isConditionFailure } from '../conditions';
import { CursorCodec } from '../cursor';
import { newId } from '../ids';
import { strip } from '../tenant-repository';

/** Who saw which sensitive values of what, when and why (PIPL). */
export interface AccessLogEntry {
  id: string;
  at: string;
  actorId: string;
  actorName?: string;
  actorRoles: string[];
  /** the kind of record (`person`) and its id */
  subjectKind: string;
  subjectId: string;
  /** a name to recognise the subject by in the log (never a sensitive value) */
  subjectLabel?: string;
  fields: string[];
  reason: string;
  action: 'reveal' | 'export' | 'read';
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The append-only access log of a tenant. Every entry is written twice, under the tenant's log and under the
 * subject's, both create-only (no route or repository call updates or deletes an entry):
 * `PK=<path>ACCESSLOG  SK=<at>#<id>` and `PK=<path>ACCESSLOG#<subjectId>  SK=<at>#<id>`.
 */
export class AccessLog {
  private readonly cursors: CursorCodec;

  constructor(
    private readonly store: Store,
    cursorSecret: string,
  ) {
    this.cursors = new CursorCodec(cursorSecret);
  }

  /** A new entry's fields (id and time filled in). */
  entry(input: Omit<AccessLogEntry, 'id' | 'at'>, now: Date): AccessLogEntry {
    return { ...input, id: newId(now), at: now.toISOString() };
  }

  private puts(path: TenantPath, entry: AccessLogEntry): TransactItem[] {
    const sk = `${entry.at}#${entry.id}`;
    return [`${path}ACCESSLOG`, `${path}ACCESSLOG#${entry.subjectId}`].map((pk) => ({
      Put: {
        TableName: this.store.tableName,
        Item: { PK: pk, SK: sk, type: 'ACCESSLOG', ...entry },
        ConditionExpression: conditions.keyDoesNotExist, // append-only: an entry is never overwritten
      },
    }));
  }

  /**
   * Record a read of sensitive values in one transaction with `check` (the read record is still at the version
   * shown): either the log holds the entry and the caller may show the values, or neither happened.
   */
  async recordRead(path: TenantPath, entry: AccessLogEntry, check: TransactItem): Promise<void> {
    try {
      await this.store.doc.send(new TransactWriteCommand({ TransactItems: [check, ...this.puts(path, entry)] }));
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConflictError('The record changed while it was read; try again', 'stale_version');
      throw error;
    }
  }

  /** Record an access that is not tied to one record's version (an unmasked export). */
  async record(path: TenantPath, entry: AccessLogEntry): Promise<void> {
    // both copies (the tenant's log and the subject's) or neither, as the class promises
    await this.store.doc.send(new TransactWriteCommand({ TransactItems: this.puts(path, entry) }));
  }

  /** One page of the log, newest first; with `subject`, that subject's entries only. */
  async page(
    path: TenantPath,
    options: { subject?: string; limit: number; cursor?: string },
  ): Promise<{ items: AccessLogEntry[]; cursor?: string }> {
    const pk = options.subject ? `${path}ACCESSLOG#${options.subject}` : `${path}ACCESSLOG`;
    const res = await this.store.doc.send(
      new QueryCommand({
        TableName: this.store.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: options.limit,
        ExclusiveStartKey: this.cursors.decode(options.cursor, (k) => k.PK === pk),
      }),
    );
    return {
      items: (res.Items ?? []).map((item) => strip<AccessLogEntry>(item)),
      cursor: this.cursors.encode(res.LastEvaluatedKey),
    };
  }
}
