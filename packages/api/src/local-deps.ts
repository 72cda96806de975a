import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import {
  CaseRepository,
  CaseWorkflowStoreAdapter,
  createDynamo,
  ensureTable,
  processWorkflowStores,
  type Store,
} from '@civicgrid/db';
import { type AnyProcessKind, processKinds as registeredKinds } from '@civicgrid/domain';
import { createEvidenceStore } from '@civicgrid/files';
import {
  createSfnWorkflowEngine,
  createWorkflowHandlers,
  DEFINITION_PATH,
  type EscalationPolicy,
  type LocalStepFunctions,
  loadDefinition,
  startLocalStepFunctions,
  type TASK_FUNCTIONS,
  type WorkflowEngine,
} from '@civicgrid/workflow';
import { createLocalIssuer } from './auth/tokens';
import { resumeOpenCases } from './cases/resume';
import { type AppConfig, type AppDeps, defaultConfig } from './deps';
import { resumeImports } from './modules/imports';
import { createInProcessJobs } from './modules/jobs';
import { createOutboxSender } from './notifier';
import { createUsageMeter } from './usage/create-meter';
import { WebhookDeliverer } from './webhooks/deliverer';
import { createLocalWebhookRunner, type LocalWebhookRunner } from './webhooks/local-runner';
import { type HookScheduler, timerScheduler } from './webhooks/scheduler';
import { createWebhookTap } from './webhooks/tap';
import { embeddedTargetPolicy, type TargetPolicy } from './webhooks/target-policy';

export interface LocalDepsOptions {
  dynamoEndpoint: string;
  tableName: string;
  s3Endpoint: string;
  bucket: string;
  /** where the issuer's signing key lives (`<dataDir>/keys`) */
  keyDir: string;
  /** base URL the app is reached at (token issuer name) */
  issuer?: string;
  clock?: () => Date;
  config?: Partial<AppConfig>;
  log?: (entry: Record<string, unknown>) => void;
  /** loopback port for the local Step Functions endpoint (0 = any) */
  sfnPort?: number;
  /** escalation pacing (tests shorten the re-check interval) */
  workflowPolicy?: Partial<EscalationPolicy>;
  /** the process kinds to run (default: the registry, `processKinds` of @civicgrid/domain) */
  processKinds?: readonly AnyProcessKind[];
  /** when webhook tries run (default real timers; tests pass `manualScheduler`) */
  webhookScheduler?: HookScheduler;
  /** which webhook targets are allowed (default the embedded runtime's: https, or http to loopback) */
  webhookPolicy?: TargetPolicy;
}

const LOCAL_FUNCTIONS: Record<(typeof TASK_FUNCTIONS)[number], string> = {
  PrepareFunctionArn: 'civicgrid-workflow-prepare',
  AwaitActionFunctionArn: 'civicgrid-workflow-await-action',
  EscalateFunctionArn: 'civicgrid-workflow-escalate',
  MaintenanceFunctionArn: 'civicgrid-workflow-maintenance',
};

/**
 * Wire the app's dependencies for one machine: DynamoDB Local and s3rver endpoints, the built-in token issuer,
 * and the local Step Functions engine running the same ASL definition with the same task handlers as AWS. The
 * app reaches the engine through the real SFN client, exactly as in AWS.
 */
export async function createLocalDeps(options: LocalDepsOptions): Promise<{
  deps: AppDeps;
  stop(): Promise<void>;
  /** start an execution for every open case (after a restart) */
  resume(): Promise<number>;
  /** queue every unfinished import again (after a restart; call once the app — its job handlers — is built) */
  resumeImports(): Promise<number>;
  /** the in-process background jobs (imports); `idle()` waits until none is running */
  jobs: ReturnType<typeof createInProcessJobs>;
  /** the in-process webhook deliveries */
  webhooks: LocalWebhookRunner;
  /** stop the workflow engine (losing its in-memory executions, as a crash would) and start it again, resumed */
  restartWorkflow(): Promise<number>;
  /** states the local engine's executions entered, by name (Step Functions' billed state transitions) */
  stateTransitions(): Record<string, number>;
}> {
  const clock = options.clock ?? (() => new Date());
  const config = defaultConfig({ fieldSecret: await fieldSecretIn(options.keyDir), ...options.config });
  const log =
    options.log ?? ((entry) => process.stdout.write(`${JSON.stringify({ ts: new Date().toISOString(), ...entry })}\n`));
  const dynamo = createDynamo({ endpoint: options.dynamoEndpoint });
  await ensureTable(dynamo.client, options.tableName);
  const store: Store = { doc: dynamo.doc, tableName: options.tableName };
  // webhooks: the write path's tap queues events in the outbox; this process delivers them off the request path
  const webhookPolicy = options.webhookPolicy ?? embeddedTargetPolicy;
  const deliverer = new WebhookDeliverer({ store, ...config, clock, policy: webhookPolicy, log });
  const webhookRunner = createLocalWebhookRunner(
    deliverer,
    options.webhookScheduler ?? timerScheduler(clock),
    clock,
    log,
  );
  const tap = createWebhookTap(store, { cursorSecret: config.cursorSecret, clock, onQueued: webhookRunner.enqueue });
  store.hooks = tap;
  const files = createEvidenceStore({ bucket: options.bucket, endpoint: options.s3Endpoint });
  const issuer = await createLocalIssuer({
    keyDir: options.keyDir,
    issuer: options.issuer ?? 'civicgrid-local',
    audience: 'civicgrid',
  });

  // The handlers need the engine (to complete a token that raced a transition) and the engine needs the
  // handlers: the engine reference is filled in once the local endpoint is up.
  let engine: WorkflowEngine | undefined;
  const lazyEngine: WorkflowEngine = {
    startCase: (input) => required(engine).startCase(input),
    completeTask: (token, output) => required(engine).completeTask(token, output),
  };
  const cases = new CaseRepository(store, config.cursorSecret);
  const notifier = createOutboxSender(store, clock);
  const processKinds = options.processKinds ?? registeredKinds;
  const handlers = createWorkflowHandlers({
    store: new CaseWorkflowStoreAdapter(cases),
    kinds: processWorkflowStores(store, processKinds, config),
    notifier,
    clock: { now: clock },
    engine: lazyEngine,
    policy: options.workflowPolicy,
  });
  const jobs = createInProcessJobs(log);
  const definition = loadDefinition({ Partition: 'aws', ...LOCAL_FUNCTIONS });
  const startEngine = async (port: number) => {
    const local = await startLocalStepFunctions({
      definition,
      handlers: {
        [LOCAL_FUNCTIONS.PrepareFunctionArn]: (p) => handlers.prepare(p as never),
        [LOCAL_FUNCTIONS.AwaitActionFunctionArn]: (p) => handlers.awaitAction(p as never),
        [LOCAL_FUNCTIONS.EscalateFunctionArn]: (p) => handlers.escalate(p as never),
        [LOCAL_FUNCTIONS.MaintenanceFunctionArn]: (p) => handlers.maintain(p as never),
      },
      port,
    });
    const client = new SFNClient({
      endpoint: local.endpoint,
      region: 'cn-north-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    return { local, client, engine: createSfnWorkflowEngine({ client, stateMachineArn: local.stateMachineArn }) };
  };
  let sfn: { local: LocalStepFunctions; client: SFNClient; engine: WorkflowEngine } = await startEngine(
    options.sfnPort ?? 0,
  );
  engine = sfn.engine;

  const deps: AppDeps = {
    store,
    files,
    workflow: lazyEngine,
    verifier: issuer.verifier,
    issuer,
    clock,
    config,
    log,
    notifier,
    meter: createUsageMeter(store, log),
    jobs,
    processKinds,
    webhooks: { policy: webhookPolicy, deliverer, changed: (path) => tap.forget(path) },
    health: {
      store: async () => {
        await dynamo.client.send(new DescribeTableCommand({ TableName: options.tableName }));
      },
      files: () => files.ping(),
      workflow: async () => {
        if (sfn.local.running() < 0) throw new Error('workflow engine stopped');
      },
    },
  };
  deps.meter?.start((config.usageFlushSeconds ?? 60) * 1000);
  return {
    deps,
    jobs,
    webhooks: webhookRunner,
    async stop() {
      webhookRunner.stop();
      await webhookRunner.idle();
      await jobs.pause(); // an import in flight stops at its checkpoint; the next start resumes it
      await deps.meter?.stop(); // the last counts reach the table before its client goes
      await sfn.local.stop();
      sfn.client.destroy();
      dynamo.client.destroy();
    },
    resume: async () => {
      await webhookRunner.resume(); // events still in the outbox after a restart
      return resumeOpenCases(deps);
    },
    resumeImports: () => resumeImports(deps),
    stateTransitions: () => sfn.local.stateTransitions(),
    async restartWorkflow() {
      const port = Number(new URL(sfn.local.endpoint).port);
      await sfn.local.stop();
      sfn.client.destroy();
      sfn = await startEngine(port);
      engine = sfn.engine;
      return resumeOpenCases(deps);
    },
  };
}

function required<T>(value: T | undefined): T {
  if (!value) throw new Error('workflow engine not started yet');
  return value;
}

/** The definition file's text (for diagnostics). */
export function definitionText(): string {
  return readFileSync(DEFINITION_PATH, 'utf8');
}

/**
 * The secret of field-level encryption, kept beside the issuer key: created at random on first start, read on
 * every later one (losing it loses the ID numbers — back the data directory up whole).
 */
async function fieldSecretIn(keyDir: string): Promise<string> {
  const file = join(keyDir, 'field-secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    await mkdir(keyDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    await writeFile(file, secret, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
    return (await readFile(file, 'utf8')).trim();
  }
}

/** Where the embedded runtime keeps the issuer key inside its data directory. */
export const keyDirOf = (dataDir: string) => join(dataDir, 'keys');
