import { spawnSync } from 'node:child_process';
import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import type { BenchRow } from './report';
import { median, round } from './stats';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Lambda entries as infra deploys them (api-stack, staff-user-pool, incident-workflow). */
const ENTRIES = ['api', 'pre-token', 'workflow-prepare', 'workflow-await-action', 'workflow-escalate'];
const API_BUDGET_KB = 400;
const RUNS = 15;

/** CivicGridFunction's bundling (infra/src/lambda/civicgrid-function.ts), minus source maps. */
const lambdaBuild: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  mainFields: ['module', 'main'],
  banner: {
    js:
      "import { createRequire as __civicgridCreateRequire } from 'node:module';" +
      'const require = __civicgridCreateRequire(import.meta.url);',
  },
  logLevel: 'silent',
};

/** A Lambda with nothing but the DynamoDB client: the floor any function that reads the table pays. */
const BASELINE = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({ region: 'cn-north-1' });
export const handler = async () => ({ statusCode: 200, body: String(typeof client.send) });`;

/** Dummy environment: enough for createLambdaDeps to build its clients; nothing here is ever called. */
const API_ENV = {
  AWS_REGION: 'cn-north-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_NAME: 'civicgrid-bench',
  BUCKET_NAME: 'civicgrid-bench',
  STATE_MACHINE_ARN: 'arn:aws-cn:states:cn-north-1:000000000000:stateMachine:bench',
  TENANT_ROLE_ARN: 'arn:aws-cn:iam::000000000000:role/bench',
  USER_POOL_ID: 'cn-north-1_Bench0',
  USER_POOL_CLIENT_ID: 'bench-client',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

/**
 * In a fresh process: import the bundle, then invoke its handler once (for the API an API Gateway v2 event for an
 * unknown route: the app is built from the environment, the request runs the middleware chain and the 404 handler,
 * and no AWS call is made). Prints the milliseconds from before the import to the handler's answer.
 */
const PROBE = `const t0 = performance.now();
const mod = await import(process.argv[2]);
const event = { version: '2.0', routeKey: '$default', rawPath: '/bench/cold-start', rawQueryString: '',
  headers: { host: 'bench.execute-api.cn-north-1.amazonaws.com.cn' }, isBase64Encoded: false,
  requestContext: { accountId: '0', apiId: 'bench', domainName: 'bench', domainPrefix: 'bench', requestId: 'r1',
    routeKey: '$default', stage: '$default', time: '', timeEpoch: 0,
    http: { method: 'GET', path: '/bench/cold-start', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' } } };
const res = await mod.handler(event, { awsRequestId: 'r1', functionName: 'bench', getRemainingTimeInMillis: () => 10000 });
const ms = performance.now() - t0;
process.stderr.write('BENCH_RESULT ' + JSON.stringify({ ms, status: res.statusCode }) + '\\n');`;

/** P2: bundle sizes of every Lambda, and import + first request of the API bundle vs the DynamoDB client alone. */
export async function benchColdStart(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'civicgrid-bench-bundles-'));
  const rows: BenchRow[] = [];
  for (const entry of ENTRIES) {
    const outfile = join(dir, `${entry}.mjs`);
    const result = await build({
      ...lambdaBuild,
      entryPoints: [join(ROOT, 'functions/src', `${entry}.ts`)],
      outfile,
      metafile: true,
    });
    const kb = (await stat(outfile)).size / 1024;
    const isApi = entry === 'api';
    rows.push({
      id: 'P2',
      metric: `bundle functions/src/${entry}.ts (ESM, minified)`,
      value: round(kb, 1),
      unit: 'KB',
      ...(isApi ? { target: `≤ ${API_BUDGET_KB} KB`, met: kb <= API_BUDGET_KB } : {}),
      note: `largest: ${largestInputs(result.metafile ?? { inputs: {}, outputs: {} })}`,
    });
  }
  const baseline = join(dir, 'dynamodb-only.mjs');
  await build({ ...lambdaBuild, stdin: { contents: BASELINE, resolveDir: ROOT, loader: 'js' }, outfile: baseline });
  rows.push({
    id: 'P2',
    metric: 'bundle of a handler importing @aws-sdk/client-dynamodb only',
    value: round((await stat(baseline)).size / 1024, 1),
    unit: 'KB',
  });
  const probe = join(dir, 'probe.mjs');
  await writeFile(probe, PROBE);

  const api: number[] = [];
  const sdk: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // interleaved, so drift in the machine's load hits both sides alike
    api.push(runProbe(probe, join(dir, 'api.mjs'), 404));
    sdk.push(runProbe(probe, baseline, 200));
  }
  const ratio = median(api) / median(sdk);
  rows.push(
    {
      id: 'P2',
      metric: `API bundle: import + first request (404 route), median of ${RUNS} fresh processes`,
      value: round(median(api), 1),
      unit: 'ms',
    },
    {
      id: 'P2',
      metric: `DynamoDB-client-only bundle: import + handler call, median of ${RUNS}`,
      value: round(median(sdk), 1),
      unit: 'ms',
    },
    {
      id: 'P2',
      metric: 'API cold start ÷ DynamoDB client alone',
      value: round(ratio, 2),
      unit: '×',
      target: '≤ 1.3',
      met: ratio <= 1.3,
    },
  );
  return rows;
}

/** The biggest contributors to a bundle, by package (or workspace folder), in KB of output. */
function largestInputs(meta: Metafile): string {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(meta.outputs)) {
    for (const [file, input] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file.split('/').slice(0, 2).join('/');
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + input.bytesInOutput);
    }
  }
  return [...byPackage.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([pkg, bytes]) => `${pkg} ${Math.round(bytes / 1024)}`)
    .join(', ');
}

function runProbe(probe: string, bundle: string, expectedStatus: number): number {
  const out = spawnSync(process.execPath, [probe, bundle], {
    env: { PATH: process.env.PATH, ...API_ENV },
    encoding: 'utf8',
  });
  const line = out.stderr.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (!line) throw new Error(`cold-start probe failed for ${bundle}:\n${out.stderr}\n${out.stdout}`);
  const result = JSON.parse(line.slice('BENCH_RESULT '.length)) as { ms: number; status: number };
  if (result.status !== expectedStatus) throw new Error(`probe of ${bundle} answered ${result.status}`);
  return result.ms;
}
