import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { TENANT_PATH_VARIABLE } from '../src/api/tenant-data-access-role.js';
import { addCivicGridStacks, type CivicGridStacks } from '../src/civicgrid-app.js';
import { readDeploymentConfig } from '../src/config/deployment-config.js';
import { FEATURE_FLAGS } from '../src/config/feature-flags.js';
import { WORKFLOW_DEFINITION_PATH } from '../src/config/repository-paths.js';

const WEB_ORIGIN = 'https://civicgrid.example.gov.cn';

let app: App;
let stacks: CivicGridStacks;
let t: Record<keyof CivicGridStacks, Template>;

// One synth for the whole file: CDK synthesis is the slow part.
beforeAll(() => {
  app = new App({
    context: {
      ...FEATURE_FLAGS,
      'aws:cdk:bundling-stacks': [],
      'civicgrid:webOrigins': `${WEB_ORIGIN},http://localhost:5173`,
      'civicgrid:deployWebAssets': false,
    },
  });
  stacks = addCivicGridStacks(app, readDeploymentConfig(app.node));
  t = {
    data: Template.fromStack(stacks.data),
    identity: Template.fromStack(stacks.identity),
    workflow: Template.fromStack(stacks.workflow),
    api: Template.fromStack(stacks.api),
    web: Template.fromStack(stacks.web),
    ops: Template.fromStack(stacks.ops),
  };
}, 120_000);

describe('DataStack', () => {
  it('has one table with PK/SK, GSI1..GSI4, PITR, deletion protection, RETAIN and AWS-managed encryption', () => {
    t.data.resourceCountIs('AWS::DynamoDB::Table', 1);
    t.data.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        GlobalSecondaryIndexes: [1, 2, 3, 4].map((n) => ({
          IndexName: `GSI${n}`,
          KeySchema: [
            { AttributeName: `GSI${n}PK`, KeyType: 'HASH' },
            { AttributeName: `GSI${n}SK`, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    });
    const table = Object.values(t.data.findResources('AWS::DynamoDB::Table'))[0];
    const attributes = table?.Properties.AttributeDefinitions as Array<{ AttributeType: string }>;
    expect(attributes).toHaveLength(10);
    expect(attributes.every((a) => a.AttributeType === 'S')).toBe(true);
  });

  it('keeps evidence private, encrypted, versioned, logged and SSL-only (CORS is written by the WebStack)', () => {
    t.data.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      CorsConfiguration: Match.absent(),
    });
    // enforceSSL: every bucket in the stack denies requests without TLS.
    const policies = Object.values(t.data.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      );
    }
  });
});

describe('IdentityStack', () => {
  it('signs in by email with a strong password policy, Plus-tier threat protection and tenant attributes', () => {
    t.identity.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 10,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      Schema: Match.arrayWith([
        ...['tenantId', 'tenantPath', 'roles'].map((name) =>
          Match.objectLike({ Name: name, AttributeDataType: 'String', Mutable: true }),
        ),
        // the table's user id, set once by AdminCreateUser (Cognito's `sub` is its own uuid)
        Match.objectLike({ Name: 'userId', AttributeDataType: 'String', Mutable: false }),
      ]),
    });
  });

  it('wires the pre-token-generation trigger (V2: ID and access token claims)', () => {
    const fns = t.identity.findResources('AWS::Lambda::Function');
    const preToken = Object.entries(fns).find(([id]) => id.includes('PreTokenGeneration'));
    expect(preToken).toBeDefined();
    t.identity.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: {
        PreTokenGenerationConfig: {
          LambdaArn: { 'Fn::GetAtt': [preToken![0], 'Arn'] },
          LambdaVersion: 'V2_0',
        },
      },
    });
  });

  it('has a public app client (no secret) that cannot write the tenant attributes', () => {
    const clients = Object.values(t.identity.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    const client = clients[0]?.Properties;
    expect(client.GenerateSecret).toBe(false);
    expect(client.ReadAttributes).toEqual(
      expect.arrayContaining(['custom:tenantId', 'custom:tenantPath', 'custom:roles', 'custom:userId']),
    );
    expect(client.WriteAttributes.length).toBeGreaterThan(0);
    expect(client.WriteAttributes.filter((a: string) => a.startsWith('custom:'))).toEqual([]);
  });
});

describe('WorkflowStack', () => {
  const definition = () => JSON.parse(readFileSync(WORKFLOW_DEFINITION_PATH, 'utf8'));

  it('is a Standard state machine from the shared ASL file, substituted with the three task functions', () => {
    const fnIds = Object.keys(t.workflow.findResources('AWS::Lambda::Function'));
    const idOf = (part: string) => fnIds.find((id) => id.includes(part));
    t.workflow.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      DefinitionS3Location: Match.anyValue(),
      DefinitionSubstitutions: {
        Partition: { Ref: 'AWS::Partition' },
        PrepareFunctionArn: { 'Fn::GetAtt': [idOf('Prepare'), 'Arn'] },
        AwaitActionFunctionArn: { 'Fn::GetAtt': [idOf('AwaitAction'), 'Arn'] },
        EscalateFunctionArn: { 'Fn::GetAtt': [idOf('Escalate'), 'Arn'] },
      },
      LoggingConfiguration: Match.objectLike({ Level: 'ERROR' }),
      TracingConfiguration: { Enabled: true },
    });
  });

  it('substitutes every placeholder the ASL file uses', () => {
    const used = new Set(
      [...readFileSync(WORKFLOW_DEFINITION_PATH, 'utf8').matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]),
    );
    const machine = Object.values(t.workflow.findResources('AWS::StepFunctions::StateMachine'))[0];
    expect(Object.keys(machine?.Properties.DefinitionSubstitutions ?? {}).sort()).toEqual([...used].sort());
  });

  it('bounds every waitForTaskToken task with a timeout and catches States.Timeout', () => {
    const waits = taskStates(definition()).filter(([, s]) => String(s.Resource).endsWith('.waitForTaskToken'));
    expect(waits.length).toBeGreaterThan(0);
    for (const [name, state] of waits) {
      expect(state.TimeoutSeconds ?? state.TimeoutSecondsPath, `${name} has no timeout`).toBeDefined();
      const catches = (state.Catch ?? []) as Array<{ ErrorEquals: string[] }>;
      expect(
        catches.some((c) => c.ErrorEquals.includes('States.Timeout') || c.ErrorEquals.includes('States.ALL')),
        `${name} does not catch States.Timeout`,
      ).toBe(true);
    }
  });

  it('grants the state machine role lambda:InvokeFunction on exactly the four task functions', () => {
    const fnArns = Object.keys(t.workflow.findResources('AWS::Lambda::Function'))
      .filter((id) => /Prepare|AwaitAction|Escalate|Maintenance/.test(id))
      .map((id) => JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }));
    expect(fnArns).toHaveLength(4);
    const statements = Object.values(t.workflow.findResources('AWS::IAM::Policy'))
      .filter((p) => /StateMachineRole/.test(JSON.stringify(p.Properties.Roles)))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: unknown; Resource: unknown[] }>);
    const invoke = statements.filter((st) => st.Action === 'lambda:InvokeFunction');
    expect(invoke).toHaveLength(1);
    expect(invoke[0]?.Resource.map((r) => JSON.stringify(r)).sort()).toEqual(fnArns.sort());
  });
});

describe('Workflow task permissions', () => {
  it('lets only await-action answer task tokens, through a policy of its own (no dependency cycle)', () => {
    const policies = Object.entries(t.workflow.findResources('AWS::IAM::Policy')).filter(([id]) =>
      id.includes('TaskResponsePolicy'),
    );
    expect(policies).toHaveLength(1);
    const policy = policies[0]?.[1].Properties;
    expect(JSON.stringify(policy.Roles)).toMatch(/AwaitActionServiceRole/);
    expect([...policy.PolicyDocument.Statement[0].Action].sort()).toEqual([
      'states:SendTaskFailure',
      'states:SendTaskSuccess',
    ]);
    expect(policy.PolicyDocument.Statement[0].Resource.Ref).toMatch(/StateMachine/);
  });
});

describe('Lambdas', () => {
  it('all run nodejs22.x on arm64 with active tracing and Powertools settings', () => {
    let count = 0;
    for (const template of Object.values(t)) {
      for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
        // the aws-cdk-lib AwsCustomResource handler (evidence CORS) is CDK's own, with CDK's runtime
        if (id.startsWith('AWS679f53fac002430cb0da5b7982bd2287')) continue;
        count += 1;
        expect(fn.Properties.Runtime).toBe('nodejs22.x');
        expect(fn.Properties.Architectures).toEqual(['arm64']);
        expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
        expect(fn.Properties.Environment.Variables).toHaveProperty('POWERTOOLS_SERVICE_NAME');
        expect(fn.Properties.LoggingConfig).toHaveProperty('LogGroup');
      }
    }
    expect(count).toBe(8); // pre-token, prepare, await-action, escalate, maintenance, api, job worker, webhook worker
  });

  it('gives the API function the configuration createLambdaApp reads', () => {
    const api = Object.entries(t.api.findResources('AWS::Lambda::Function')).find(([id]) => id.includes('ApiFunction'));
    expect(Object.keys(api?.[1].Properties.Environment.Variables ?? {})).toEqual(
      expect.arrayContaining([
        'TABLE_NAME',
        'BUCKET_NAME',
        'STATE_MACHINE_ARN',
        'JWKS_URL',
        'JWT_ISSUER',
        'TENANT_ROLE_ARN',
        'USER_POOL_ID',
        'USER_POOL_CLIENT_ID',
        'CURSOR_SECRET_ARN',
        'ORIGIN_SECRET_ARN',
        'FIELD_SECRET_ARN',
        'JOB_QUEUE_URL',
      ]),
    );
  });

  it('keeps secrets out of the function configuration (read from Secrets Manager at cold start)', () => {
    for (const part of ['ApiFunction', 'JobWorker', 'WebhookWorker']) {
      const fn = Object.entries(t.api.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith(part));
      const variables = fn?.[1].Properties.Environment.Variables ?? {};
      expect(variables).not.toHaveProperty('CURSOR_SECRET');
      expect(variables).not.toHaveProperty('FIELD_SECRET');
      expect(variables.FIELD_SECRET_ARN).toEqual({ Ref: expect.stringMatching(/^FieldSecret/) });
      expect(JSON.stringify(variables)).not.toContain('resolve:secretsmanager');
    }
    // the field key outlives a stack deletion (without it no stored ID number can be read)
    t.api.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ Description: Match.stringLikeRegexp('field-level encryption') }),
    });
  });
});

describe('ApiStack', () => {
  it('protects /api/* with the Cognito JWT authorizer and leaves only the public routes open', () => {
    t.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
    const routes = Object.values(t.api.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
    const auth = Object.fromEntries(routes.map((r) => [r.RouteKey, r.AuthorizationType ?? 'NONE']));
    expect(auth).toEqual({
      'ANY /api/{proxy+}': 'JWT',
      'POST /api/signup': 'NONE',
      'POST /api/auth/login': 'NONE',
      'POST /api/auth/refresh': 'NONE',
      'POST /api/auth/logout': 'NONE',
      'ANY /public/{proxy+}': 'NONE',
      'ANY /open311/{proxy+}': 'NONE',
      'GET /health': 'NONE',
      'GET /openapi.json': 'NONE',
      'GET /docs': 'NONE',
    });
  });

  it('throttles the $default stage and writes access logs', () => {
    t.api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('scopes the tenant role to the session tenant path on the table, its indexes and evidence keys', () => {
    const tenantPolicy = tenantRolePolicyStatements();
    const dynamo = tenantPolicy.filter((s) => String(s.Action).includes('dynamodb:'));
    expect(dynamo).toHaveLength(2);
    for (const statement of dynamo) {
      expect(statement.Condition).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${TENANT_PATH_VARIABLE}*`] },
      });
      expect([statement.Action].flat()).not.toContain('dynamodb:Scan');
    }
    const [items, indexes] = dynamo;
    expect(JSON.stringify(items?.Resource)).toMatch(/CaseTable/);
    expect(JSON.stringify(items?.Resource)).not.toContain('index/');
    expect(items?.Action).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']));
    // the GSIs by name (no index/* wildcard), Query only: every GSI partition key starts with a tenant path
    expect(indexes?.Action).toBe('dynamodb:Query');
    expect(JSON.stringify(indexes?.Resource)).not.toContain('index/*');
    expect(indexes?.Resource.map((r: unknown) => JSON.stringify(r).match(/index\/(GSI\d)/)?.[1])).toEqual([
      'GSI1',
      'GSI2',
      'GSI3',
      'GSI4',
    ]);
    const s3 = tenantPolicy.find((s) => String(s.Action).includes('s3:'));
    expect(s3?.Action).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(JSON.stringify(s3?.Resource)).toContain(`/${TENANT_PATH_VARIABLE}*`);
    for (const statement of tenantPolicy) expect(statement.Condition ?? s3).toBeDefined();
  });

  it('lets only the API function and the two workers assume the tenant role, with a TenantPath session tag', () => {
    const role = tenantRole();
    const trust = role.Properties.AssumeRolePolicyDocument.Statement as Json[];
    // one statement per principal, or one naming both (CDK merges statements that differ only by principal)
    expect(trust.flatMap((s) => [s.Principal.AWS].flat().map((p: Json) => p['Fn::GetAtt'][0]))).toEqual([
      expect.stringMatching(/^ApiFunctionServiceRole/),
      expect.stringMatching(/^JobWorkerServiceRole/),
      expect.stringMatching(/^WebhookWorkerServiceRole/),
    ]);
    for (const statement of trust) {
      expect(statement.Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
      expect(statement.Condition).toEqual({
        StringLike: { 'aws:RequestTag/TenantPath': '?*/' },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['TenantPath'] },
      });
    }
    for (const fnRole of ['ApiFunctionServiceRole', 'JobWorkerServiceRole', 'WebhookWorkerServiceRole']) {
      t.api.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: ['sts:AssumeRole', 'sts:TagSession'],
              Resource: { 'Fn::GetAtt': [tenantRoleId(), 'Arn'] },
            }),
          ]),
        },
        Roles: [{ Ref: Match.stringLikeRegexp(fnRole) }],
      });
    }
  });

  it('runs imports off the request path: job queue → worker (batch 1, partial failures), DLQ after 5 tries', () => {
    const queues = t.api.findResources('AWS::SQS::Queue');
    const [mainId, main] = Object.entries(queues).find(([id]) => id.startsWith('JobQueue')) ?? [];
    const [dlqId, dlq] = Object.entries(queues).find(([id]) => id.startsWith('JobDeadLetterQueue')) ?? [];
    expect(main?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 5400,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(dlq?.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    const worker = Object.entries(t.api.findResources('AWS::Lambda::Function')).find(([id]) =>
      id.startsWith('JobWorker'),
    );
    expect(worker?.[1].Properties).toMatchObject({ Timeout: 900, MemorySize: 2048 });
    expect(worker?.[1].Properties.Environment.Variables.JOB_QUEUE_URL).toEqual({ Ref: mainId });
    t.api.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [mainId, 'Arn'] },
      FunctionName: { Ref: worker?.[0] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // the API only sends; the worker consumes (and sends its continuations)
    const policyOf = (fnRole: string) =>
      Object.values(t.api.findResources('AWS::IAM::Policy'))
        .filter((p) => JSON.stringify(p.Properties.Roles).includes(fnRole))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as Json[])
        .filter((st) => JSON.stringify(st.Resource).includes(String(mainId)))
        .flatMap((st) => [st.Action].flat());
    expect(policyOf('ApiFunctionServiceRole').sort()).toEqual(
      ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'].sort(),
    );
    expect(policyOf('JobWorkerServiceRole')).toEqual(
      expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:SendMessage']),
    );
  });

  it('delivers webhooks from the table stream (outbox inserts only) and a retry queue, through the tenant role', () => {
    t.data.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
    const worker = Object.entries(t.api.findResources('AWS::Lambda::Function')).find(([id]) =>
      id.startsWith('WebhookWorker'),
    );
    expect(worker).toBeDefined();
    const [workerId, fn] = worker ?? [];
    const queues = t.api.findResources('AWS::SQS::Queue');
    const [queueId, queue] = Object.entries(queues).find(([id]) => id.startsWith('WebhookQueue')) ?? [];
    const [dlqId] = Object.entries(queues).find(([id]) => id.startsWith('WebhookDeadLetterQueue')) ?? [];
    expect(queue?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
    });
    expect(fn?.Properties.Environment.Variables).toMatchObject({
      WEBHOOK_QUEUE_URL: { Ref: queueId },
      FIELD_SECRET_ARN: { Ref: expect.stringMatching(/^FieldSecret/) },
      TENANT_ROLE_ARN: { 'Fn::GetAtt': [expect.stringMatching(/^TenantDataAccessRole/), 'Arn'] },
    });
    // the stream mapping wakes the worker for inserts of outbox items only
    const mappings = Object.values(t.api.findResources('AWS::Lambda::EventSourceMapping')).filter(
      (m) => JSON.stringify(m.Properties.FunctionName) === JSON.stringify({ Ref: workerId }),
    );
    expect(mappings).toHaveLength(2);
    const stream = mappings.find((m) => m.Properties.StartingPosition === 'LATEST');
    expect(stream?.Properties).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
    });
    expect(JSON.parse(stream?.Properties.FilterCriteria.Filters[0].Pattern)).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { type: { S: ['webhook-event'] } } },
    });
    const sqs = mappings.find((m) => m.Properties.StartingPosition === undefined);
    expect(sqs?.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // its own role reads the stream and the queue; tenant items only through the tenant role (no table rights)
    const actions = Object.values(t.api.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('WebhookWorkerServiceRole'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Json[])
      .flatMap((st) => [st.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetRecords', 'sqs:ReceiveMessage', 'sqs:SendMessage']));
    expect(actions).not.toContain('dynamodb:PutItem');
    expect(actions).not.toContain('dynamodb:Scan');
  });

  it('gives the API function platform rights on the table (no Scan) and no evidence object access', () => {
    const statements = Object.values(t.api.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('ApiFunctionServiceRole'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>);
    const actions = statements.flatMap((s) => [s.Action].flat());
    // platform-level operations (sign-up, public routes, platform admin, `_platform/` registries) write directly
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query']));
    expect(actions).not.toContain('dynamodb:Scan');
    // evidence objects are signed with tenant sessions only; ListBucket serves the HeadBucket readiness probe
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual(['s3:ListBucket']);
    expect(actions).toEqual(
      expect.arrayContaining(['cognito-idp:AdminCreateUser', 'cognito-idp:AdminSetUserPassword']),
    );
  });
});

describe('WebStack', () => {
  it('serves the SPA bucket through origin access control, HTTPS only, with security headers', () => {
    t.web.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    t.web.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
    t.web.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.anyValue(),
          ContentSecurityPolicy: Match.anyValue(),
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      }),
    });
    // the pages' CSP: no inline script, images and XHR only from here and the evidence bucket (no bare https:)
    const policy = Object.values(t.web.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0]?.Properties
      .ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
    const csp = JSON.stringify(policy);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https:[ ;]|unsafe-eval/);
    expect(csp).toMatch(/img-src 'self' data: blob: https:\/\/.*RegionalDomainName/);
    const distribution = Object.values(t.web.findResources('AWS::CloudFront::Distribution'))[0]?.Properties
      .DistributionConfig;
    expect(distribution.DefaultRootObject).toBe('index.html');
    expect(distribution.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(distribution.DefaultCacheBehavior.FunctionAssociations).toHaveLength(1);
    // the web app leaves compressed (brotli or gzip, cached per encoding), its TTLs from the objects' Cache-Control
    expect(distribution.DefaultCacheBehavior.Compress).toBe(true);
    t.web.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        MinTTL: 0,
        MaxTTL: 31_536_000,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          EnableAcceptEncodingBrotli: true,
          EnableAcceptEncodingGzip: true,
        }),
      }),
    });
    expect(JSON.stringify(distribution.DefaultCacheBehavior.CachePolicyId)).toMatch(/SiteCache/);
    const api = distribution.CacheBehaviors as Array<Record<string, unknown>>;
    expect(api.map((b) => b.PathPattern)).toEqual(expect.arrayContaining(['/api/*', '/public/*', '/open311/*']));
    for (const behavior of api) expect(behavior.ViewerProtocolPolicy).toBe('https-only');
  });
});

describe('WebStack routing and uploads', () => {
  const functionCode = (part: string) => {
    const fn = Object.entries(t.web.findResources('AWS::CloudFront::Function')).find(([id]) => id.includes(part));
    return String(fn?.[1].Properties.FunctionCode);
  };

  it('sends /r/* to report.html, /m/* to field.html and console routes to index.html, leaving files alone', () => {
    const handler = new Function(`${functionCode('SpaFallback')}; return handler;`)() as (e: unknown) => {
      uri: string;
    };
    const route = (uri: string) => handler({ request: { uri, headers: {} } }).uri;
    expect(route('/r/xingang')).toBe('/report.html');
    expect(route('/r')).toBe('/report.html');
    expect(route('/m/')).toBe('/field.html');
    expect(route('/m')).toBe('/field.html');
    expect(route('/m/sw.js')).toBe('/m/sw.js');
    expect(route('/m/manifest.json')).toBe('/m/manifest.json');
    expect(route('/cases/abc')).toBe('/index.html');
    expect(route('/cases/d0101.s003-abc')).toBe('/index.html'); // case ids contain dots
    expect(route('/')).toBe('/index.html');
    expect(route('/assets/index-abc.js')).toBe('/assets/index-abc.js');
    expect(route('/r/assets/x.css')).toBe('/r/assets/x.css');
  });

  it('writes the evidence CORS rule with the distribution origin in the same deployment', () => {
    const cors = Object.values(t.web.findResources('Custom::AWS'))[0];
    const create = JSON.stringify(cors?.Properties.Create);
    expect(create).toContain('putBucketCors');
    expect(create).toMatch(/"Fn::GetAtt":\["SiteDistribution[A-Z0-9]+","DomainName"\]/);
    expect(create).toContain(WEB_ORIGIN);
  });

  it('sends the origin secret to the API and the viewer address for rate limits', () => {
    const dist = Object.values(t.web.findResources('AWS::CloudFront::Distribution'))[0];
    const origins = dist?.Properties.DistributionConfig.Origins as Array<{
      CustomOriginConfig?: unknown;
      OriginCustomHeaders?: Array<{ HeaderName: string; HeaderValue: unknown }>;
    }>;
    const api = origins.find((o) => o.CustomOriginConfig);
    expect(api?.OriginCustomHeaders?.[0]?.HeaderName).toBe('X-Origin-Verify');
    expect(JSON.stringify(api?.OriginCustomHeaders?.[0]?.HeaderValue)).toContain('resolve:secretsmanager');
    expect(functionCode('ViewerAddress')).toContain("request.headers['x-viewer-address'] = { value: event.viewer.ip }");
  });
});

describe('OperationsStack', () => {
  it('alarms to one SNS topic on API 5xx, Lambda errors and throttles, failed executions and table throttles', () => {
    const alarms = Object.values(t.ops.findResources('AWS::CloudWatch::Alarm'));
    const names = alarms.map((a) => String(a.Properties.MetricName ?? 'expression'));
    expect(names).toEqual(
      expect.arrayContaining(['5xx', 'Errors', 'Throttles', 'expression', 'ReadThrottleEvents', 'WriteThrottleEvents']),
    );
    expect(names.filter((n) => n === 'Errors')).toHaveLength(8);
    expect(alarms.every((a) => (a.Properties.AlarmActions as unknown[]).length === 1)).toBe(true);
    t.ops.resourceCountIs('AWS::SNS::Topic', 1);
  });

  it('alarms on a parked job (any message in the dead-letter queue) and on a job waiting over an hour', () => {
    t.ops.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('JobDeadLetterQueue') }),
        },
      ],
    });
    t.ops.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 3600,
    });
  });

  it('alarms on a webhook delivery parked in its dead-letter queue', () => {
    t.ops.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('WebhookDeadLetterQueue') }),
        },
      ],
    });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged error or warning', () => {
    const report = new AwsSolutionsChecks(app).validateScope(app);
    const findings = report.violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.severity} ${v.ruleName} ${r.constructPath}`),
    );
    expect(findings).toEqual([]);
  });

  it('records a concrete reason with every acknowledgment', () => {
    const acks = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.values(m.data as Record<string, { reason?: string } | string>));
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      const reason = typeof ack === 'string' ? ack : ack.reason;
      expect(reason?.length ?? 0).toBeGreaterThan(40);
    }
  });
});

// biome-ignore lint/suspicious/noExplicitAny: ASL and CloudFormation JSON are untyped; the assertions narrow them.
type Json = Record<string, any>;
type AslState = Json;

// Every Task state, including those nested in Parallel branches and Map item processors.
function taskStates(machine: { States: Record<string, AslState> }): Array<[string, AslState]> {
  return Object.entries(machine.States).flatMap(([name, state]): Array<[string, AslState]> => {
    const nested = [
      ...((state.Branches ?? []) as Array<{ States: Record<string, AslState> }>),
      ...[state.ItemProcessor, state.Iterator].filter(Boolean),
    ].flatMap((child) => taskStates(child));
    return state.Type === 'Task' ? [[name, state], ...nested] : nested;
  });
}

function tenantRoleId(): string {
  const id = Object.keys(t.api.findResources('AWS::IAM::Role')).find((key) => key.startsWith('TenantDataAccessRole'));
  if (!id) throw new Error('TenantDataAccessRole not found');
  return id;
}

function tenantRole() {
  return t.api.findResources('AWS::IAM::Role')[tenantRoleId()]!;
}

function tenantRolePolicyStatements(): Json[] {
  const id = tenantRoleId();
  return Object.values(t.api.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: id }]))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}
