import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys, newId, type Store } from '@civicgrid/db';
import { parentOf, type TenantPath, tenantPath } from '@civicgrid/domain';

/** A message to a person: escalations to supervisors, step changes to a citizen who left a phone number. */
export interface OutboundMessage {
  tenantPath: string;
  caseId: string;
  kind: string;
  text: string;
  /** a phone number for SMS; absent for in-app notices to the tenant's staff */
  to?: string;
  /** the role an in-app notice is for (`leader`: an emergency warning) */
  audience?: string;
}

/** The port every notification goes through; an SMS provider adapter replaces the outbox in production. */
export interface MessageSender {
  notify(message: OutboundMessage): Promise<void>;
}

/**
 * The outbox adapter: messages are written to the tenant's OUTBOX partition, which the console shows. On the
 * embedded runtime this is the SMS channel; in AWS an SMS adapter sends and also records here.
 */
export function createOutboxSender(store: Store, clock: () => Date): MessageSender {
  return {
    async notify(message) {
      const now = clock();
      const path: TenantPath = tenantPath(message.tenantPath);
      // a repeated breach is raised to the level above: the parent tenant's centre gets the notice too
      const parent = message.kind.endsWith('.parent') ? parentOf(path) : undefined;
      for (const target of parent ? [path, parent] : [path]) {
        await store.doc.send(
          new PutCommand({
            TableName: store.tableName,
            Item: {
              ...keys.outbox(target, now.toISOString(), newId(now)),
              ...message,
              at: now.toISOString(),
              channel: message.to ? 'sms' : 'inbox',
            },
          }),
        );
      }
    },
  };
}
