import type { SQSClient } from '@aws-sdk/client-sqs';
import type { BackgroundJob, JobHandler, JobPort } from '../deps';

export interface SqsJobPortOptions {
  queueUrl: string;
  /** the client, built on first use (the API imports the SQS package only when a job is first queued) */
  client: () => Promise<SQSClient>;
}

/**
 * Background jobs on AWS: `enqueue` sends one SQS message (the job as JSON); the job-worker Lambda, subscribed to
 * the queue, builds the same app (so the same handlers are registered) and runs the message's job with
 * {@link JobPort.register}'s handler. A continuation of a job that yielded is one more message.
 */
export function createSqsJobPort(
  options: SqsJobPortOptions,
): JobPort & { handler(kind: string): JobHandler | undefined } {
  const handlers = new Map<string, JobHandler>();
  return {
    register(kind, handler) {
      handlers.set(kind, handler);
    },
    handler: (kind) => handlers.get(kind),
    async enqueue(job: BackgroundJob) {
      const [client, { SendMessageCommand }] = await Promise.all([options.client(), import('@aws-sdk/client-sqs')]);
      await client.send(
        new SendMessageCommand({
          QueueUrl: options.queueUrl,
          MessageBody: JSON.stringify({ kind: job.kind, tenantPath: job.tenantPath, id: job.id }),
        }),
      );
    },
  };
}
