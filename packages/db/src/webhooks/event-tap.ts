import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { TenantPath } from '@civicgrid/domain';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** An event of a record as the write path raises it, before it is queued for the tenant's webhooks. */
export interface HookEventDraft {
  type: string;
  at: string;
  data: Record<string, string | number | boolean | null>;
}

/**
 * The write path's tap for webhooks: the repositories of cases and of every process kind ask it for the items to
 * write in the same transaction as a transition (the outbox item of each event a webhook of the tenant subscribed
 * to — none when nobody did), and tell it once the transaction committed (the embedded runtime then delivers at
 * once; on AWS the table's stream does). Set on the {@link Store} by the runtime's wiring; absent = no webhooks.
 */
export interface EventTap {
  itemsFor(path: TenantPath, events: readonly HookEventDraft[]): Promise<TransactItem[]>;
  committed(items: readonly TransactItem[]): void;
}
