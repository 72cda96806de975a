import type { Node } from 'constructs';

/** Deployment-level settings, read from CDK context (`cdk.json` or `-c key=value`). */
export interface DeploymentConfig {
  /** Prefix for stack names, e.g. `CivicGrid` → `CivicGrid-Data`. */
  readonly stackPrefix: string;
  /**
   * Browser origins allowed to call the API and to PUT/GET evidence through presigned URLs
   * (scheme + host + optional port, no path). The CloudFront URL must be listed here (or given as `domain`).
   */
  readonly webOrigins: string[];
  /** Custom domain served by CloudFront (needs `certificateArn`, an ACM certificate in us-east-1). */
  readonly domain?: string;
  /** ACM certificate (us-east-1) for `domain`. */
  readonly certificateArn?: string;
  /** Optional AWS WAF web ACL (CLOUDFRONT scope, us-east-1) attached to the distribution. */
  readonly webAclArn?: string;
  /**
   * A custom domain for the API origin (CloudFront → API) with a certificate in the API's region. When set, the
   * default execute-api endpoint is disabled; otherwise the app refuses requests without the origin secret.
   */
  readonly apiOriginDomain?: string;
  readonly apiOriginCertificateArn?: string;
  /** E-mail subscribed to the alarm topic (optional; subscribe anything else to the topic after deploy). */
  readonly alarmEmail?: string;
  /** Steady-state requests per second on the HTTP API stage. */
  readonly apiRateLimit: number;
  /** Burst capacity on the HTTP API stage. */
  readonly apiBurstLimit: number;
  /** Deploy `web/dist` with a BucketDeployment (off in unit tests). */
  readonly deployWebAssets: boolean;
}

const DEFAULT_WEB_ORIGINS = ['http://localhost:5173'];

/** Reads the deployment config from context keys prefixed `civicgrid:`. */
export function readDeploymentConfig(node: Node): DeploymentConfig {
  const domain = optionalString(node.tryGetContext('civicgrid:domain'));
  const origins = listFromContext(node.tryGetContext('civicgrid:webOrigins')) ?? DEFAULT_WEB_ORIGINS;
  const webOrigins = domain ? [...new Set([`https://${domain}`, ...origins])] : origins;
  webOrigins.forEach(assertOrigin);
  return {
    stackPrefix: optionalString(node.tryGetContext('civicgrid:stackPrefix')) ?? 'CivicGrid',
    webOrigins,
    domain,
    certificateArn: optionalString(node.tryGetContext('civicgrid:certificateArn')),
    webAclArn: optionalString(node.tryGetContext('civicgrid:webAclArn')),
    apiOriginDomain: optionalString(node.tryGetContext('civicgrid:apiOriginDomain')),
    apiOriginCertificateArn: optionalString(node.tryGetContext('civicgrid:apiOriginCertificateArn')),
    alarmEmail: optionalString(node.tryGetContext('civicgrid:alarmEmail')),
    apiRateLimit: Number(node.tryGetContext('civicgrid:apiRateLimit') ?? 100),
    apiBurstLimit: Number(node.tryGetContext('civicgrid:apiBurstLimit') ?? 200),
    deployWebAssets:
      node.tryGetContext('civicgrid:deployWebAssets') !== 'false' &&
      node.tryGetContext('civicgrid:deployWebAssets') !== false,
  };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

// `-c civicgrid:webOrigins=https://a,https://b` arrives as a string; cdk.json may hold an array.
function listFromContext(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  const text = optionalString(value);
  return text
    ? text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

// CORS compares origins byte for byte: a trailing slash or a path silently never matches.
function assertOrigin(origin: string): void {
  const url = new URL(origin);
  const isLocal = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.origin !== origin || (url.protocol !== 'https:' && !isLocal)) {
    throw new Error(`civicgrid:webOrigins: "${origin}" must be an https origin without path or trailing slash`);
  }
}
