import type { SQSClient } from '@aws-sdk/client-sqs';
import { tenantContext } from '@civicgrid/db';
import { tenantPath } from '@civicgrid/domain';
import * as z from 'zod';
import type { AppDeps } from '../deps';
import { createLambdaDeps, type LambdaAppOptions, onFirstUse } from '../lambda';
import type { QueuedRef } from '../webhooks/tap';
import { LambdaConfigError, readLambdaSettings } from './lambda-env';

/** SQS waits at most this long before it hands a message over (a longer backoff is waited in several hops). */
const SQS_MAX_DELAY_SECONDS = 900;

/** A record of the worker's two event sources: the table's stream (outbox inserts) and the retry queue. */
export type WebhookWorkerEvent = {
  Records: Array<
    | {
        eventSource: 'aws:dynamodb';
        eventName?: string;
        dynamodb?: { SequenceNumber?: string; NewImage?: Record<string, { S?: string }> };
      }
    | { eventSource: 'aws:sqs'; messageId: string; body: string }
  >;
};

const retryMessage = z.object({
  tenantPath: z.string().regex(/^(?:[dsc][0-9]{3,6}\/)+$/),
  eventId: z.string().min(1).max(200),
});

/**
 * The webhook worker Lambda. The table's stream (filtered to inserts of outbox items, `type = webhook-event`)
 * brings each new event; the worker fans it out and makes the first try at once. A delivery still pending is
 * sent to the retry queue with a delay up to SQS's 15 minutes; a message that comes back before its delivery is
 * due is sent on again (longer waits in hops). Every event is handled in its tenant's context, through the tenant
 * role — as a request of that tenant would be. A failure is a batch item failure: the stream or the queue hands
 * the record over again (the delivery's attempt counter keeps a try from being sent twice).
 */
export async function createLambdaWebhookWorker(options: LambdaAppOptions = {}) {
  const settings = readLambdaSettings(options.env);
  if (!settings.webhookQueueUrl) throw new LambdaConfigError(['WEBHOOK_QUEUE_URL: the webhook worker needs its queue']);
  const queueUrl = settings.webhookQueueUrl;
  const deps: AppDeps = await createLambdaDeps(options);
  const webhooks = deps.webhooks;
  if (!webhooks) throw new LambdaConfigError(['webhooks: not configured']);
  const sqs = onFirstUse<SQSClient>(
    async () => new (await import('@aws-sdk/client-sqs')).SQSClient({ region: settings.region }),
  );
  const later = async (ref: QueuedRef, at: Date) => {
    const [client, { SendMessageCommand }] = await Promise.all([sqs(), import('@aws-sdk/client-sqs')]);
    const seconds = Math.ceil((at.getTime() - deps.clock().getTime()) / 1000);
    await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(ref),
        DelaySeconds: Math.min(SQS_MAX_DELAY_SECONDS, Math.max(0, seconds)),
      }),
    );
  };
  const run = async (ref: QueuedRef) => {
    const next = await tenantContext.run({ tenantPath: ref.tenantPath }, () => webhooks.deliverer.process(ref));
    if (next) await later(ref, next);
  };
  return {
    deps,
    async handle(event: WebhookWorkerEvent): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
      const batchItemFailures: { itemIdentifier: string }[] = [];
      for (const record of event.Records) {
        const id = record.eventSource === 'aws:sqs' ? record.messageId : (record.dynamodb?.SequenceNumber ?? '');
        try {
          if (record.eventSource === 'aws:sqs') {
            const ref = retryMessage.parse(JSON.parse(record.body));
            await run({ tenantPath: tenantPath(ref.tenantPath), eventId: ref.eventId });
          } else {
            const image = record.dynamodb?.NewImage;
            const path = image?.tenantPath?.S;
            const eventId = image?.SK?.S;
            if (record.eventName !== 'INSERT' || !path || !eventId) continue;
            await run({ tenantPath: tenantPath(path), eventId });
          }
        } catch (error) {
          deps.log({ level: 'ERROR', message: 'webhook worker failed', record: id, error: (error as Error).message });
          batchItemFailures.push({ itemIdentifier: id });
        }
      }
      return { batchItemFailures };
    },
  };
}
