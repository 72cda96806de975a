import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { startDynamoDbLocal, startS3Local } from '@civicgrid/local/services';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local (in memory, shared by every test file of the run). */
    dynamoEndpoint: string;
    /** s3rver (temporary directory, shared by every test file of the run). */
    s3Endpoint: string;
  }
}

/** Starts ONE DynamoDB Local and ONE s3rver for the whole run: a JVM per test file would eat CI's time. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  applyPatchesIfMissing();
  const [dynamo, s3] = await Promise.all([startDynamoDbLocal(), startS3Local({ buckets: [] })]);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  return async () => {
    await Promise.all([dynamo.stop(), s3.stop()]);
  };
}

/** `npm install -w <workspace>` skips the root postinstall and leaves s3rver unpatched; re-apply before testing. */
function applyPatchesIfMissing(): void {
  const require = createRequire(import.meta.url);
  const auth = join(dirname(require.resolve('@20minutes/s3rver')), 'middleware', 'authentication.js');
  if (readFileSync(auth, 'utf8').includes('trailing slash included')) return;
  const root = join(dirname(new URL(import.meta.url).pathname), '..', '..');
  spawnSync(process.execPath, [require.resolve('patch-package/index.js')], { cwd: root, stdio: 'inherit' });
}
