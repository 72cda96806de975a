import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapPlatform, createApp, createLocalDeps } from '@civicgrid/api';
import { startDynamoDbLocal, startS3Local } from '@civicgrid/local/services';
import { serve } from '@hono/node-server';
import { appClient } from '../support/app-client';
import { type CapacityMeter, meterCapacity } from './capacity-meter';

export const BENCH_ADMIN = { email: 'platform@bench.test', password: 'platform-password-1' };

const UNLIMITED = 1_000_000_000;

/** The embedded stores, started once by the bench run (DynamoDB Local in memory, s3rver in a temp dir). */
export async function startBenchServices() {
  const [dynamo, s3] = await Promise.all([startDynamoDbLocal(), startS3Local({ buckets: ['bench-evidence'] })]);
  return {
    dynamoEndpoint: dynamo.endpoint,
    s3Endpoint: s3.endpoint,
    bucket: 'bench-evidence',
    stop: () => Promise.all([dynamo.stop(), s3.stop()]).then(() => undefined),
  };
}

export type BenchServices = Awaited<ReturnType<typeof startBenchServices>>;

/**
 * The app in-process over the bench's stores, served by @hono/node-server on a loopback port so load goes
 * through a real HTTP stack. Limits are lifted (rate limits, plan quotas): the bench measures speed, not refusals.
 */
export async function startBenchApp(services: BenchServices, tableName: string) {
  const { deps, stop, stateTransitions } = await createLocalDeps({
    dynamoEndpoint: services.dynamoEndpoint,
    tableName,
    s3Endpoint: services.s3Endpoint,
    bucket: services.bucket,
    keyDir: await mkdtemp(join(tmpdir(), 'civicgrid-bench-keys-')),
    log: () => {},
    config: {
      rateLimits: {
        signupsPerHour: UNLIMITED,
        loginsPerMinute: UNLIMITED,
        reportsPerMinute: UNLIMITED,
        reportsPerTenantPerMinute: UNLIMITED,
        uploadsPerMinute: UNLIMITED,
        lookupsPerMinute: UNLIMITED,
      },
      planLimits: {
        trial: { reportsPerMonth: UNLIMITED, users: UNLIMITED },
        standard: { reportsPerMonth: UNLIMITED, users: UNLIMITED },
        district: { reportsPerMonth: UNLIMITED, users: UNLIMITED },
      },
    },
  });
  const meter: CapacityMeter = meterCapacity(deps.store.doc);
  await bootstrapPlatform(deps, { adminEmail: BENCH_ADMIN.email, adminPassword: BENCH_ADMIN.password, demo: false });
  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    app,
    deps,
    meter,
    url,
    stateTransitions,
    ...appClient(app),
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stop();
    },
  };
}

export type BenchApp = Awaited<ReturnType<typeof startBenchApp>>;
