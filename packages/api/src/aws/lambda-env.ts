import * as z from 'zod';

const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** The API Lambda's environment, as ApiStack sets it (docs/deploy.md, "Lambda environment"). */
export const lambdaEnvSchema = z.object({
  AWS_REGION: z.string().min(1).optional(),
  TABLE_NAME: z.string().min(1),
  BUCKET_NAME: z.string().min(1),
  STATE_MACHINE_ARN: z.string().startsWith('arn:'),
  TENANT_ROLE_ARN: z.string().startsWith('arn:'),
  /** Cognito user pool `<region>_<id>`; JWKS_URL and JWT_ISSUER default from it */
  USER_POOL_ID: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d_\w+$/, { error: 'USER_POOL_ID looks like cn-north-1_AbC123' })
    .optional(),
  JWKS_URL: z.url().optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  /** the app client: ID tokens carry it as `aud` */
  USER_POOL_CLIENT_ID: z.string().min(1),
  WEB_ORIGINS: csv,
  /** secret for signing list cursors (at least 32 characters); for tests and tools — AWS uses CURSOR_SECRET_ARN */
  CURSOR_SECRET: z.string().min(32).optional(),
  /** Secrets Manager secret holding the cursor key, read once at cold start (never in the function configuration) */
  CURSOR_SECRET_ARN: z.string().startsWith('arn:').optional(),
  /** Secrets Manager secret holding the value CloudFront sends in X-Origin-Verify (read at cold start) */
  ORIGIN_SECRET_ARN: z.string().startsWith('arn:').optional(),
  /** the secret of field-level encryption and blind indexes, for tests and tools — AWS uses FIELD_SECRET_ARN */
  FIELD_SECRET: z.string().min(32).optional(),
  /** Secrets Manager secret holding the field-cipher key (docs/pipl.md), read once at cold start */
  FIELD_SECRET_ARN: z.string().startsWith('arn:').optional(),
  /** the SQS queue background jobs (imports) go to; absent = imports answer 503 */
  JOB_QUEUE_URL: z.url().optional(),
  /** the SQS queue webhook retries wait in (the webhook worker sends and consumes it) */
  WEBHOOK_QUEUE_URL: z.url().optional(),
});

/** What `createLambdaApp` runs with, resolved from the environment. */
export interface LambdaSettings {
  region: string;
  tableName: string;
  bucket: string;
  stateMachineArn: string;
  tenantRoleArn: string;
  userPoolId?: string;
  userPoolClientId: string;
  jwksUrl: string;
  issuer: string;
  webOrigins: string[];
  cursorSecret?: string;
  cursorSecretArn?: string;
  originSecretArn?: string;
  fieldSecret?: string;
  fieldSecretArn?: string;
  jobQueueUrl?: string;
  webhookQueueUrl?: string;
}

/** Thrown at cold start when the environment is incomplete: names every bad variable. */
export class LambdaConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid API Lambda environment: ${problems.join('; ')}`);
    this.name = 'LambdaConfigError';
  }
}

/** Validate and resolve the environment; Cognito's issuer and JWKS URL follow from the pool id and region. */
export function readLambdaSettings(env: Record<string, string | undefined> = process.env): LambdaSettings {
  const parsed = lambdaEnvSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`);
  // either explicit values or the pool they follow from (checked on the raw input: reported with the rest)
  if (!env.JWKS_URL && !env.USER_POOL_ID) problems.push('JWKS_URL: set JWKS_URL or USER_POOL_ID');
  if (!env.JWT_ISSUER && !env.USER_POOL_ID) problems.push('JWT_ISSUER: set JWT_ISSUER or USER_POOL_ID');
  if (!parsed.success || problems.length > 0) throw new LambdaConfigError(problems);
  const e = parsed.data;
  const region = e.AWS_REGION ?? e.USER_POOL_ID?.split('_')[0] ?? 'cn-north-1';
  const poolIssuer = e.USER_POOL_ID ? cognitoIssuer(e.USER_POOL_ID) : '';
  const issuer = e.JWT_ISSUER ?? poolIssuer;
  const jwksUrl = e.JWKS_URL ?? `${poolIssuer}/.well-known/jwks.json`;
  return {
    region,
    tableName: e.TABLE_NAME,
    bucket: e.BUCKET_NAME,
    stateMachineArn: e.STATE_MACHINE_ARN,
    tenantRoleArn: e.TENANT_ROLE_ARN,
    userPoolId: e.USER_POOL_ID,
    userPoolClientId: e.USER_POOL_CLIENT_ID,
    jwksUrl,
    issuer,
    webOrigins: e.WEB_ORIGINS,
    cursorSecret: e.CURSOR_SECRET,
    cursorSecretArn: e.CURSOR_SECRET_ARN,
    originSecretArn: e.ORIGIN_SECRET_ARN,
    fieldSecret: e.FIELD_SECRET,
    fieldSecretArn: e.FIELD_SECRET_ARN,
    jobQueueUrl: e.JOB_QUEUE_URL,
    webhookQueueUrl: e.WEBHOOK_QUEUE_URL,
  };
}

/** `https://cognito-idp.<region>.amazonaws.com[.cn]/<poolId>` (the `.cn` suffix in the China regions). */
export function cognitoIssuer(userPoolId: string): string {
  const region = userPoolId.split('_')[0] ?? '';
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://cognito-idp.${region}.${suffix}/${userPoolId}`;
}
