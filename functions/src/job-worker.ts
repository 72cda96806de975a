import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { createLambdaJobWorker, type JobMessage } from '@civicgrid/api/lambda';
import middy from '@middy/core';

const logger = new Logger();

// Built once per container from the environment ApiStack sets (the API's, plus JOB_QUEUE_URL).
const worker = await createLambdaJobWorker({
  log: ({ level, message, ...rest }) => {
    const text = typeof message === 'string' ? message : 'log';
    if (level === 'ERROR') logger.error(text, rest);
    else if (level === 'WARN') logger.warn(text, rest);
    else logger.info(text, rest);
  },
});

/**
 * SQS → background jobs (spreadsheet imports), batch size 1 with partial batch responses: a failed job's message
 * is delivered again and resumes at the job's checkpoint (docs/deploy.md, "Background jobs").
 */
export const handler = middy(
  async (event: { Records: JobMessage[] }, context: { getRemainingTimeInMillis(): number }) =>
    worker.handle(event, context),
).use(injectLambdaContext(logger));
