import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CivicGridFunction } from '../lambda/civicgrid-function.js';

/**
 * Custom attributes copied into every token as claims: the tenant (`tenantId`, `tenantPath`, `roles`) and the
 * table's user id (`userId`; Cognito's own `sub` is a uuid of its own).
 */
export const TENANT_ATTRIBUTES = ['tenantId', 'tenantPath', 'roles', 'userId'] as const;

/** Props for {@link StaffUserPool}. */
export interface StaffUserPoolProps {
  /** @default RemovalPolicy.RETAIN — staff identities outlive a stack. */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The Cognito user pool for staff (citizens report anonymously). Email sign-in, strong passwords, Plus-tier threat
 * protection, tenant attributes that only the platform (admin API) can write, and a pre-token-generation trigger
 * that turns them into the claims the API verifies.
 */
export class StaffUserPool extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** Token issuer (`iss`) — the JWT authorizer and the API verify against it. */
  readonly issuer: string;
  /** JWKS endpoint of {@link issuer}. */
  readonly jwksUrl: string;
  /** The pre-token-generation trigger. */
  readonly preTokenFunction: CivicGridFunction;

  constructor(scope: Construct, id: string, props: StaffUserPoolProps = {}) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      signInAliases: { email: true },
      signInCaseSensitive: false,
      // Accounts are created by a tenant admin or by the signup API, never by self-service sign-up.
      selfSignUpEnabled: false,
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 10,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: {
        tenantId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        tenantPath: new StringAttribute({ minLen: 1, maxLen: 256, mutable: true }),
        roles: new StringAttribute({ minLen: 1, maxLen: 512, mutable: true }),
        // set once by AdminCreateUser; an account never changes identity
        userId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
      },
      deletionProtection: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    const preToken = new CivicGridFunction(this, 'PreTokenGeneration', {
      entry: 'pre-token.ts',
      serviceName: 'civicgrid-identity',
      description: 'Copies custom:tenantId, custom:tenantPath, custom:roles and custom:userId into the token claims',
      memorySize: 256,
      timeout: Duration.seconds(5),
    });
    this.preTokenFunction = preToken;
    // V2 events let the trigger add claims to the access token too (needs the Essentials or Plus feature plan).
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, preToken, LambdaVersion.V2_0);

    const customAttributes = TENANT_ATTRIBUTES.map((name) => `custom:${name}`);
    this.client = this.userPool.addClient('WebClient', {
      generateSecret: false,
      // The API logs staff in server-side (POST /api/auth/login → AdminInitiateAuth, IAM-authorized); the browser
      // never talks to Cognito. Refresh tokens (REFRESH_TOKEN_AUTH) are always allowed.
      authFlows: { adminUserPassword: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // The console keeps its token for a working day, like the embedded runtime's; revocation and demotions are
      // enforced by the API on each request, not by token expiry.
      accessTokenValidity: Duration.hours(8),
      idTokenValidity: Duration.hours(8),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true, phoneNumber: true })
        .withCustomAttributes(...customAttributes),
      // The tenant attributes are the isolation boundary: a user must never be able to rewrite their own.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true, phoneNumber: true }),
    });

    // Not `userPoolProviderUrl`, which hard-codes `amazonaws.com`: China regions issue from `amazonaws.com.cn`.
    this.issuer = `https://cognito-idp.${Aws.REGION}.${Stack.of(this).urlSuffix}/${this.userPool.userPoolId}`;
    this.jwksUrl = `${this.issuer}/.well-known/jwks.json`;

    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional (TOTP) rather than required: the staff console does not yet implement the TOTP enrolment challenge; Plus-tier threat protection in ENFORCED mode challenges risky sign-ins. Switch to Mfa.REQUIRED once the console handles MFA_SETUP.',
    });
  }
}
