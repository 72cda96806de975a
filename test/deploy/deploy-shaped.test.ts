/**
 * The deploy-shaped suite: what CDK synthesizes, run offline. One synth (cn-north-1, bundles built by the local
 * esbuild) into infra/cdk.out/deploy-test; then the API bundle behind CloudFront (behaviours, functions and origin
 * headers from the Web template) and API Gateway (routes and JWT authorizer from the Api template), the workflow
 * bundles behind the local Step Functions engine running the staged ASL, the pre-token bundle as the stand-in
 * pool's trigger — against DynamoDB Local (behind a proxy that evaluates the tenant role's policy from the
 * template for tenant sessions), s3rver (CORS written by the template's custom resource call), and local Cognito,
 * STS and Secrets Manager stand-ins. The one value not taken from the template is where the authorizer and the
 * API fetch the issuer's JWKS (the stand-in's address instead of cognito-idp.<region>.amazonaws.com.cn).
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { FieldCipher } from '@civicgrid/db';
import { type LocalStepFunctions, startLocalStepFunctions } from '@civicgrid/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCfn } from '../../infra/test/cfn-resolve';
import {
  createTestTable,
  dynamoEndpoint,
  s3Endpoint,
  testBucket,
  testDynamoClient,
  testS3Client,
} from '../support/env';
import { idNumberOf, withBadCheckDigit } from '../support/people';
import { type CognitoStandIn, type PreTokenEventV2, startCognitoStandIn } from './support/cognito-standin';
import { startDynamoIamProxy } from './support/dynamo-iam-proxy';
import { createEdge, type EdgeRequest, type LambdaResult } from './support/edge';
import { isAllowed, type Statement } from './support/iam-eval';
import { type SqsRecord, startSqsStandIn } from './support/sqs-standin';
import { startStsSecretsStandIn } from './support/sts-secrets-standin';
import { type Loose, type Synthesized, synthesize } from './support/synth';

const REGION = 'cn-north-1';
const ACCOUNT = '000000000000'; // the local Step Functions engine's account, so every ARN agrees
const POOL_ID = `${REGION}_Deploy1`;
const CLIENT_ID = 'deploytestwebclient';
const DISTRIBUTION_DOMAIN = 'd3deploytest.cloudfront.net';
const SITE = `https://${DISTRIBUTION_DOMAIN}`;
const PASSWORD = 'Deploy-Test-Pass-1';
const HERE = { lat: 39.03, lng: 117.72 };

/** The bundles are loaded by Node itself (vitest.config.ts externalizes cdk.out), as Lambda loads them. */
const nativeImport = (url: string): Promise<Record<string, Loose>> => import(/* @vite-ignore */ url);
type Handler = (event: unknown, context?: unknown) => Promise<Loose>;
const lambdaContext = () => ({
  awsRequestId: randomBytes(8).toString('hex'),
  functionName: 'fn',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn',
  memoryLimitInMB: '512',
  getRemainingTimeInMillis: () => 10_000,
});

let synth: Synthesized;
let resolve: (value: unknown) => unknown;
let edge: ReturnType<typeof createEdge>;
let cognito: CognitoStandIn;
let sts: Awaited<ReturnType<typeof startStsSecretsStandIn>>;
let proxy: Awaited<ReturnType<typeof startDynamoIamProxy>>;
let sfn: LocalStepFunctions;
let tableName: string;
let bucket: string;
let tenantPolicy: Statement[];
let tenantRoleArn: string;
let preToken: Handler;
let sqs: Awaited<ReturnType<typeof startSqsStandIn>>;
let jobQueueUrl: string;
let jobWorker: Handler;
let secrets: Record<string, string>;
let apiEnv: Record<string, string>;
/** GetItem keys the DynamoDB proxy answers with a ValidationException (a non-Lambda task error) */
const brokenKeys = new Set<string>();
const stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  synth = synthesize(REGION, ACCOUNT);
  tableName = await createTestTable();
  bucket = testBucket();
  await testS3Client().send(new CreateBucketCommand({ Bucket: bucket }));

  // What CloudFormation would create, named as the templates reference them.
  const arn = (service: string, resource: string, region = REGION) =>
    `arn:aws-cn:${service}:${region}:${ACCOUNT}:${resource}`;
  secrets = {};
  const physical: Record<string, unknown> = {};
  sqs = await startSqsStandIn({ region: REGION, account: ACCOUNT });
  const stateMachineArn = arn('states', 'stateMachine:CivicGrid-Workflow-IncidentWorkflow');
  for (const template of Object.values(synth.templates)) {
    for (const [id, r] of Object.entries(template.Resources)) {
      physical[id] = id;
      if (r.Type === 'AWS::DynamoDB::Table') {
        physical[id] = tableName;
        physical[`${id}.Arn`] = arn('dynamodb', `table/${tableName}`);
      } else if (r.Type === 'AWS::S3::Bucket') {
        const name = id.startsWith('Evidence') ? bucket : id.toLowerCase();
        physical[id] = name;
        physical[`${id}.Arn`] = `arn:aws-cn:s3:::${name}`;
        physical[`${id}.RegionalDomainName`] = `${name}.s3.${REGION}.amazonaws.com.cn`;
      } else if (r.Type === 'AWS::Cognito::UserPool') {
        physical[id] = POOL_ID;
        physical[`${id}.Arn`] = arn('cognito-idp', `userpool/${POOL_ID}`);
      } else if (r.Type === 'AWS::Cognito::UserPoolClient') {
        physical[id] = CLIENT_ID;
      } else if (r.Type === 'AWS::StepFunctions::StateMachine') {
        physical[id] = stateMachineArn;
      } else if (r.Type === 'AWS::Lambda::Function') {
        physical[`${id}.Arn`] = arn('lambda', `function:${id}`);
      } else if (r.Type === 'AWS::IAM::Role') {
        physical[`${id}.Arn`] = `arn:aws-cn:iam::${ACCOUNT}:role/${id}`;
      } else if (r.Type === 'AWS::SecretsManager::Secret') {
        physical[id] = arn('secretsmanager', `secret:${id}-AbCdEf`);
        secrets[physical[id] as string] = randomBytes(24).toString('hex');
      } else if (r.Type === 'AWS::SQS::Queue') {
        physical[id] = sqs.create(id);
        physical[`${id}.Arn`] = arn('sqs', id);
        physical[`${id}.QueueName`] = id;
      } else if (r.Type === 'AWS::CloudFront::Distribution') {
        physical[`${id}.DomainName`] = DISTRIBUTION_DOMAIN;
      }
    }
  }
  const imports: Record<string, unknown> = {};
  for (const template of Object.values(synth.templates)) {
    for (const output of Object.values(template.Outputs ?? {})) {
      if (output.Export)
        imports[output.Export.Name] = resolveCfn(output.Value, { region: REGION, account: ACCOUNT, physical });
    }
  }
  const dynamicSecret =
    /\{\{resolve:secretsmanager:([^:}]+:[^:}]+:[^:}]+:[^:}]+:[^:}]+:[^:}]+:[^:}]+):SecretString:::\}\}/g;
  resolve = (value) => {
    const out = resolveCfn(value, { region: REGION, account: ACCOUNT, physical, imports });
    return typeof out === 'string'
      ? out.replace(dynamicSecret, (_, secretArn: string) => secrets[secretArn] ?? '?')
      : out;
  };

  // The tenant role: its trust policy for the STS stand-in, its permissions for the DynamoDB proxy.
  const [roleId, role] = synth.resource('Api', 'AWS::IAM::Role', 'TenantDataAccessRole');
  tenantRoleArn = physical[`${roleId}.Arn`] as string;
  const [, rolePolicy] = synth.resource('Api', 'AWS::IAM::Policy', 'TenantDataAccessRoleDefaultPolicy');
  tenantPolicy = resolve(rolePolicy.Properties.PolicyDocument.Statement) as Statement[];
  const trust = resolve(role.Properties.AssumeRolePolicyDocument.Statement) as Statement[];
  sts = await startStsSecretsStandIn({
    roles: { [tenantRoleArn]: trust },
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    secrets,
  });
  proxy = await startDynamoIamProxy({
    target: dynamoEndpoint(),
    tableArn: (name) => arn('dynamodb', `table/${name}`),
    hashKeys: { table: 'PK', GSI1: 'GSI1PK', GSI2: 'GSI2PK', GSI3: 'GSI3PK', GSI4: 'GSI4PK' },
    sessions: sts.sessions,
    tenantPolicy,
    fault: (op, body) =>
      op === 'GetItem' && brokenKeys.has(`${body.Key?.PK?.S}|${body.Key?.SK?.S}`)
        ? { type: 'ValidationException', message: 'injected: the item cannot be read' }
        : undefined,
  });

  // The API function's environment as the template sets it.
  const [, apiFn] = synth.resource('Api', 'AWS::Lambda::Function', 'ApiFunction');
  apiEnv = resolve(apiFn.Properties.Environment.Variables) as Record<string, string>;
  preToken = (await nativeImport(pathToFileURL(synth.bundleOf('Identity', 'PreTokenGeneration')).href)).handler;
  cognito = await startCognitoStandIn({
    region: REGION,
    userPoolId: POOL_ID,
    clientId: CLIENT_ID,
    issuer: apiEnv.JWT_ISSUER as string,
    preTokenGeneration: (event) => preToken(event, lambdaContext()) as Promise<PreTokenEventV2>,
  });

  // The workflow: the staged ASL with the template's substitutions, each Lambda ARN served by its bundle.
  const [, machine] = synth.resource('Workflow', 'AWS::StepFunctions::StateMachine');
  const substitutions = resolve(machine.Properties.DefinitionSubstitutions) as Record<string, string>;
  const definition = synth
    .definitionText()
    .replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => substitutions[name] ?? whole);

  Object.assign(process.env, {
    ...apiEnv,
    JWKS_URL: cognito.jwksUrl,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint,
    AWS_ENDPOINT_URL_S3: s3Endpoint(),
    AWS_ENDPOINT_URL_STS: sts.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: sts.endpoint,
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.endpoint,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  const workflowFns = ['Prepare', 'AwaitAction', 'Escalate', 'Maintenance'] as const;
  const handlers: Record<string, (payload: unknown) => Promise<unknown>> = {};
  for (const part of workflowFns) {
    const [id, fn] = synth.resource('Workflow', 'AWS::Lambda::Function', part);
    const fnEnv = resolve(fn.Properties.Environment.Variables) as Record<string, string>;
    expect(fnEnv.TABLE_NAME).toBe(tableName);
    if (fnEnv.STATE_MACHINE_ARN) expect(fnEnv.STATE_MACHINE_ARN).toBe(stateMachineArn);
    const bundle = (await nativeImport(pathToFileURL(synth.bundleOf('Workflow', part)).href)).handler as Handler;
    handlers[physical[`${id}.Arn`] as string] = (payload) => bundle(payload, lambdaContext());
  }
  sfn = await startLocalStepFunctions({
    definition,
    handlers,
    region: REGION,
    stateMachineName: 'CivicGrid-Workflow-IncidentWorkflow',
    instantRetries: true,
  });
  process.env.AWS_ENDPOINT_URL_SFN = sfn.endpoint;
  expect(sfn.stateMachineArn).toBe(stateMachineArn);

  // The evidence bucket's CORS: the custom resource's PutBucketCors call, with its parameters from the template.
  const [, cors] = synth.resource('Web', 'Custom::AWS', 'EvidenceBucketCors');
  const call = JSON.parse(resolve(cors.Properties.Create) as string) as {
    service: string;
    action: string;
    parameters: Loose;
  };
  expect([call.service, call.action]).toEqual(['S3', 'putBucketCors']);
  await testS3Client().send(new PutBucketCorsCommand(call.parameters));

  const api = (await nativeImport(pathToFileURL(synth.bundleOf('Api', 'ApiFunction')).href)).handler as Handler;
  edge = createEdge({
    web: synth.templates.Web,
    api: synth.templates.Api,
    resolve,
    jwksUrl: cognito.jwksUrl,
    handler: (event, context) => api(event, context) as Promise<LambdaResult>,
    domainName: DISTRIBUTION_DOMAIN,
  });
  // The job worker: its environment from the template (the API's, with its own queue), fed by the queue.
  const [, workerFn] = synth.resource('Api', 'AWS::Lambda::Function', 'JobWorker');
  const workerEnv = resolve(workerFn.Properties.Environment.Variables) as Record<string, string>;
  jobQueueUrl = workerEnv.JOB_QUEUE_URL as string;
  expect(apiEnv.JOB_QUEUE_URL).toBe(jobQueueUrl);
  // the API's configuration but the origin secret (the worker serves no HTTP), so process.env serves both
  const { ORIGIN_SECRET_ARN: _origin, POWERTOOLS_SERVICE_NAME: _apiName, ...shared } = apiEnv;
  const { POWERTOOLS_SERVICE_NAME: workerName, ...workerShared } = workerEnv;
  expect(workerName).toBe('civicgrid-jobs');
  expect(workerShared).toEqual(shared);
  jobWorker = (await nativeImport(pathToFileURL(synth.bundleOf('Api', 'JobWorker')).href)).handler as Handler;
  stops.push(() => sfn.stop(), cognito.stop, sts.stop, proxy.stop, sqs.stop);
}, 180_000);

afterAll(async () => {
  for (const stop of stops) await stop();
});

const call = (method: string, path: string, body?: unknown, token?: string, extra: Partial<EdgeRequest> = {}) =>
  edge.request({ method, path, body, headers: token ? { authorization: `Bearer ${token}` } : {}, ...extra });

async function signUp(slug: string) {
  const email = `admin@${slug}.test`;
  const res = await call('POST', '/api/signup', {
    tenant: { name: `街道 ${slug}`, slug, level: 'street' },
    admin: { name: '王敏', email, password: PASSWORD },
  });
  expect(res.status, res.text).toBe(201);
  const login = await call('POST', '/api/auth/login', { email, password: PASSWORD });
  expect(login.status, login.text).toBe(200);
  return { email, tenant: res.json.tenant, login: login.json };
}

async function until<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const giveUp = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > giveUp) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('staff identity on AWS (Cognito behind POST /api/auth/login)', () => {
  it('signs up a street, logs its admin in with the ID token, refreshes and logs out', async () => {
    const { email, login, tenant } = await signUp('dp-login');
    expect(login).toMatchObject({
      user: { email, roles: ['tenant_admin'], tenantId: tenant.id },
      tenant: { slug: 'dp-login', path: tenant.path },
    });
    expect(typeof login.refreshToken).toBe('string');
    expect(Date.parse(login.expiresAt)).toBeGreaterThan(Date.now());
    // the token went through the pre-token bundle: tenant claims on the ID token
    const claims = JSON.parse(Buffer.from(login.token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({
      tenantPath: tenant.path,
      tenantId: tenant.id,
      roles: 'tenant_admin',
      userId: login.user.id,
    });

    const me = await call('GET', '/api/me', undefined, login.token);
    expect(me.status, me.text).toBe(200);
    expect(me.json.user.email).toBe(email);
    expect(await call('GET', '/api/me')).toMatchObject({ status: 401, byGateway: true });
    expect(await call('GET', '/api/me', undefined, `${login.token.slice(0, -4)}AAAA`)).toMatchObject({
      status: 401,
      byGateway: true,
    });

    const refreshed = await call('POST', '/api/auth/refresh', { refreshToken: login.refreshToken });
    expect(refreshed.status, refreshed.text).toBe(200);
    expect((await call('GET', '/api/me', undefined, refreshed.json.token)).status).toBe(200);
    expect((await call('POST', '/api/auth/logout', { refreshToken: login.refreshToken })).status).toBe(204);
    expect(await call('POST', '/api/auth/refresh', { refreshToken: login.refreshToken })).toMatchObject({
      status: 401,
      json: { error: { code: 'invalid_refresh_token' } },
    });
  });

  it('answers a wrong password and an unknown e-mail alike, and names a missing refresh token', async () => {
    await signUp('dp-wrong');
    const wrong = await call('POST', '/api/auth/login', { email: 'admin@dp-wrong.test', password: 'Not-The-Pass-1' });
    const unknown = await call('POST', '/api/auth/login', {
      email: 'nobody@dp-wrong.test',
      password: 'Not-The-Pass-1',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.json.error.code).toBe(wrong.json.error.code);
    const bad = await call('POST', '/api/auth/refresh', {});
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe('refreshToken');
  });

  it("pushes a user's role, status and password changes to Cognito, and undoes the change when Cognito fails", async () => {
    const admin = await signUp('dp-sync');
    const t = admin.login.token;
    const email = 'leader@dp-sync.test';
    const created = await call(
      'POST',
      '/api/users',
      { name: '李华', email, password: PASSWORD, roles: ['leader', 'dispatcher'] },
      t,
    );
    expect(created.status, created.text).toBe(201);
    const id = created.json.id as string;
    const first = await call('POST', '/api/auth/login', { email, password: PASSWORD });
    expect(first.status).toBe(200);
    expect(cognito.user(email)?.attributes['custom:roles']).toBe('leader,dispatcher');

    // demotion: the attribute changes and the user's sessions end (refresh tokens revoked)
    const demoted = await call('PATCH', `/api/users/${id}`, { roles: ['leader'] }, t);
    expect(demoted.status, demoted.text).toBe(200);
    expect(cognito.user(email)?.attributes['custom:roles']).toBe('leader');
    expect(cognito.liveRefreshTokens(email)).toBe(0);
    expect((await call('POST', '/api/auth/refresh', { refreshToken: first.json.refreshToken })).status).toBe(401);

    // Cognito refuses the deactivation for good (after retries): nothing changes, in the table or in Cognito
    cognito.failNext('AdminDisableUser', 'InternalErrorException', 50);
    const failed = await call('PATCH', `/api/users/${id}`, { roles: ['dispatcher'], status: 'inactive' }, t);
    expect(failed.status, failed.text).toBe(503);
    expect(failed.json.error.code).toBe('identity_sync_failed');
    cognito.clearFailures();
    const stored = await call('GET', `/api/users/${id}`, undefined, t);
    expect(stored.json).toMatchObject({ roles: ['leader'], status: 'active' });
    expect(cognito.user(email)).toMatchObject({ enabled: true, attributes: { 'custom:roles': 'leader' } });

    // the user changes their own password: Cognito takes it, the old one stops working
    const session = await call('POST', '/api/auth/login', { email, password: PASSWORD });
    const changed = await call(
      'POST',
      '/api/me/password',
      { currentPassword: PASSWORD, newPassword: 'Another-Pass-22' },
      session.json.token,
    );
    expect(changed.status, changed.text).toBe(204);
    expect((await call('POST', '/api/auth/login', { email, password: PASSWORD })).status).toBe(401);
    expect((await call('POST', '/api/auth/login', { email, password: 'Another-Pass-22' })).status).toBe(200);

    // a refused password change leaves the old password working in both places
    cognito.failNext('AdminSetUserPassword', 'InternalErrorException', 50);
    const again = await call('POST', '/api/auth/login', { email, password: 'Another-Pass-22' });
    const refused = await call(
      'POST',
      '/api/me/password',
      { currentPassword: 'Another-Pass-22', newPassword: 'Third-Pass-333' },
      again.json.token,
    );
    expect(refused.status).toBe(503);
    cognito.clearFailures();
    // the old password still works (the refused change ended the sessions: nothing is gained by it)
    const relogin = await call('POST', '/api/auth/login', { email, password: 'Another-Pass-22' });
    expect(relogin.status).toBe(200);
    const retried = await call(
      'POST',
      '/api/me/password',
      { currentPassword: 'Another-Pass-22', newPassword: 'Third-Pass-333' },
      relogin.json.token,
    );
    expect(retried.status, retried.text).toBe(204);

    // deactivation: disabled in Cognito, log-in refused
    expect((await call('PATCH', `/api/users/${id}`, { status: 'inactive' }, t)).status).toBe(200);
    expect(cognito.user(email)?.enabled).toBe(false);
    expect((await call('POST', '/api/auth/login', { email, password: 'Third-Pass-333' })).status).toBe(401);
  });
});

describe('CloudFront', () => {
  it('serves /r/{slug} as report.html, console deep links as index.html, assets untouched, the API passed on', async () => {
    expect((await edge.request({ method: 'GET', path: '/r/dp-login' })).siteUri).toBe('/report.html');
    expect((await edge.request({ method: 'GET', path: '/r' })).siteUri).toBe('/report.html');
    expect((await edge.request({ method: 'GET', path: '/cases/d0101.s003-abc' })).siteUri).toBe('/index.html');
    expect((await edge.request({ method: 'GET', path: '/' })).siteUri).toBe('/index.html');
    expect((await edge.request({ method: 'GET', path: '/assets/index-3f2a.js' })).siteUri).toBe(
      '/assets/index-3f2a.js',
    );
    expect((await edge.request({ method: 'GET', path: '/favicon.svg' })).siteUri).toBe('/favicon.svg');
    expect((await edge.request({ method: 'GET', path: '/r/dp-login/track/ABCD.1234' })).siteUri).toBe('/report.html');
    const health = await edge.request({ method: 'GET', path: '/health' });
    expect(health.siteUri).toBeUndefined();
    expect(health.byGateway).toBe(false);
  });

  it('counts rate limits per viewer (not per edge), and refuses requests that bypass CloudFront', async () => {
    const report = (viewerIp: string, headers: Record<string, string> = {}) =>
      edge.request({ method: 'POST', path: '/public/dp-no-such-office/reports', body: {}, viewerIp, headers });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await report('198.51.100.21', { 'x-viewer-address': `10.0.0.${i}` })).status);
    // five per minute per client: the sixth from the same viewer is throttled, whatever it claims to be
    expect(statuses.slice(0, 5).every((s) => s === 404)).toBe(true);
    expect(statuses[5]).toBe(429);
    // the same edge, another viewer: not throttled
    expect((await report('198.51.100.22')).status).toBe(404);
    // straight to execute-api (no origin secret): refused, viewer header or not
    const direct = await edge.direct({
      method: 'GET',
      path: '/health',
      headers: { 'x-viewer-address': '198.51.100.23' },
    });
    expect(direct.status).toBe(403);
    expect(direct.json.error.code).toBe('origin_forbidden');
  });
});

describe('a street at work on the deployed stack', () => {
  it('files a citizen report with evidence uploaded after the browser preflight, and lists the case', async () => {
    const { login, tenant } = await signUp('dp-work');
    const t = login.token;
    const created = await call(
      'POST',
      '/api/users',
      { name: '调度员', email: 'dispatch@dp-work.test', password: PASSWORD, roles: ['dispatcher'] },
      t,
    );
    expect(created.status, created.text).toBe(201);
    const dispatcher = await call('POST', '/api/auth/login', { email: 'dispatch@dp-work.test', password: PASSWORD });
    expect(dispatcher.status).toBe(200);

    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 200 }, (_, i) => i % 256)]);
    const upload = await call('POST', '/public/dp-work/uploads', {
      fileName: 'photo.jpg',
      contentType: 'image/jpeg',
      size: photo.length,
    });
    expect(upload.status, upload.text).toBe(201);
    expect(upload.json.key.startsWith(`${tenant.path}reports/`)).toBe(true);
    // signed with the tenant session (its token names the tenant role session)
    expect(new URL(upload.json.uploadUrl).searchParams.get('X-Amz-Security-Token')).toMatch(/^session-/);

    // the browser's CORS preflight from the distribution's origin, then the PUT
    const headerNames = Object.keys(upload.json.headers)
      .map((h) => h.toLowerCase())
      .join(',');
    const preflight = await fetch(upload.json.uploadUrl, {
      method: 'OPTIONS',
      headers: { origin: SITE, 'access-control-request-method': 'PUT', 'access-control-request-headers': headerNames },
    });
    // (s3rver answers a matched preflight with `*`; what matters is that the rule matched this origin and method)
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
    const stranger = await fetch(upload.json.uploadUrl, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' },
    });
    expect(stranger.status).toBe(403);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    const put = await fetch(upload.json.uploadUrl, {
      method: 'PUT',
      headers: { ...upload.json.headers, origin: SITE },
      body: photo,
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toBe(SITE);

    const filed = await call('POST', '/public/dp-work/reports', {
      description: '部署测试：井盖缺失',
      location: HERE,
      address: '部署测试路 1 号',
      photos: [upload.json.key],
    });
    expect(filed.status, filed.text).toBe(201);
    const list = await call('GET', '/api/cases?limit=20', undefined, dispatcher.json.token);
    expect(list.status, list.text).toBe(200);
    const item = list.json.items.find((c: { description: string }) => c.description === '部署测试：井盖缺失');
    expect(item).toBeDefined();

    // the workflow bundles ran: prepare, then await-action stored the task token on the case
    const db = testDynamoClient();
    const caseKey = { PK: { S: `${tenant.path}CASE#${item.id}` }, SK: { S: 'META' } };
    const stored = await until(async () => {
      const { Item } = await db.send(new GetItemCommand({ TableName: tableName, Key: caseKey }));
      return Item?.taskToken ? Item : undefined;
    }, 'the task token');
    expect(stored.taskStep?.S).toBe('reported');

    // a task throwing a non-Lambda error (DynamoDB refuses the read) is retried, then reaches the error handler,
    // which marks the case; the execution fails (the alarm) and an operator can redrive it
    brokenKeys.add(`${tenant.path}CASE#${item.id}|META`);
    const client = new SFNClient({
      endpoint: sfn.endpoint,
      region: REGION,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const { executionArn } = await client.send(
      new StartExecutionCommand({
        stateMachineArn: sfn.stateMachineArn,
        name: `redrive-${item.id.replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 80),
        input: JSON.stringify({ tenantPath: tenant.path, caseId: item.id }),
      }),
    );
    const failed = await until(async () => {
      const out = await client.send(new DescribeExecutionCommand({ executionArn }));
      return out.status !== 'RUNNING' ? out : undefined;
    }, 'the execution to fail');
    expect(failed).toMatchObject({ status: 'FAILED', error: 'CivicGrid.WorkflowError' });
    brokenKeys.clear();
    const marked = await db.send(new GetItemCommand({ TableName: tableName, Key: caseKey }));
    expect(marked.Item?.workflowError?.M?.error?.S).toBe('ValidationException');
    expect(marked.Item?.workflowError?.M?.executionArn?.S).toBe(executionArn);
  });
});

describe('imports on the deployed stack (API → SQS → the job-worker bundle)', () => {
  /** a Lambda context with most of the 15 minutes left */
  const fresh = () => ({ ...lambdaContext(), getRemainingTimeInMillis: () => 900_000 });

  it('queues the import, runs it in chunks, stops at a checkpoint near the timeout and resumes from the continuation', async () => {
    const { login, tenant } = await signUp('dp-import');
    const t = login.token;
    const ROWS = 800; // four chunks of 250
    const ids: string[] = [];
    const lines = ['姓名,身份证号,户籍类型'];
    for (let i = 0; i < ROWS; i++) {
      const id = idNumberOf('120116', `1980${String(1 + (i % 12)).padStart(2, '0')}15`, i);
      ids.push(id);
      lines.push(`居民${i},${i === 3 || i === 620 ? withBadCheckDigit(id) : id},户籍`);
    }
    expect(new Set(ids).size).toBe(ROWS);
    const file = Buffer.from(`${lines.join('\n')}\n`);
    const upload = await call(
      'POST',
      '/api/imports/upload-url',
      { fileName: '人口.csv', contentType: 'text/csv', size: file.length },
      t,
    );
    expect(upload.status, upload.text).toBe(201);
    const put = await fetch(upload.json.uploadUrl, { method: 'PUT', headers: upload.json.headers, body: file });
    expect(put.status).toBe(200);
    const started = await call('POST', '/api/imports', { entity: 'people', fileKey: upload.json.fileKey }, t);
    expect(started.status, started.text).toBe(202);
    const id = started.json.id as string;

    // the API queued one message naming the job; nothing ran on the request path
    const [first, ...none] = sqs.take(jobQueueUrl);
    expect(none).toEqual([]);
    expect(JSON.parse(first?.body ?? '')).toEqual({ kind: 'import', tenantPath: tenant.path, id });
    expect((await call('GET', `/api/imports/${id}`, undefined, t)).json).toMatchObject({ status: 'queued', done: 0 });

    // a Lambda 30 s from its timeout runs one chunk, writes the checkpoint and queues its continuation
    const nearTimeout = () => ({ ...lambdaContext(), getRemainingTimeInMillis: () => 30_000 });
    expect(await jobWorker({ Records: [first] }, nearTimeout())).toEqual({ batchItemFailures: [] });
    expect((await call('GET', `/api/imports/${id}`, undefined, t)).json).toMatchObject({
      status: 'running',
      total: ROWS,
      done: 250,
      added: 249,
      failed: 1,
    });
    const [second, ...more] = sqs.take(jobQueueUrl);
    expect(more).toEqual([]);
    expect(JSON.parse(second?.body ?? '')).toEqual(JSON.parse(first?.body ?? ''));
    expect(await jobWorker({ Records: [second] }, nearTimeout())).toEqual({ batchItemFailures: [] });
    expect((await call('GET', `/api/imports/${id}`, undefined, t)).json).toMatchObject({ done: 500, added: 499 });
    const [continuation] = sqs.take(jobQueueUrl);

    // the continuation finishes it; a second delivery of the first message (SQS is at-least-once) changes nothing
    expect(await jobWorker({ Records: [continuation] }, fresh())).toEqual({ batchItemFailures: [] });
    const done = await call('GET', `/api/imports/${id}`, undefined, t);
    expect(done.json).toMatchObject({
      status: 'done',
      total: ROWS,
      done: ROWS,
      added: ROWS - 2,
      failed: 2,
      skipped: 0,
    });
    expect(done.json.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [5, 'idNumber'],
      [622, 'idNumber'],
    ]);
    expect(await jobWorker({ Records: [first] }, fresh())).toEqual({ batchItemFailures: [] });
    expect((await call('GET', `/api/imports/${id}`, undefined, t)).json.version).toBe(done.json.version);
    expect(sqs.take(jobQueueUrl)).toEqual([]);
    const stats = await call('GET', '/api/stats/population?groupBy=tenant', undefined, t);
    expect(stats.json.items[0].total).toBe(ROWS - 2);

    // a message the worker cannot run is reported as a batch item failure: SQS delivers it again, then parks it in
    // the dead-letter queue (alarmed)
    const broken: SqsRecord = { ...(first as SqsRecord), messageId: 'broken-1', body: '{"kind":"import"}' };
    expect(await jobWorker({ Records: [broken] }, fresh())).toEqual({
      batchItemFailures: [{ itemIdentifier: 'broken-1' }],
    });

    // the streamed export passes the Lambda adapter whole (the admin may reveal: a clear export, logged)
    const exported = await call('GET', '/api/exports/people?format=csv', undefined, t);
    expect(exported.status, exported.text).toBe(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    const exportedLines = exported.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(exportedLines[0]).toContain('姓名*,身份证号*,户籍类型*');
    expect(exportedLines).toHaveLength(ROWS - 2 + 1);

    // an export of any size runs in the worker too: the file lands under the tenant's prefix, fetched by its link
    const exportJob = await call('POST', '/api/export-jobs', { entity: 'people', format: 'csv' }, t);
    expect(exportJob.status, exportJob.text).toBe(202);
    const [exportMessage, ...extra] = sqs.take(jobQueueUrl);
    expect(extra).toEqual([]);
    expect(JSON.parse(exportMessage?.body ?? '')).toMatchObject({ kind: 'export', id: exportJob.json.id });
    expect(await jobWorker({ Records: [exportMessage] }, fresh())).toEqual({ batchItemFailures: [] });
    const exportDone = await call('GET', `/api/export-jobs/${exportJob.json.id}`, undefined, t);
    expect(exportDone.json).toMatchObject({ status: 'done', rows: ROWS - 2 });
    // signed with the tenant session
    expect(new URL(exportDone.json.downloadUrl).searchParams.get('X-Amz-Security-Token')).toMatch(/^session-/);
    const fetched = await fetch(exportDone.json.downloadUrl);
    expect(fetched.status).toBe(200);
    expect((await fetched.text()).trim().split('\r\n')).toHaveLength(ROWS - 2 + 1);

    // the imported people are sealed with the field key the template's secret holds (FIELD_SECRET_ARN, read at
    // cold start), not with the built-in development key
    expect(apiEnv.FIELD_SECRET).toBeUndefined();
    const fieldKey = secrets[apiEnv.FIELD_SECRET_ARN as string];
    expect(fieldKey).toBeDefined();
    const person = (await call('GET', '/api/people?limit=1', undefined, t)).json.items[0];
    const { Item } = await testDynamoClient().send(
      new GetItemCommand({
        TableName: tableName,
        Key: { PK: { S: `${tenant.path}PERSON#${person.id}` }, SK: { S: 'META' } },
      }),
    );
    const sealed = Item?.idNumber?.S ?? '';
    expect(sealed).toMatch(/^v1\./);
    expect(ids).toContain(new FieldCipher(fieldKey as string).open(sealed));
    expect(() => new FieldCipher('civicgrid-local-field-secret').open(sealed)).toThrow();
  });
});

describe('the tenant-scoped credentials (second wall)', () => {
  it("refuses another tenant's items by the tenant role's policy from the template", async () => {
    const stsClient = new STSClient({
      region: REGION,
      endpoint: sts.endpoint,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const session = async (tenantPath?: string) =>
      stsClient.send(
        new AssumeRoleCommand({
          RoleArn: tenantRoleArn,
          RoleSessionName: 'deploy-test',
          ...(tenantPath ? { Tags: [{ Key: 'TenantPath', Value: tenantPath }] } : {}),
        }),
      );
    // the trust policy: no TenantPath tag, or one that is not a path, is no session at all
    await expect(session()).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(session('d0101')).rejects.toMatchObject({ name: 'AccessDenied' });

    const { Credentials } = await session('s901/');
    const asTenant = new DynamoDBClient({
      region: REGION,
      endpoint: proxy.endpoint,
      credentials: {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      },
    });
    const get = (pk: string) =>
      asTenant.send(new GetItemCommand({ TableName: tableName, Key: { PK: { S: pk }, SK: { S: 'META' } } }));
    await expect(get('s901/CASE#x')).resolves.toBeDefined();
    await expect(get('s902/CASE#x')).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(get('s9010/CASE#x')).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(proxy.denied).toContain('GetItem s902/CASE#x as s901/');

    // evidence objects: only under the session's own prefix
    const s3 = (action: string, key: string) =>
      isAllowed(tenantPolicy, {
        action,
        resource: `arn:aws-cn:s3:::${bucket}/${key}`,
        principalTags: { TenantPath: 's901/' },
      });
    expect(s3('s3:PutObject', 's901/cases/c1/a.jpg')).toBe(true);
    expect(s3('s3:PutObject', 's902/cases/c1/a.jpg')).toBe(false);
    expect(s3('s3:GetObject', 's902/reports/r/a.jpg')).toBe(false);
    expect(s3('s3:DeleteObject', 's901/cases/c1/a.jpg')).toBe(false);
  });
});

describe('the pre-token trigger bundle', () => {
  it('turns the custom attributes of a Cognito V2 event into ID and access token claims', async () => {
    const out = await preToken(
      {
        version: '2',
        triggerSource: 'TokenGeneration_Authentication',
        region: REGION,
        userPoolId: POOL_ID,
        userName: 'u',
        callerContext: { awsSdkVersion: 'x', clientId: CLIENT_ID },
        request: {
          userAttributes: {
            sub: 'u',
            'custom:tenantId': 't1',
            'custom:tenantPath': 's001/',
            'custom:roles': 'leader',
            'custom:userId': 'u1',
          },
          groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] },
          scopes: [],
        },
        response: { claimsAndScopeOverrideDetails: null },
      },
      lambdaContext(),
    );
    const expected = { tenantId: 't1', tenantPath: 's001/', roles: 'leader', userId: 'u1' };
    expect(out.response.claimsAndScopeOverrideDetails.idTokenGeneration.claimsToAddOrOverride).toEqual(expected);
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration.claimsToAddOrOverride).toEqual(expected);
  });
});

describe('webhooks on the deployed stack (outbox → table stream → the webhook-worker bundle → retry queue)', () => {
  it('refuses private targets, queues the event in the transaction, and the worker tries it and queues the retry', async () => {
    const { login, tenant } = await signUp('dp-hooks');
    const t = login.token;
    // SSRF: the deployed API refuses private, loopback and link-local targets and plain http
    for (const url of [
      'https://10.0.0.8/h',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/h',
      'http://93.184.216.34/h',
    ]) {
      const refused = await call('POST', '/api/webhooks', { url, events: ['case.reported'] }, t);
      expect(refused.status, url).toBe(400);
      expect(refused.json.error.code).toBe('url_refused');
    }
    const hook = await call(
      'POST',
      '/api/webhooks',
      { url: 'https://93.184.216.34/hook', events: ['case.reported'] },
      t,
    );
    expect(hook.status, hook.text).toBe(201);
    const filed = await call('POST', '/api/cases', { description: '路灯不亮' }, t);
    expect(filed.status, filed.text).toBe(201);

    // the event sits in the tenant's outbox, written in the case's own transaction; the stream hands the insert on
    const outbox = await new DynamoDBClient({
      region: REGION,
      endpoint: dynamoEndpoint(),
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }).send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': { S: `${tenant.path}HOOKQ` } },
      }),
    );
    expect(outbox.Items).toHaveLength(1);
    const image = outbox.Items?.[0];
    expect(image?.type?.S).toBe('webhook-event');

    // the worker: its environment from the template (the API's, with its retry queue)
    const [, workerFn] = synth.resource('Api', 'AWS::Lambda::Function', 'WebhookWorker');
    const workerEnv = resolve(workerFn.Properties.Environment.Variables) as Record<string, string>;
    const queueUrl = workerEnv.WEBHOOK_QUEUE_URL as string;
    process.env.WEBHOOK_QUEUE_URL = queueUrl;
    const worker = (await nativeImport(pathToFileURL(synth.bundleOf('Api', 'WebhookWorker')).href)).handler as Handler;
    const streamRecord = {
      eventSource: 'aws:dynamodb',
      eventName: 'INSERT',
      dynamodb: { SequenceNumber: '100000000000000000001', NewImage: image },
    };
    expect(await worker({ Records: [streamRecord] }, lambdaContext())).toEqual({ batchItemFailures: [] });
    // no network here: the try fails, is logged on the delivery, and its retry waits in the queue
    const log = await call('GET', `/api/webhooks/${hook.json.id}/deliveries`, undefined, t);
    expect(log.json.items).toEqual([
      expect.objectContaining({ eventType: 'case.reported', status: 'pending', attempts: 1 }),
    ]);
    expect(log.json.items[0].lastError).toBeTruthy();
    const [retry, ...none] = sqs.take(queueUrl);
    expect(none).toEqual([]);
    expect(JSON.parse(retry?.body ?? '')).toEqual({ tenantPath: tenant.path, eventId: image?.SK?.S });
    // the queue hands it back early (SQS delays are capped): not due yet, so no try, and it waits again
    expect(await worker({ Records: [retry] }, lambdaContext())).toEqual({ batchItemFailures: [] });
    expect((await call('GET', `/api/webhooks/${hook.json.id}/deliveries`, undefined, t)).json.items[0].attempts).toBe(
      1,
    );
    expect(sqs.take(queueUrl)).toHaveLength(1);
  }, 60_000);
});
