import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { STSClient } from '@aws-sdk/client-sts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamo, createTenantScopedDocumentClient, type Store, tenantContext } from '@civicgrid/db';
import { tenantPath } from '@civicgrid/domain';
import { createEvidenceStore } from '@civicgrid/files';
import { createSfnWorkflowEngine } from '@civicgrid/workflow';
import type { Hono } from 'hono';
import * as z from 'zod';
import { createApp } from './app';
import { createCognitoAuthenticator } from './aws/cognito-authenticator';
import { createCognitoIdentityProvisioner } from './aws/cognito-identity-provisioner';
import { createCognitoTokenVerifier } from './aws/cognito-verifier';
import { createJsonLog } from './aws/json-log';
import { LambdaConfigError, type LambdaSettings, readLambdaSettings } from './aws/lambda-env';
import { createSqsJobPort } from './aws/sqs-jobs';
import { createStsAssumeTenantRole } from './aws/sts-tenant-role';
import { createTenantScopedEvidenceStore } from './aws/tenant-scoped-evidence';
import { type AppDeps, defaultConfig } from './deps';
import type { AppEnv } from './http/context';
import { createOutboxSender } from './notifier';
import { createUsageMeter } from './usage/create-meter';
import { WebhookDeliverer } from './webhooks/deliverer';
import { createWebhookTap } from './webhooks/tap';
import { awsTargetPolicy, type TargetPolicy } from './webhooks/target-policy';

export interface LambdaAppOptions {
  /** @default process.env */
  env?: Record<string, string | undefined>;
  /** @default Powertools-shaped JSON lines on stdout */
  log?: (entry: Record<string, unknown>) => void;
  /** which webhook targets are allowed; @default the AWS policy (https, no private addresses) with the real DNS */
  webhookPolicy?: TargetPolicy;
}

/** A session of the tenant role for DynamoDB: STS's shortest, renewed two minutes before it ends. */
const TABLE_SESSION_SECONDS = 900;
/** Evidence URLs must outlive their 15-minute TTL, so evidence sessions last the role-chaining maximum. */
const EVIDENCE_SESSION_SECONDS = 3600;

/**
 * `factory()` once, on first call; a rejected attempt is forgotten so the next call tries again. The API Lambda
 * builds every client but DynamoDB's this way, and imports its SDK package (`import()`) only then: a cold start
 * loads and evaluates `@aws-sdk/client-dynamodb` and nothing else from the SDK (docs/deploy.md, "Bundles").
 */
export function onFirstUse<T>(factory: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= factory().catch((error: unknown) => {
      value = undefined;
      throw error;
    });
    return value;
  };
}

/**
 * Wire the app's dependencies from the API Lambda's environment: the table through the tenant-scoped client (the
 * second wall), evidence presigned with tenant sessions, Step Functions, Cognito ID-token verification and user
 * provisioning, Cognito log-in behind `/api/auth/login` (server-side AdminInitiateAuth), the outbox notifier.
 * Secrets (the cursor key, the CloudFront origin secret, the field-cipher key) are read from Secrets Manager once,
 * at cold start.
 *
 * Only the DynamoDB client is built here. STS (first tenant request), S3 (first evidence URL or readiness probe),
 * Step Functions (first case created or acted on) and Cognito (first sign-up or user created) are imported and
 * built on first use, and the JWKS on the first bearer token.
 */
export async function createLambdaDeps(options: LambdaAppOptions = {}): Promise<AppDeps> {
  const settings = readLambdaSettings(options.env);
  const secrets = await readSecrets(settings);
  const { region } = settings;
  const log = options.log ?? createJsonLog();
  const clock = () => new Date();
  const sts = onFirstUse<STSClient>(async () => new (await import('@aws-sdk/client-sts')).STSClient({ region }));
  const assumeRole = (durationSeconds: number) =>
    createStsAssumeTenantRole({ client: sts, roleArn: settings.tenantRoleArn, durationSeconds });

  const dynamo = createDynamo({ region });
  const doc = createTenantScopedDocumentClient({
    base: dynamo.doc,
    assumeRole: assumeRole(TABLE_SESSION_SECONDS),
    region,
  });
  const store: Store = { doc, tableName: settings.tableName };
  const files = createTenantScopedEvidenceStore({
    bucket: settings.bucket,
    region,
    assumeRole: assumeRole(EVIDENCE_SESSION_SECONDS),
  });
  // Only for the readiness probe (HeadBucket = s3:ListBucket on the bucket; no object access).
  const bucketProbe = createEvidenceStore({ bucket: settings.bucket, region });
  const sfn = onFirstUse<SFNClient>(async () => new (await import('@aws-sdk/client-sfn')).SFNClient({ region }));
  const cursorSecret = secrets.cursorSecret ?? settings.cursorSecret;
  const fieldSecret = secrets.fieldSecret ?? settings.fieldSecret;
  const config = defaultConfig({
    corsOrigins: settings.webOrigins,
    // the distribution's origin: citizens' SMS links open the tracking page there
    ...(settings.webOrigins[0] ? { publicUrl: settings.webOrigins[0] } : {}),
    ...(cursorSecret ? { cursorSecret } : {}),
    ...(secrets.originSecret ? { originSecret: secrets.originSecret } : {}),
    ...(fieldSecret ? { fieldSecret } : {}),
  });
  const cognito = onFirstUse<CognitoIdentityProviderClient>(
    async () =>
      new (await import('@aws-sdk/client-cognito-identity-provider')).CognitoIdentityProviderClient({ region }),
  );

  // Usage is written before each response returns (one counters UpdateItem, ≤ 1 KB: one write unit), so a frozen
  // or recycled instance loses nothing; flushes use the platform credentials (docs/usage.md).
  const meter = createUsageMeter(store, log, { flushEveryRequest: true });
  const sqs = onFirstUse<SQSClient>(async () => new (await import('@aws-sdk/client-sqs')).SQSClient({ region }));
  const jobs = settings.jobQueueUrl ? createSqsJobPort({ queueUrl: settings.jobQueueUrl, client: sqs }) : undefined;
  // Webhooks: the write path puts each event in the table's outbox; the table's stream hands the insert to the
  // webhook worker (no `onQueued` here). https only, never a private address (SSRF), checked again at connect.
  const tap = createWebhookTap(store, { cursorSecret: config.cursorSecret, clock });
  store.hooks = tap;
  const webhookPolicy = options.webhookPolicy ?? awsTargetPolicy();
  const deliverer = new WebhookDeliverer({ store, ...config, clock, policy: webhookPolicy, log });

  return {
    store,
    files,
    meter,
    ...(jobs ? { jobs } : {}),
    webhooks: { policy: webhookPolicy, deliverer, changed: (path) => tap.forget(path) },
    workflow: createSfnWorkflowEngine({ client: sfn, stateMachineArn: settings.stateMachineArn }),
    verifier: createCognitoTokenVerifier({
      issuer: settings.issuer,
      jwksUrl: settings.jwksUrl,
      clientId: settings.userPoolClientId,
    }),
    identity: settings.userPoolId
      ? createCognitoIdentityProvisioner({ client: cognito, userPoolId: settings.userPoolId, log })
      : undefined,
    authenticator: settings.userPoolId
      ? createCognitoAuthenticator({
          client: cognito,
          userPoolId: settings.userPoolId,
          clientId: settings.userPoolClientId,
        })
      : undefined,
    clock,
    config,
    log,
    notifier: createOutboxSender(store, clock),
    health: {
      store: async () => {
        await dynamo.doc.send(new GetCommand({ TableName: settings.tableName, Key: HEALTH_KEY }));
      },
      files: () => bucketProbe.ping(),
      workflow: async () => {
        const [client, { DescribeStateMachineCommand }] = await Promise.all([sfn(), import('@aws-sdk/client-sfn')]);
        await client.send(new DescribeStateMachineCommand({ stateMachineArn: settings.stateMachineArn }));
      },
    },
  };
}

/**
 * The secrets named by ARN in the environment, read with the function role at cold start (one GetSecretValue
 * each, in parallel): they never sit in the function's configuration. A read that fails fails the cold start.
 */
async function readSecrets(
  settings: LambdaSettings,
): Promise<{ cursorSecret?: string; originSecret?: string; fieldSecret?: string }> {
  if (!settings.cursorSecretArn && !settings.originSecretArn && !settings.fieldSecretArn) return {};
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({ region: settings.region });
  const read = async (arn: string | undefined) => {
    if (!arn) return undefined;
    const out = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    if (!out.SecretString) throw new Error(`Secret ${arn} has no string value`);
    return out.SecretString;
  };
  const [cursorSecret, originSecret, fieldSecret] = await Promise.all([
    read(settings.cursorSecretArn),
    read(settings.originSecretArn),
    read(settings.fieldSecretArn),
  ]);
  client.destroy();
  return { cursorSecret, originSecret, fieldSecret };
}

/** A key that never exists: a GetItem on it proves the table answers with the function role's rights. */
const HEALTH_KEY = { PK: '_platform/HEALTH', SK: 'PROBE' };

let cached: Promise<Hono<AppEnv>> | undefined;

/**
 * The Hono app for the API Lambda, built once per container (module scope) from the environment; a bad
 * environment fails the cold start with every problem named (`LambdaConfigError`).
 */
export function createLambdaApp(options: LambdaAppOptions = {}): Promise<Hono<AppEnv>> {
  const build = async () => createApp(await createLambdaDeps(options));
  if (options.env) return build(); // an explicit environment (tests) is never memoized
  cached ??= build().catch((error) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/** A job message as the queue delivers it (the SQS event's record). */
export interface JobMessage {
  messageId: string;
  body: string;
}

const jobMessage = z.object({
  kind: z.string().min(1),
  tenantPath: z.string().regex(/^(?:[dsc][0-9]{3,6}\/)+$/),
  id: z.string().min(1).max(200),
});

/**
 * A job is stopped at its next checkpoint once less than this is left of the Lambda's time: a chunk of an import
 * takes a few seconds, so the checkpoint is written well before the timeout, and the rest goes on in a new message.
 */
export const YIELD_MARGIN_MS = 60_000;

/**
 * The job-worker Lambda (SQS → background jobs): the API's dependencies and app, built once per container, so
 * the handlers are the very ones the embedded runtime runs in-process. Each record runs in the job's tenant
 * context — its table and file access goes through the tenant role, as a request of that tenant would. A job
 * that yields (near the timeout) queues its continuation and its message succeeds; a job that throws is
 * reported as a batch item failure, so SQS delivers it again (it resumes at its checkpoint) and, after the
 * queue's maxReceiveCount, moves it to the dead-letter queue (an alarm in the Ops stack).
 */
export async function createLambdaJobWorker(options: LambdaAppOptions = {}) {
  const deps = await createLambdaDeps(options);
  const jobs = deps.jobs as ReturnType<typeof createSqsJobPort> | undefined;
  if (!jobs) throw new LambdaConfigError(['JOB_QUEUE_URL: the job worker needs its queue']);
  createApp(deps); // registers every module's job handlers
  return {
    deps,
    async handle(
      event: { Records: JobMessage[] },
      context: { getRemainingTimeInMillis(): number },
    ): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
      const batchItemFailures: { itemIdentifier: string }[] = [];
      for (const record of event.Records) {
        try {
          const job = jobMessage.parse(JSON.parse(record.body));
          const handler = jobs.handler(job.kind);
          if (!handler) throw new Error(`no handler for background job ${job.kind}`);
          const run = { shouldYield: () => context.getRemainingTimeInMillis() < YIELD_MARGIN_MS };
          const outcome = await tenantContext.run({ tenantPath: tenantPath(job.tenantPath) }, () => handler(job, run));
          if (outcome === 'yielded') await jobs.enqueue(job);
        } catch (error) {
          deps.log({
            level: 'ERROR',
            message: 'background job failed',
            messageId: record.messageId,
            error: (error as Error).message,
          });
          batchItemFailures.push({ itemIdentifier: record.messageId });
        }
      }
      return { batchItemFailures };
    },
  };
}

export type { IdentityProvisioner, NewIdentity } from './aws/identity-provisioner';
export { localIdentityProvisioner } from './aws/identity-provisioner';
export { createLambdaWebhookWorker, type WebhookWorkerEvent } from './aws/webhook-worker';
