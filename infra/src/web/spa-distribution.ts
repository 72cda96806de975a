import { pageContentSecurityPolicy } from '@civicgrid/api/security-headers';
import { Duration, Fn, type SecretValue, Validations } from 'aws-cdk-lib';
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
  /**
   * `https://<bucket>.s3.<region>.amazonaws.com`: where presigned evidence uploads go and previews come from, the
   * one outside origin the pages' CSP allows for XHR and images (besides the tile hosts).
   */
  readonly evidenceOrigin?: string;
  /** Leaflet tile URL templates the built pages use (`<meta name="civicgrid-tiles">`); their hosts join img-src. */
  readonly tileUrls?: readonly string[];
}

/**
 * Viewer-request function of the SPA behaviour — the embedded runtime's routing (packages/local web-assets.ts):
 * `/r` and `/r/…` (the citizen pages) → `/report.html`; `/m` and `/m/…` (the grid worker's phone app) →
 * `/field.html`; any other path that does not end in a web file extension
 * (a console route such as `/cases/d0101.s003-abc` — case ids contain dots —, `/`) → `/index.html`; files
 * (`/assets/x.js`, `/favicon.svg`) untouched. A function rather than
 * 403/404 error responses, which would also rewrite API errors. Run in Node by test/deploy.
 */
export const SPA_ROUTING_CODE = `function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  // case ids hold dots (/cases/d0001.s001-...): only a known file extension is a file
  if (!/\\.(html|js|mjs|css|json|map|svg|png|jpe?g|webp|ico|woff2?|txt)$/i.test(last)) {
    // the citizen pages (/r/<slug>…) are their own small entry, as on the embedded runtime
    request.uri = /^\\/r(\\/|$)/.test(request.uri)
      ? '/report.html'
      : /^\\/m(\\/|$)/.test(request.uri)
        ? '/field.html'
        : '/index.html';
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
        // the same policy the embedded runtime sends (packages/api/src/http/security-headers.ts): no inline script
        contentSecurityPolicy: {
          contentSecurityPolicy: pageContentSecurityPolicy({
            tileUrls: props.tileUrls,
            evidenceOrigins: props.evidenceOrigin ? [props.evidenceOrigin] : [],
          }),
          override: true,
        },
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
    // The site's cache: keyed on nothing but the path and the normalised Accept-Encoding, so CloudFront stores and
    // serves a brotli and a gzip copy (Vary: Accept-Encoding); TTLs follow the objects' Cache-Control (a year for the
    // fingerprinted assets, revalidated HTML).
    const siteCache = new CachePolicy(this, 'SiteCache', {
      comment: 'CivicGrid web app: compressed copies, TTL from Cache-Control',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.days(1),
      maxTtl: Duration.days(365),
      enableAcceptEncodingBrotli: true,
      enableAcceptEncodingGzip: true,
    });
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
        cachePolicy: siteCache,
        compress: true,
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
