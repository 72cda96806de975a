import { API_VERSION, openApiDocument } from './http/openapi';
import { routeSpecs } from './http/routes';
import { createLambdaApp } from './lambda';

// Building the app sends nothing anywhere (clients connect lazily): names only, for the route registry.
const OFFLINE_ENV = {
  AWS_REGION: 'cn-north-1',
  TABLE_NAME: 'CivicGrid-Data-CaseTable',
  BUCKET_NAME: 'civicgrid-evidence',
  STATE_MACHINE_ARN: 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:IncidentWorkflow',
  TENANT_ROLE_ARN: 'arn:aws-cn:iam::123456789012:role/TenantDataAccessRole',
  USER_POOL_ID: 'cn-north-1_AbC123',
  USER_POOL_CLIENT_ID: 'client123',
  WEB_ORIGINS: 'https://civicgrid.example.gov.cn',
};

/**
 * The OpenAPI document without a running instance (no network, no store): the app's route registry as the
 * Lambda builds it. `npm run gen:client` generates the console's client from it; the tests check it equals what
 * a running instance serves at /openapi.json.
 */
export async function buildOpenApiDocument() {
  const app = await createLambdaApp({ env: OFFLINE_ENV, log: () => {} });
  return openApiDocument(routeSpecs(app), API_VERSION);
}
