import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppConfig, bootstrapPlatform, createApp, createLocalDeps, type RouteModule } from '@civicgrid/api';
import { afterAll } from 'vitest';
import { appClient } from './app-client';
import { createTestBucket, dynamoEndpoint, s3Endpoint, testTableName } from './env';

export const ADMIN = { email: 'platform@civicgrid.test', password: 'platform-password-1' };

/**
 * The app in-process over the real embedded services (DynamoDB Local, s3rver, local Step Functions), with this
 * file's own table and bucket. `request` speaks HTTP semantics without a socket (hono's app.request).
 */
export async function createTestPlatform(
  options: {
    clock?: () => Date;
    modules?: RouteModule[];
    config?: Partial<AppConfig>;
    workflowPolicy?: { recheckSeconds?: number; maxEscalations?: number };
    /** the process kinds to run (default: the registry) — a test registers a kind of its own here */
    processKinds?: Parameters<typeof createLocalDeps>[0]['processKinds'];
    /** when webhook tries run (a test passes `manualScheduler` and moves its clock) */
    webhookScheduler?: Parameters<typeof createLocalDeps>[0]['webhookScheduler'];
    /** which webhook targets are allowed (a test passes the AWS policy with its own resolver) */
    webhookPolicy?: Parameters<typeof createLocalDeps>[0]['webhookPolicy'];
  } = {},
) {
  const keyDir = await mkdtemp(join(tmpdir(), 'civicgrid-keys-'));
  const bucket = await createTestBucket();
  const { deps, stop, restartWorkflow, jobs, webhooks } = await createLocalDeps({
    dynamoEndpoint: dynamoEndpoint(),
    tableName: testTableName(),
    s3Endpoint: s3Endpoint(),
    bucket,
    keyDir,
    clock: options.clock,
    workflowPolicy: options.workflowPolicy,
    processKinds: options.processKinds,
    webhookScheduler: options.webhookScheduler,
    webhookPolicy: options.webhookPolicy,
    log: () => {},
    config: {
      rateLimits: {
        signupsPerHour: 10_000,
        loginsPerMinute: 10_000,
        reportsPerMinute: 10_000,
        reportsPerTenantPerMinute: 10_000,
      },
      ...options.config,
    },
  });
  await bootstrapPlatform(deps, { adminEmail: ADMIN.email, adminPassword: ADMIN.password, demo: false });
  const app = createApp(deps, options.modules);
  afterAll(stop);
  return { app, deps, bucket, keyDir, restartWorkflow, jobs, webhooks, ...appClient(app) };
}
