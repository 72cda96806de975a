import { Logger } from '@aws-lambda-powertools/logger';
import { createLambdaApp } from '@civicgrid/api/lambda';
import { handle } from 'hono/aws-lambda';

const logger = new Logger();

// Built once per container: configuration comes from the environment set by ApiStack
// (TABLE_NAME, BUCKET_NAME, STATE_MACHINE_ARN, JWKS_URL, JWT_ISSUER, TENANT_ROLE_ARN, …).
const app = await createLambdaApp({
  log: ({ level, message, ...rest }) => {
    const text = typeof message === 'string' ? message : 'log';
    if (level === 'ERROR') logger.error(text, rest);
    else if (level === 'WARN') logger.warn(text, rest);
    else logger.info(text, rest);
  },
});

/** API Gateway HTTP API (payload v2) → the Hono app. */
export const handler = handle(app);
