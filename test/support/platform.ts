import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AppConfig,
  type AppDeps,
  bootstrapPlatform,
  createApp,
  createLocalDeps,
  type RouteModule,
} from '@civicgrid/api';
import { afterAll } from 'vitest';
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
  } = {},
) {
  const keyDir = await mkdtemp(join(tmpdir(), 'civicgrid-keys-'));
  const bucket = await createTestBucket();
  const { deps, stop, restartWorkflow } = await createLocalDeps({
    dynamoEndpoint: dynamoEndpoint(),
    tableName: testTableName(),
    s3Endpoint: s3Endpoint(),
    bucket,
    keyDir,
    clock: options.clock,
    workflowPolicy: options.workflowPolicy,
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
  return { app, deps, bucket, keyDir, restartWorkflow, ...helpers(app, deps) };
}

function helpers(app: ReturnType<typeof createApp>, _deps: AppDeps) {
  async function call(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    headers: Record<string, string> = {},
  ) {
    const res = await app.request(path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, body: json, headers: res.headers };
  }
  async function login(email: string, password: string): Promise<string> {
    const res = await call('POST', '/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  }
  /** Sign up a tenant and log its admin in. */
  async function signup(slug: string, level: 'district' | 'street', parentSlug?: string) {
    const email = `admin@${slug}.test`;
    const password = 'correct-horse-battery';
    const res = await call('POST', '/api/signup', {
      tenant: { name: `Tenant ${slug}`, slug, level, ...(parentSlug ? { parentSlug } : {}) },
      admin: { name: `Admin ${slug}`, email, password },
    });
    if (res.status !== 201) throw new Error(`signup ${slug} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { tenant: res.body.tenant, user: res.body.user, token: await login(email, password), email, password };
  }
  return { call, login, signup };
}
