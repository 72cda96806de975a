import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDynamo, ensureTable } from '@civicgrid/db';
import type { RuntimeConfig } from './config';
import { acquireDataDirLock } from './data-dir';
import { createHttpServer, runtimePageCsp, withSecurityHeaders } from './http-edge';
import { listenError, preflight } from './preflight';
import {
  DYNAMODB_LOCAL_CREDENTIALS,
  DYNAMODB_LOCAL_REGION,
  S3_LOCAL_CREDENTIALS,
  S3_LOCAL_REGION,
  startDynamoDbLocal,
  startS3Local,
} from './services';
import { createShutdown } from './signals';
import { withWebAssets } from './web-assets';

export const TABLE_NAME = 'civicgrid';
export const EVIDENCE_BUCKET = 'civicgrid-evidence';
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** What the embedded runtime has started for the application to use. */
export interface EmbeddedServices {
  config: RuntimeConfig;
  /** Absolute data directory. */
  dataDir: string;
  /** Where the local issuer keeps its signing key. */
  keyDir: string;
  dynamo: { endpoint: string; region: string; credentials: typeof DYNAMODB_LOCAL_CREDENTIALS; tableName: string };
  s3: {
    endpoint: string;
    region: string;
    credentials: typeof S3_LOCAL_CREDENTIALS;
    bucket: string;
    forcePathStyle: true;
  };
  log: (line: string) => void;
}

/** The application the runtime serves: a fetch handler plus what it prints and how it stops. */
export interface ComposedApp {
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
  /** Lines printed after the URL (first-start admin password, demo logins). */
  banner?: string[];
  /** Stops what the composer started (the local Step Functions engine, …); runs before the stores stop. */
  stop?: () => Promise<void>;
  /** Told the address the runtime listens at once it does (links in citizen SMS notices point there by default). */
  listening?: (url: string) => void;
}

export type ComposeApp = (services: EmbeddedServices) => Promise<ComposedApp>;

export interface RuntimeOptions {
  /** Builds the API and workflow engine on top of the services (see compose-app.ts). */
  composeApp: ComposeApp;
  log?: (line: string) => void;
}

export interface Runtime {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts CivicGrid on one machine: preflight → data-dir lock → DynamoDB Local (disk) → table → s3rver → the app →
 * HTTP server. Anything that fails on the way is stopped again in reverse order before the error propagates.
 */
export async function startRuntime(config: RuntimeConfig, options: RuntimeOptions): Promise<Runtime> {
  const log = options.log ?? ((line: string) => console.log(line));
  const shutdown = createShutdown({ log });
  try {
    const { dataDir } = await preflight({ host: config.host, port: config.port, dataDir: config.dataDir });
    const lock = acquireDataDirLock(dataDir, config.port);
    shutdown.add('lock', () => lock.release());

    const [dynamo, s3] = await Promise.all([
      startDynamoDbLocal({ dataDir }),
      startS3Local({ dataDir: join(dataDir, 's3'), host: '127.0.0.1', buckets: [EVIDENCE_BUCKET] }),
    ]);
    shutdown.add('dynamodb', () => dynamo.stop());
    shutdown.add('s3', () => s3.stop());

    const { client } = createDynamo({
      endpoint: dynamo.endpoint,
      region: DYNAMODB_LOCAL_REGION,
      credentials: DYNAMODB_LOCAL_CREDENTIALS,
    });
    await ensureTable(client, TABLE_NAME);
    client.destroy();

    const services: EmbeddedServices = {
      config,
      dataDir,
      keyDir: join(dataDir, 'keys'),
      dynamo: {
        endpoint: dynamo.endpoint,
        region: DYNAMODB_LOCAL_REGION,
        credentials: DYNAMODB_LOCAL_CREDENTIALS,
        tableName: TABLE_NAME,
      },
      s3: {
        endpoint: s3.endpoint,
        region: S3_LOCAL_REGION,
        credentials: S3_LOCAL_CREDENTIALS,
        bucket: EVIDENCE_BUCKET,
        forcePathStyle: true,
      },
      log,
    };
    const app = await options.composeApp(services);
    if (app.stop) shutdown.add('app', app.stop);

    const dist = resolve(WEB_DIST);
    // security headers on every response over the socket, the pages' CSP naming this runtime's tiles and s3rver
    const pageCsp = runtimePageCsp(dist, services.s3.endpoint);
    const server = await listen(withSecurityHeaders(withWebAssets(app.fetch, dist), pageCsp), config.host, config.port);
    shutdown.add('http', () => closeServer(server));
    const { port } = server.address() as AddressInfo;
    lock.updatePort(port);
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    app.listening?.(url);
    log(`CivicGrid is running at ${url}  (data: ${dataDir})`);
    for (const line of app.banner ?? []) log(line);
    return { url, stop: async () => void (await shutdown.run()) };
  } catch (error) {
    await shutdown.run();
    throw error;
  }
}

function listen(fetch: ComposedApp['fetch'], host: string, port: number): Promise<Server> {
  return new Promise((resolveServer, reject) => {
    const server = createHttpServer(fetch);
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, host, port)));
    server.listen(port, host, () => resolveServer(server));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeIdleConnections();
    // Long-polling or stuck clients must not hold the shutdown hostage.
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
  });
}
