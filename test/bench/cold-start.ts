import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { CREATE_REQUIRE_BANNER, DOCUMENT_MODULES, RUNTIME_PROVIDED_MODULES } from '../../infra/src/lambda/bundling';
import type { BenchRow } from './report';
import { median, round } from './stats';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Lambda entries as infra deploys them (api-stack, staff-user-pool, incident-workflow). */
const ENTRIES = ['api', 'pre-token', 'workflow-prepare', 'workflow-await-action', 'workflow-escalate'];
const API_BUDGET_KB = 400;
const RUNS = 15;

/**
 * CivicGridFunction's bundling (infra/src/lambda/civicgrid-function.ts): ESM, minified, node22, the createRequire
 * banner, a source map without sources, and `@aws-sdk/*` left to the runtime. The functions run with `--enable-source-maps`
 * (their NODE_OPTIONS), so the probe does too: Node then reads each bundle's source map when it loads it.
 */
const lambdaBuild: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: { js: CREATE_REQUIRE_BANNER },
  external: [...RUNTIME_PROVIDED_MODULES, ...DOCUMENT_MODULES],
  logLevel: 'silent',
};
/** The same with `bundleAwsSdk: true` (the pinned SDK inside the bundle): the reference rows. */
const bundledSdkBuild: BuildOptions = { ...lambdaBuild, external: DOCUMENT_MODULES };

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
  // Inside the repository, so the bundles' `@aws-sdk/*` imports resolve to node_modules (the pinned 3.1164.0)
  // the way Lambda resolves them to the runtime's copy; bundles built with the SDK inside never look there.
  const cache = join(ROOT, 'node_modules/.cache');
  await mkdir(cache, { recursive: true });
  const dir = await mkdtemp(join(cache, 'civicgrid-bench-bundles-'));
  try {
    return await measure(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function measure(dir: string): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const kb = async (file: string) => (await stat(file)).size / 1024;
  for (const entry of ENTRIES) {
    const outfile = join(dir, `${entry}.mjs`);
    const result = await build({
      ...lambdaBuild,
      entryPoints: [join(ROOT, 'functions/src', `${entry}.ts`)],
      outfile,
      metafile: true,
    });
    const size = await kb(outfile);
    const isApi = entry === 'api';
    const sdk = sdkImports(result.metafile ?? { inputs: {}, outputs: {} });
    rows.push({
      id: 'P2',
      metric: `bundle functions/src/${entry}.ts (ESM, minified; SDK from the runtime)`,
      value: round(size, 1),
      unit: 'KB',
      ...(isApi ? { target: `≤ ${API_BUDGET_KB} KB`, met: size <= API_BUDGET_KB } : {}),
      note:
        `largest: ${largestInputs(result.metafile ?? { inputs: {}, outputs: {} })}; ` +
        `+ ${Math.round(await kb(`${outfile}.map`))} KB source map` +
        (sdk ? `; runtime SDK: ${sdk}` : ''),
    });
  }
  const apiBundledSdk = join(dir, 'api-bundled-sdk.mjs');
  await build({ ...bundledSdkBuild, entryPoints: [join(ROOT, 'functions/src/api.ts')], outfile: apiBundledSdk });
  rows.push({
    id: 'P2',
    metric: 'bundle functions/src/api.ts with the pinned SDK inside (`bundleAwsSdk: true`)',
    value: round(await kb(apiBundledSdk), 1),
    unit: 'KB',
    note: `reference; + ${Math.round(await kb(`${apiBundledSdk}.map`))} KB source map`,
  });
  const baseline = join(dir, 'dynamodb-only.mjs');
  const baselineBundledSdk = join(dir, 'dynamodb-only-bundled-sdk.mjs');
  const stdin = { contents: BASELINE, resolveDir: ROOT, loader: 'js' as const };
  await build({ ...lambdaBuild, stdin, outfile: baseline });
  await build({ ...bundledSdkBuild, stdin, outfile: baselineBundledSdk });
  rows.push({
    id: 'P2',
    metric: 'bundle of a handler importing @aws-sdk/client-dynamodb only (SDK inside)',
    value: round(await kb(baselineBundledSdk), 1),
    unit: 'KB',
    note: 'reference: the DynamoDB client alone is ~80% of the 400 KB budget when bundled',
  });
  const probe = join(dir, 'probe.mjs');
  await writeFile(probe, PROBE);

  const probes = {
    api: { bundle: join(dir, 'api.mjs'), status: 404, ms: [] as number[] },
    sdk: { bundle: baseline, status: 200, ms: [] as number[] },
    apiBundledSdk: { bundle: apiBundledSdk, status: 404, ms: [] as number[] },
    sdkBundled: { bundle: baselineBundledSdk, status: 200, ms: [] as number[] },
  };
  for (let i = 0; i < RUNS; i++) {
    // interleaved, so drift in the machine's load hits every side alike
    for (const p of Object.values(probes)) p.ms.push(runProbe(probe, p.bundle, p.status));
  }
  const ms = (p: { ms: number[] }) => round(median(p.ms), 1);
  const ratio = median(probes.api.ms) / median(probes.sdk.ms);
  const bundledRatio = median(probes.apiBundledSdk.ms) / median(probes.sdkBundled.ms);
  rows.push(
    {
      id: 'P2',
      metric: `API bundle: import + first request (404 route), median of ${RUNS} fresh processes`,
      value: ms(probes.api),
      unit: 'ms',
      note: 'SDK from node_modules, as Lambda loads the runtime copy',
    },
    {
      id: 'P2',
      metric: `DynamoDB-client-only bundle: import + handler call, median of ${RUNS}`,
      value: ms(probes.sdk),
      unit: 'ms',
      note: 'same bundling: SDK from node_modules',
    },
    {
      id: 'P2',
      metric: 'API cold start ÷ DynamoDB client alone',
      value: round(ratio, 2),
      unit: '×',
      target: '≤ 1.3',
      met: ratio <= 1.3,
    },
    {
      id: 'P2',
      metric: `API with the SDK bundled: import + first request, median of ${RUNS}`,
      value: ms(probes.apiBundledSdk),
      unit: 'ms',
      note: `reference (\`bundleAwsSdk: true\`); DynamoDB-only with the SDK bundled ${ms(probes.sdkBundled)} ms, ratio ${round(bundledRatio, 2)} ×`,
    },
  );
  return rows;
}

/** The `@aws-sdk/*` packages a bundle leaves to the runtime: `static` ones load at import, `lazy` on first use. */
function sdkImports(meta: Metafile): string {
  const kinds = new Map<string, Set<string>>();
  for (const output of Object.values(meta.outputs)) {
    for (const imp of output.imports) {
      if (!imp.path.startsWith('@aws-sdk/')) continue;
      const kind = imp.kind === 'dynamic-import' ? 'lazy' : 'static';
      const set = kinds.get(imp.path) ?? new Set<string>();
      set.add(kind);
      kinds.set(imp.path, set);
    }
  }
  return [...kinds.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([path, set]) => `${path.replace('@aws-sdk/', '')} (${set.has('static') ? 'static' : 'lazy'})`)
    .join(', ');
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
  // NODE_OPTIONS of every CivicGridFunction: Node reads the bundle's source map as it loads it
  const out = spawnSync(process.execPath, ['--enable-source-maps', probe, bundle], {
    env: { PATH: process.env.PATH, ...API_ENV },
    encoding: 'utf8',
  });
  const line = out.stderr.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (!line) throw new Error(`cold-start probe failed for ${bundle}:\n${out.stderr}\n${out.stdout}`);
  const result = JSON.parse(line.slice('BENCH_RESULT '.length)) as { ms: number; status: number };
  if (result.status !== expectedStatus) throw new Error(`probe of ${bundle} answered ${result.status}`);
  return result.ms;
}
