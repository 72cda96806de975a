import { CfnOutput, Duration, Fn, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
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

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.apiFunction = new CivicGridFunction(this, 'ApiFunction', {
      entry: 'api.ts',
      serviceName: 'civicgrid-api',
      description: 'CivicGrid Hono app (every HTTP route)',
      memorySize: 1024,
      timeout: Duration.seconds(29),
      environment: {
        TABLE_NAME: props.caseTable.tableName,
        BUCKET_NAME: props.evidenceBucket.bucketName,
        STATE_MACHINE_ARN: props.stateMachine.stateMachineArn,
        JWKS_URL: props.jwksUrl,
        JWT_ISSUER: props.jwtIssuer,
        USER_POOL_ID: props.userPool.userPoolId,
        USER_POOL_CLIENT_ID: props.userPoolClient.userPoolClientId,
        WEB_ORIGINS: props.webOrigins.join(','),
      },
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

    this.tenantDataAccess = new TenantDataAccessRole(this, 'TenantDataAccessRole', {
      assumedBy: apiRole,
      caseTable: props.caseTable,
      evidenceBucketArnExportName: props.evidenceBucketArnExportName,
    });
    this.apiFunction.addEnvironment('TENANT_ROLE_ARN', this.tenantDataAccess.role.roleArn);
    this.apiFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: [this.tenantDataAccess.role.roleArn],
      }),
    );

    // The function role's own rights are the platform's: requests with no tenant yet (sign-up, public slug and
    // tracking-code resolution, citizen reports, Open311), the platform admin, and the few writes of a tenant
    // request that must reach the `_platform/` registries or a new tenant's ancestors (`withPlatformCredentials`).
    // The first wall is the application's tenant check on every route; every tenant-authenticated request then
    // reaches the table and the evidence bucket only through the tenant role above (the second wall).
    props.caseTable.grantItems(this.apiFunction, ITEM_ACTIONS);
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
    new CfnOutput(this, 'TenantRoleArn', { value: this.tenantDataAccess.role.roleArn });
  }
}
