import { createLambdaApp } from '@civicgrid/api';
import { handle } from 'hono/aws-lambda';

// Built once per container: configuration comes from the environment set by ApiStack
// (TABLE_NAME, BUCKET_NAME, STATE_MACHINE_ARN, JWKS_URL, JWT_ISSUER, TENANT_ROLE_ARN, …).
const app = await createLambdaApp();

/** API Gateway HTTP API (payload v2) → the Hono app. */
export const handler = handle(app);
