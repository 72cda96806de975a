import { Duration, Fn, type SecretValue, Stack, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Path patterns CloudFront forwards to the HTTP API instead of the SPA bucket. */
export const API_PATH_PATTERNS = ['/api/*', '/public/*', '/open311/*', '/openapi.json', '/health', '/docs'] as const;

/** The header CloudFront adds to every API origin request (the app's `ORIGIN_SECRET_HEADER`). */
export const ORIGIN_SECRET_HEADER = 'X-Origin-Verify';

/** Props for {@link SpaDistribution}. */
export interface SpaDistributionProps {
  /** Bucket holding the built SPA (private; read through origin access control). */
  readonly siteBucket: IBucket;
  /** `https://<id>.execute-api.<region>.amazonaws.com` of the HTTP API. */
  readonly apiEndpoint: string;
  /** Bucket for CloudFront standard logs (must accept ACL-written objects). */
  readonly logBucket: IBucket;
  /** Custom domain; needs `certificateArn`. */
  readonly domain?: string;
  /** ACM certificate in us-east-1 for `domain`. */
  readonly certificateArn?: string;
  /** AWS WAF web ACL (CLOUDFRONT scope). */
  readonly webAclArn?: string;
  /** Value of {@link ORIGIN_SECRET_HEADER} on API origin requests (the app refuses requests without it). */
  readonly originSecret: SecretValue;
}

/**
 * Viewer-request function of the SPA behaviour — the embedded runtime's routing (packages/local web-assets.ts):
 * `/r` and `/r/…` (the citizen pages) → `/report.html`; any other path that does not end in a web file extension
 * (a console route such as `/cases/d0101.s003-abc` — case ids contain dots —, `/`) → `/index.html`; files
 * (`/assets/x.js`, `/favicon.svg`) untouched. A function rather than
 * 403/404 error responses, which would also rewrite API errors. Run in Node by test/deploy.
 */
export const SPA_ROUTING_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (!/\\.(js|mjs|css|html|json|map|txt|xml|webmanifest|svg|png|jpe?g|gif|webp|avif|ico|woff2?|ttf|otf|wasm)$/i.test(uri)) {
    request.uri = uri === '/r' || uri.indexOf('/r/') === 0 ? '/report.html' : '/index.html';
  }
  return request;
}`;

/**
 * Viewer-request function of the API behaviours: the viewer's IP in `X-Viewer-Address`, overwriting whatever the
 * viewer sent. The app trusts it (rate limits) only together with the origin secret header.
 */
export const VIEWER_ADDRESS_CODE = `function handler(event) {
  var request = event.request;
  request.headers['x-viewer-address'] = { value: event.viewer.ip };
  return request;
}`;

/**
 * The console's CSP. `connect-src` names the S3 endpoints of the deployment's own region and partition (presigned
 * evidence uploads go straight to S3): `amazonaws.com.cn` in the China regions, resolved at deploy time.
 */
function contentSecurityPolicy(scope: Construct): string {
  const s3 = `https://*.s3.${Stack.of(scope).region}.${Stack.of(scope).urlSuffix}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Ant Design injects CSS-in-JS style tags.
    "style-src 'self' 'unsafe-inline'",
    // Map tiles come from a configurable tile server; evidence previews from presigned S3 URLs.
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self' ${s3}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * CloudFront in front of the SPA bucket (origin access control) and the HTTP API: HTTPS only, security headers on
 * every response, SPA fallback to `index.html`, API paths never cached.
 */
export class SpaDistribution extends Construct {
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: SpaDistributionProps) {
    super(scope, id);
    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'CivicGrid security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(this), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });
    const spaFallback = new CloudFrontFunction(this, 'SpaFallback', {
      code: FunctionCode.fromInline(SPA_ROUTING_CODE),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'report.html for /r/*, index.html for console routes, files untouched',
    });
    const viewerAddress = new CloudFrontFunction(this, 'ViewerAddress', {
      code: FunctionCode.fromInline(VIEWER_ADDRESS_CODE),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'The viewer IP for the API rate limits (X-Viewer-Address)',
    });
    const apiOrigin = new HttpOrigin(Fn.select(2, Fn.split('/', props.apiEndpoint)), {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      customHeaders: { [ORIGIN_SECRET_HEADER]: props.originSecret.unsafeUnwrap() },
    });
    const apiBehavior: BehaviorOptions = {
      origin: apiOrigin,
      // Never silently redirect an API call: a redirected POST loses its body.
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: securityHeaders,
      functionAssociations: [{ function: viewerAddress, eventType: FunctionEventType.VIEWER_REQUEST }],
    };
    const certificate = props.certificateArn
      ? Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn)
      : undefined;

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'CivicGrid web + API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      domainNames: props.domain && certificate ? [props.domain] : undefined,
      certificate,
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      webAclId: props.webAclArn,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(props.siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [{ function: spaFallback, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: Object.fromEntries(API_PATH_PATTERNS.map((pattern) => [pattern, apiBehavior])),
    });

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Residents report from wherever they are (travel, migrant workers); access is governed per tenant, not by country.',
      },
      ...(props.webAclArn
        ? []
        : [
            {
              id: 'AwsSolutions-CFR2',
              reason:
                'No web ACL configured for this deployment (context civicgrid:webAclArn); the HTTP API stage is throttled and the app validates every input. Production deployments should pass a CLOUDFRONT-scope web ACL.',
            },
          ]),
      ...(certificate
        ? []
        : [
            {
              id: 'AwsSolutions-CFR4',
              reason:
                'Without a custom domain the distribution uses the default *.cloudfront.net certificate, whose viewer TLS policy CloudFront fixes; with civicgrid:domain + certificateArn, TLSv1.2_2021 is enforced.',
            },
          ]),
    );
  }
}
