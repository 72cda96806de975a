import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, expect, test } from 'vitest';
import type { RuntimeConfig } from './config';
import { LOCK_FILE } from './data-dir';
import { StartupError } from './errors';
import { type EmbeddedServices, EVIDENCE_BUCKET, type Runtime, startRuntime, TABLE_NAME } from './runtime';

const dataDir = mkdtempSync(join(tmpdir(), 'civicgrid-runtime-'));
const config: RuntimeConfig = { port: 0, host: '127.0.0.1', dataDir, demo: false };
const started: Runtime[] = [];
afterAll(async () => {
  await Promise.all(started.map((runtime) => runtime.stop()));
  rmSync(dataDir, { recursive: true, force: true });
});

test('starts the stores for the app, serves it, refuses a second instance on the data dir, and stops', async () => {
  let services: EmbeddedServices | undefined;
  let appStopped = false;
  const lines: string[] = [];
  const runtime = await startRuntime(config, {
    log: (line) => lines.push(line),
    composeApp: async (given) => {
      services = given;
      return {
        fetch: (request) => Response.json({ status: 'ok', path: new URL(request.url).pathname }),
        banner: ['hello from the app'],
        stop: async () => {
          appStopped = true;
        },
      };
    },
  });
  started.push(runtime);
  expect(runtime.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(lines).toEqual([`CivicGrid is running at ${runtime.url}  (data: ${dataDir})`, 'hello from the app']);
  expect(await (await fetch(`${runtime.url}/health`)).json()).toEqual({ status: 'ok', path: '/health' });

  // The services handed to the app are live: the table and the evidence bucket exist.
  const s = services!;
  const dynamo = new DynamoDBClient({
    endpoint: s.dynamo.endpoint,
    region: s.dynamo.region,
    credentials: s.dynamo.credentials,
  });
  const table = await dynamo.send(new DescribeTableCommand({ TableName: TABLE_NAME }));
  expect(table.Table?.TableStatus).toBe('ACTIVE');
  const s3 = new S3Client({ ...s.s3, requestChecksumCalculation: 'WHEN_REQUIRED' });
  await s3.send(new HeadBucketCommand({ Bucket: EVIDENCE_BUCKET }));
  expect(existsSync(join(dataDir, 'dynamodb', 'shared-local-instance.db'))).toBe(true);

  const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'));
  expect(lock).toMatchObject({ pid: process.pid, port: Number(new URL(runtime.url).port) });

  const second = startRuntime(config, { composeApp: () => Promise.reject(new Error('must not be reached')) });
  await expect(second).rejects.toThrow(StartupError);
  await expect(second).rejects.toThrow(
    /^data directory .* is already used by a running CivicGrid \(pid \d+, port \d+\)$/,
  );

  await runtime.stop();
  started.pop();
  expect(appStopped).toBe(true);
  expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  await expect(fetch(`${runtime.url}/health`)).rejects.toThrow();
  await expect(dynamo.send(new DescribeTableCommand({ TableName: TABLE_NAME }))).rejects.toThrow();
  dynamo.destroy();
  s3.destroy();
});

test('npm start prints one line and exits 1 when PORT is taken', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    const result = spawnSync(process.execPath, ['--import', 'tsx', new URL('./main.ts', import.meta.url).pathname], {
      env: { ...process.env, NODE_NO_WARNINGS: '1', PORT: String(port), CIVICGRID_DATA_DIR: join(dataDir, 'other') },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe(`civicgrid: PORT ${port} is already in use\n`);
    expect(result.status).toBe(1);
  } finally {
    blocker.close();
  }
});

test('an invalid setting is one line too', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', new URL('./main.ts', import.meta.url).pathname], {
    env: { ...process.env, NODE_NO_WARNINGS: '1', PORT: 'http' },
    encoding: 'utf8',
  });
  expect(result.stderr).toMatch(/^civicgrid: PORT="http" is invalid: .+\n$/);
  expect(result.status).toBe(1);
});
