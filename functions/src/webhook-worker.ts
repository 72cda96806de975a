import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { createLambdaWebhookWorker, type WebhookWorkerEvent } from '@civicgrid/api/lambda';
import middy from '@middy/core';

const logger = new Logger();

// Built once per container from the environment ApiStack sets (the API's, plus WEBHOOK_QUEUE_URL).
const worker = await createLambdaWebhookWorker({
  log: ({ level, message, ...rest }) => {
    const text = typeof message === 'string' ? message : 'log';
    if (level === 'ERROR') logger.error(text, rest);
    else if (level === 'WARN') logger.warn(text, rest);
    else logger.info(text, rest);
  },
});

/**
 * DynamoDB stream (outbox inserts) and the retry queue → signed webhook deliveries, with partial batch
 * responses (docs/deploy.md, "Webhooks").
 */
export const handler = middy(async (event: WebhookWorkerEvent) => worker.handle(event)).use(
  injectLambdaContext(logger),
);
