import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { CaseTable } from '../data/case-table.js';
import { ITEM_ACTIONS } from '../data/case-table.js';
import { CivicGridFunction } from '../lambda/civicgrid-function.js';
import { CivicGridHttpApi } from './civicgrid-http-api.js';
import { TenantDataAccessRole } from './tenant-data-access-role.js';

/** Props for {@link ApiStack}. */
export interface ApiStackProps extends StackProps {
  readonly caseTable: CaseTable;
  readonly evidenceBucket: IBucket;
  /** Export name of the evidence bucket ARN (see DataStack). */
  readonly evidenceBucketArnExportName: string;
  readonly stateMachine: StateMachine;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  /** `iss` of staff tokens. */
  readonly jwtIssuer: string;
  /** JWKS endpoint of the issuer. */
  readonly jwksUrl: string;
  readonly webOrigins: string[];
  readonly rateLimit: number;
  readonly burstLimit: number;
  /** The API's own domain (regional certificate): switches the execute-api endpoint off. */
  readonly originDomain?: { name: string; certificateArn: string };
}

/** Users pool admin actions the API needs for sign-up and tenant user management. */
const USER_ADMIN_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminUpdateUserAttributes',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminUserGlobalSignOut',
  // staff log-in (POST /api/auth/login, /api/auth/refresh) is server-side
  'cognito-idp:AdminInitiateAuth',
];

/**
 * The HTTP API, its Lambda and the tenant data-access role. The API Lambda's own role holds the platform-level
 * rights; tenant-authenticated requests reach tenant data through the role, assumed with the verified tenant path
 * as a session tag.
 */
export class ApiStack extends Stack {
  readonly api: CivicGridHttpApi;
  readonly apiFunction: CivicGridFunction;
  readonly tenantDataAccess: TenantDataAccessRole;
  /** The value CloudFront sends to the API origin in `X-Origin-Verify` (the WebStack reads it at deploy time). */
  readonly originSecret: Secret;
  /** The key ID numbers and phones are sealed with and blind-indexed by (docs/pipl.md). */
  readonly fieldSecret: Secret;
  /** Background jobs (imports): the API sends, the job worker consumes. */
  readonly jobQueue: Queue;
  /** Messages the worker failed on `maxReceiveCount` times (alarmed in the Ops stack). */
  readonly jobDeadLetterQueue: Queue;
  readonly jobWorker: CivicGridFunction;
  /** Webhook deliveries: the table's stream brings new outbox events, the retry queue the tries still due. */
  readonly webhookWorker: CivicGridFunction;
  readonly webhookQueue: Queue;
  readonly webhookDeadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const apiEnvironment = {
      TABLE_NAME: props.caseTable.tableName,
      BUCKET_NAME: props.evidenceBucket.bucketName,
      STATE_MACHINE_ARN: props.stateMachine.stateMachineArn,
      JWKS_URL: props.jwksUrl,
      JWT_ISSUER: props.jwtIssuer,
      USER_POOL_ID: props.userPool.userPoolId,
      USER_POOL_CLIENT_ID: props.userPoolClient.userPoolClientId,
      WEB_ORIGINS: props.webOrigins.join(','),
    };
    this.apiFunction = new CivicGridFunction(this, 'ApiFunction', {
      entry: 'api.ts',
      serviceName: 'civicgrid-api',
      description: 'CivicGrid Hono app (every HTTP route)',
      memorySize: 1024,
      timeout: Duration.seconds(29),
      environment: apiEnvironment,
    });
    const apiRole = this.apiFunction.role!;

    // The HMAC key of list cursors: generated once per deployment, never in the repository, never in the function's
    // configuration: the function reads it from Secrets Manager at cold start (CURSOR_SECRET_ARN).
    const cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'CivicGrid list-cursor signing key',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    cursorSecret.grantRead(this.apiFunction);
    this.apiFunction.addEnvironment('CURSOR_SECRET_ARN', cursorSecret.secretArn);
    // CloudFront adds this to every request it forwards to the API; the app refuses requests without it (the
    // execute-api endpoint is then useless to anyone else) and trusts the viewer address only with it.
    this.originSecret = new Secret(this, 'OriginSecret', {
      description: 'CivicGrid CloudFront → API origin verification header value',
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
    });
    this.originSecret.grantRead(this.apiFunction);
    this.apiFunction.addEnvironment('ORIGIN_SECRET_ARN', this.originSecret.secretArn);
    for (const secret of [cursorSecret, this.originSecret]) {
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Rotated by redeploying with a new secret rather than by a rotation Lambda: the cursor key only signs opaque list cursors (rotation merely invalidates open cursors); the origin header value is also written into the CloudFront origin configuration, which a rotation Lambda would have to update in step.',
      });
    }
    // The field-cipher key (AES-GCM envelope and HMAC blind index of ID numbers and phones, docs/pipl.md): read at
    // cold start (FIELD_SECRET_ARN), never in the function configuration. Retained with the table: without it the
    // sealed values cannot be read.
    this.fieldSecret = new Secret(this, 'FieldSecret', {
      description: 'CivicGrid field-level encryption and blind-index key (ID numbers, phones)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.fieldSecret.grantRead(this.apiFunction);
    this.apiFunction.addEnvironment('FIELD_SECRET_ARN', this.fieldSecret.secretArn);
    Validations.of(this.fieldSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Not rotated by a Lambda: a new key must re-seal every stored value (the v1 envelope names its key generation, docs/pipl.md); key rotation is a planned migration, not a schedule.',
    });

    // Background jobs (imports): a queue the API sends to, a worker Lambda running the same app's job handlers, a
    // dead-letter queue after five failed deliveries (docs/deploy.md, "Background jobs").
    this.jobDeadLetterQueue = new Queue(this, 'JobDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const workerTimeout = Duration.minutes(15);
    this.jobQueue = new Queue(this, 'JobQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // six times the worker's timeout (AWS's advice for Lambda event sources): a message is never delivered to a
      // second worker while the first can still be running it
      visibilityTimeout: Duration.minutes(90),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.jobDeadLetterQueue, maxReceiveCount: 5 },
    });
    this.jobWorker = new CivicGridFunction(this, 'JobWorker', {
      entry: 'job-worker.ts',
      serviceName: 'civicgrid-jobs',
      description: 'CivicGrid background jobs (spreadsheet imports), from the job queue',
      memorySize: 2048,
      timeout: workerTimeout,
      environment: {
        ...apiEnvironment,
        CURSOR_SECRET_ARN: cursorSecret.secretArn,
        FIELD_SECRET_ARN: this.fieldSecret.secretArn,
        JOB_QUEUE_URL: this.jobQueue.queueUrl,
      },
    });
    this.jobWorker.addEventSource(new SqsEventSource(this.jobQueue, { batchSize: 1, reportBatchItemFailures: true }));
    this.jobQueue.grantSendMessages(this.apiFunction); // imports queue their job
    this.jobQueue.grantSendMessages(this.jobWorker); // a yielded job queues its continuation
    this.apiFunction.addEnvironment('JOB_QUEUE_URL', this.jobQueue.queueUrl);
    cursorSecret.grantRead(this.jobWorker);
    this.fieldSecret.grantRead(this.jobWorker);
    // Webhooks (docs/deploy.md, "Webhooks"): the write path puts each event in the table's outbox in the
    // transaction that raised it; the stream, filtered to those inserts, invokes the worker, which signs and sends;
    // a try that failed waits in the retry queue (delays up to 15 min, longer backoffs in hops) for up to a day.
    this.webhookDeadLetterQueue = new Queue(this, 'WebhookDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.webhookQueue = new Queue(this, 'WebhookQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.minutes(6), // six times the worker's timeout
      retentionPeriod: Duration.days(2),
      deadLetterQueue: { queue: this.webhookDeadLetterQueue, maxReceiveCount: 10 },
    });
    this.webhookWorker = new CivicGridFunction(this, 'WebhookWorker', {
      entry: 'webhook-worker.ts',
      serviceName: 'civicgrid-webhooks',
      description: 'CivicGrid webhook deliveries (table stream outbox inserts and the retry queue)',
      memorySize: 512,
      timeout: Duration.minutes(1),
      environment: {
        ...apiEnvironment,
        CURSOR_SECRET_ARN: cursorSecret.secretArn,
        FIELD_SECRET_ARN: this.fieldSecret.secretArn,
        WEBHOOK_QUEUE_URL: this.webhookQueue.queueUrl,
      },
    });
    this.webhookWorker.addEventSource(
      new DynamoEventSource(props.caseTable.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 10,
        retryAttempts: 10,
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        // only the outbox's inserts: every other write of the table never wakes the worker
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { type: { S: FilterRule.isEqual('webhook-event') } } },
          }),
        ],
      }),
    );
    this.webhookWorker.addEventSource(
      new SqsEventSource(this.webhookQueue, { batchSize: 10, reportBatchItemFailures: true }),
    );
    this.webhookQueue.grantSendMessages(this.webhookWorker);
    cursorSecret.grantRead(this.webhookWorker);
    this.fieldSecret.grantRead(this.webhookWorker);
    for (const queue of [this.jobQueue, this.jobDeadLetterQueue, this.webhookQueue, this.webhookDeadLetterQueue]) {
      Validations.of(queue).acknowledge({
        id: 'AwsSolutions-SQS4',
        reason: 'enforceSSL is set: the queue policy denies every request without aws:SecureTransport.',
      });
    }

    this.tenantDataAccess = new TenantDataAccessRole(this, 'TenantDataAccessRole', {
      assumedBy: apiRole,
      // the job worker acts for the tenant whose job it runs, through the same role
      alsoAssumedBy: [this.jobWorker.role!, this.webhookWorker.role!],
      caseTable: props.caseTable,
      evidenceBucketArnExportName: props.evidenceBucketArnExportName,
    });
    this.apiFunction.addEnvironment('TENANT_ROLE_ARN', this.tenantDataAccess.role.roleArn);
    this.jobWorker.addEnvironment('TENANT_ROLE_ARN', this.tenantDataAccess.role.roleArn);
    this.webhookWorker.addEnvironment('TENANT_ROLE_ARN', this.tenantDataAccess.role.roleArn);
    for (const fn of [this.apiFunction, this.jobWorker, this.webhookWorker]) {
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['sts:AssumeRole', 'sts:TagSession'],
          resources: [this.tenantDataAccess.role.roleArn],
        }),
      );
    }

    // The function role's own rights are the platform's: requests with no tenant yet (sign-up, public slug and
    // tracking-code resolution, citizen reports, Open311), the platform admin, and the few writes of a tenant
    // request that must reach the `_platform/` registries or a new tenant's ancestors (`withPlatformCredentials`).
    // The first wall is the application's tenant check on every route; every tenant-authenticated request then
    // reaches the table and the evidence bucket only through the tenant role above (the second wall).
    props.caseTable.grantItems(this.apiFunction, ITEM_ACTIONS);
    // the worker's platform-credential writes are the API's (usage meters, a new record's registries)
    props.caseTable.grantItems(this.jobWorker, ITEM_ACTIONS);
    props.stateMachine.grantStartExecution(this.apiFunction);
    props.stateMachine.grantTaskResponse(this.apiFunction);
    // Readiness probes of GET /health: DescribeStateMachine, and HeadBucket (= s3:ListBucket on the bucket, no
    // object access: evidence objects are only ever signed with tenant sessions).
    this.apiFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:DescribeStateMachine'],
        resources: [props.stateMachine.stateMachineArn],
      }),
    );
    this.apiFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [Fn.importValue(props.evidenceBucketArnExportName)],
      }),
    );
    this.apiFunction.addToRolePolicy(
      new PolicyStatement({ actions: USER_ADMIN_ACTIONS, resources: [props.userPool.userPoolArn] }),
    );

    this.api = new CivicGridHttpApi(this, 'HttpApi', {
      handler: this.apiFunction,
      userPool: props.userPool,
      userPoolClient: props.userPoolClient,
      jwtIssuer: props.jwtIssuer,
      originDomain: props.originDomain,
      webOrigins: props.webOrigins,
      rateLimit: props.rateLimit,
      burstLimit: props.burstLimit,
    });
    new CfnOutput(this, 'ApiEndpoint', { value: this.api.endpoint });
    new CfnOutput(this, 'JobQueueUrl', { value: this.jobQueue.queueUrl });
    new CfnOutput(this, 'TenantRoleArn', { value: this.tenantDataAccess.role.roleArn });
  }
}
