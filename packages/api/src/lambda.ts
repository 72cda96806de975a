import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { STSClient } from '@aws-sdk/client-sts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamo, createTenantScopedDocumentClient } from '@civicgrid/db';
import { createEvidenceStore } from '@civicgrid/files';
import { createSfnWorkflowEngine } from '@civicgrid/workflow';
import type { Hono } from 'hono';
import { createApp } from './app';
import { createCognitoAuthenticator } from './aws/cognito-authenticator';
import { createCognitoIdentityProvisioner } from './aws/cognito-identity-provisioner';
import { createCognitoTokenVerifier } from './aws/cognito-verifier';
import { createJsonLog } from './aws/json-log';
import { type LambdaSettings, readLambdaSettings } from './aws/lambda-env';
import { createStsAssumeTenantRole } from './aws/sts-tenant-role';
import { createTenantScopedEvidenceStore } from './aws/tenant-scoped-evidence';
import { type AppDeps, defaultConfig } from './deps';
import type { AppEnv } from './http/context';
import { createOutboxSender } from './notifier';
import { createUsageMeter } from './usage/create-meter';

export interface LambdaAppOptions {
  /** @default process.env */
  env?: Record<string, string | undefined>;
  /** @default Powertools-shaped JSON lines on stdout */
  log?: (entry: Record<string, unknown>) => void;
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
 * Secrets (the cursor key, the CloudFront origin secret) are read from Secrets Manager once, at cold start.
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
  const store = { doc, tableName: settings.tableName };
  const files = createTenantScopedEvidenceStore({
    bucket: settings.bucket,
    region,
    assumeRole: assumeRole(EVIDENCE_SESSION_SECONDS),
  });
  // Only for the readiness probe (HeadBucket = s3:ListBucket on the bucket; no object access).
  const bucketProbe = createEvidenceStore({ bucket: settings.bucket, region });
  const sfn = onFirstUse<SFNClient>(async () => new (await import('@aws-sdk/client-sfn')).SFNClient({ region }));
  const cursorSecret = secrets.cursorSecret ?? settings.cursorSecret;
  const config = defaultConfig({
    corsOrigins: settings.webOrigins,
    ...(cursorSecret ? { cursorSecret } : {}),
    ...(secrets.originSecret ? { originSecret: secrets.originSecret } : {}),
    ...(settings.fieldSecret ? { fieldSecret: settings.fieldSecret } : {}),
  });
  const cognito = onFirstUse<CognitoIdentityProviderClient>(
    async () =>
      new (await import('@aws-sdk/client-cognito-identity-provider')).CognitoIdentityProviderClient({ region }),
  );

  // Usage is written before each response returns (one counters UpdateItem, ≤ 1 KB: one write unit), so a frozen
  // or recycled instance loses nothing; flushes use the platform credentials (docs/usage.md).
  const meter = createUsageMeter(store, log, { flushEveryRequest: true });

  return {
    store,
    files,
    meter,
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
async function readSecrets(settings: LambdaSettings): Promise<{ cursorSecret?: string; originSecret?: string }> {
  if (!settings.cursorSecretArn && !settings.originSecretArn) return {};
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({ region: settings.region });
  const read = async (arn: string | undefined) => {
    if (!arn) return undefined;
    const out = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    if (!out.SecretString) throw new Error(`Secret ${arn} has no string value`);
    return out.SecretString;
  };
  const [cursorSecret, originSecret] = await Promise.all([
    read(settings.cursorSecretArn),
    read(settings.originSecretArn),
  ]);
  client.destroy();
  return { cursorSecret, originSecret };
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

export type { IdentityProvisioner, NewIdentity } from './aws/identity-provisioner';
export { localIdentityProvisioner } from './aws/identity-provisioner';
