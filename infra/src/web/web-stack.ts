import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tileTemplateIn } from '@civicgrid/api/security-headers';
import { CfnOutput, RemovalPolicy, type SecretValue, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { WEB_DIST_DIR } from '../config/repository-paths.js';
import { AccessLogsBucket } from '../data/access-logs-bucket.js';
import { evidenceCorsRules } from '../data/evidence-bucket.js';
import { SpaDistribution } from './spa-distribution.js';

// Wildcards in the policy aws-cdk-lib writes for its BucketDeployment handler (one acknowledgment per finding).
const BUCKET_DEPLOYMENT_WILDCARDS = [
  'Action::s3:GetBucket*',
  'Action::s3:GetObject*',
  'Action::s3:List*',
  'Action::s3:Abort*',
  'Action::s3:DeleteObject*',
  'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
  'Resource::*',
];

/** Props for {@link WebStack}. */
export interface WebStackProps extends StackProps {
  /** `https://<id>.execute-api.<region>.amazonaws.com` of the HTTP API. */
  readonly apiEndpoint: string;
  /** Upload `web/dist` (when it exists). Unit tests turn it off. */
  readonly deployWebAssets: boolean;
  /** Folder with the built SPA. @default web/dist */
  readonly webDistDir?: string;
  readonly domain?: string;
  readonly certificateArn?: string;
  readonly webAclArn?: string;
  /** CloudFront → API origin verification value (ApiStack's secret, resolved at deploy time). */
  readonly originSecret: SecretValue;
  /** The evidence bucket: its CORS rule is written here, once the distribution's domain exists. */
  readonly evidenceBucket: IBucket;
  /** Other browser origins allowed to use presigned evidence URLs (the custom domain, local development). */
  readonly webOrigins: string[];
  /** `https://<bucket>.s3.<region>.amazonaws.com` of the evidence bucket (presigned uploads and previews). */
  readonly evidenceOrigin?: string;
}

/** Cache-Control of Vite's fingerprinted files (`assets/*`), the same as the embedded server sends. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** The tile URL templates the built pages name (their hosts join the CSP's img-src); none before a build. */
function tileUrlsOf(webDistDir: string): string[] {
  const urls = ['index.html', 'report.html']
    .map((page) => join(webDistDir, page))
    .filter((file) => existsSync(file))
    .map((file) => tileTemplateIn(readFileSync(file, 'utf8')));
  return [...new Set(urls.filter((u): u is string => !!u))];
}

/** The web front door: the SPA bucket, its deployment from `web/dist` and the CloudFront distribution. */
export class WebStack extends Stack {
  readonly siteBucket: Bucket;
  readonly site: SpaDistribution;
  /** Writes the evidence bucket's CORS rule with the distribution's own origin (first deploy included). */
  readonly evidenceCors: AwsCustomResource;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const logs = new AccessLogsBucket(this, 'AccessLogs', { acceptsCloudFrontLogs: true });
    this.siteBucket = new Bucket(this, 'SiteBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: logs.bucket,
      serverAccessLogsPrefix: 'site/',
      // Retained like every other bucket (no auto-delete Lambda): `cdk destroy` succeeds and leaves the build output,
      // which docs/deploy.md says how to remove. A redeploy creates a fresh, generated-name bucket.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const webDistDir = props.webDistDir ?? WEB_DIST_DIR;
    this.site = new SpaDistribution(this, 'Site', {
      siteBucket: this.siteBucket,
      apiEndpoint: props.apiEndpoint,
      logBucket: logs.bucket,
      domain: props.domain,
      certificateArn: props.certificateArn,
      webAclArn: props.webAclArn,
      originSecret: props.originSecret,
      evidenceOrigin: props.evidenceOrigin,
      tileUrls: tileUrlsOf(webDistDir),
    });
    this.evidenceCors = this.writeEvidenceCors(props.evidenceBucket, props.webOrigins);

    if (props.deployWebAssets && existsSync(webDistDir)) this.deployAssets(webDistDir);
    new CfnOutput(this, 'DistributionDomainName', { value: this.site.distribution.distributionDomainName });
    new CfnOutput(this, 'SiteBucketName', { value: this.siteBucket.bucketName });
  }

  /**
   * The distribution's domain exists only once this stack deploys, so the evidence bucket's CORS rule (presigned
   * PUT/GET from the browser) is written here, in the same deployment, by one PutBucketCors call — not by the
   * DataStack, which would overwrite it on its next update. The rule itself is `evidenceCorsRules`.
   */
  private writeEvidenceCors(bucket: IBucket, webOrigins: string[]): AwsCustomResource {
    const origins = [`https://${this.site.distribution.distributionDomainName}`, ...webOrigins];
    const call = {
      service: 'S3',
      action: 'putBucketCors',
      parameters: { Bucket: bucket.bucketName, CORSConfiguration: { CORSRules: evidenceCorsRules(origins) } },
      physicalResourceId: PhysicalResourceId.of(`evidence-cors-${this.stackName}`),
    };
    const resource = new AwsCustomResource(this, 'EvidenceBucketCors', {
      onCreate: call,
      onUpdate: call,
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['s3:PutBucketCORS'], resources: [bucket.bucketArn] }),
      ]),
      installLatestAwsSdk: false,
    });
    for (const construct of this.node.children.filter((c) =>
      c.node.id.startsWith('AWS679f53fac002430cb0da5b7982bd2287'),
    )) {
      Validations.of(construct).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason:
            'The aws-cdk-lib AwsCustomResource handler writes its own CloudWatch logs with the AWS-managed minimum.',
        },
        {
          id: 'AwsSolutions-L1',
          reason: 'The AwsCustomResource handler runtime is chosen and maintained by aws-cdk-lib.',
        },
      );
    }
    return resource;
  }

  private deployAssets(webDistDir: string): void {
    // Two copies with their own Cache-Control: Vite's fingerprinted chunks never change under their name (a year,
    // immutable); every other file (the HTML shells, the service worker, the favicon) is revalidated each time. The
    // build's precompressed twins (`*.br`, `*.gz`, for the embedded server) stay behind: CloudFront compresses.
    const precompressed = ['*.br', '*.gz'];
    new BucketDeployment(this, 'DeployAssets', {
      sources: [Source.asset(webDistDir, { exclude: precompressed })],
      destinationBucket: this.siteBucket,
      include: ['assets/*'],
      exclude: ['*'],
      cacheControl: [CacheControl.fromString(IMMUTABLE_CACHE_CONTROL)],
      memoryLimit: 512,
    });
    new BucketDeployment(this, 'DeploySite', {
      sources: [Source.asset(webDistDir, { exclude: precompressed })],
      destinationBucket: this.siteBucket,
      exclude: ['assets/*'],
      cacheControl: [CacheControl.fromString('no-cache')],
      distribution: this.site.distribution,
      // Every HTML entry (the console and the citizen pages): a cached shell must never point at deleted chunks.
      // `/r/*` and console routes are rewritten at the edge before the cache, so their cache keys are these files.
      distributionPaths: htmlEntries(webDistDir),
      memoryLimit: 512,
    });
    // The deployment handler is a CDK-provided singleton Lambda (Custom::CDKBucketDeployment…) outside our code.
    const siteBucketLogicalId = this.resolve(this.getLogicalId(this.siteBucket.node.defaultChild as CfnBucket));
    const handler = this.node.children.filter((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    for (const construct of handler) {
      Validations.of(construct).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: 'CDK BucketDeployment handler uses AWSLambdaBasicExecutionRole for its CloudWatch logs.',
        },
        {
          id: 'AwsSolutions-L1',
          reason: 'The BucketDeployment handler runtime is chosen and maintained by aws-cdk-lib.',
        },
        ...[...BUCKET_DEPLOYMENT_WILDCARDS, `Resource::<${siteBucketLogicalId}.Arn>/*`].map((finding) => ({
          id: `AwsSolutions-IAM5[${finding}]`,
          reason:
            'CDK BucketDeployment copies the whole build: read on the CDK asset bucket, write/delete on every key of the site bucket, and cloudfront:CreateInvalidation (no resource-level permissions).',
        })),
      );
    }
  }
}

/** `/index.html`, `/report.html`, … — every HTML file at the top of the build (the SPA entries). */
export function htmlEntries(webDistDir: string): string[] {
  const found = existsSync(webDistDir) ? readdirSync(webDistDir).filter((f) => f.endsWith('.html')) : [];
  return [...new Set(['index.html', 'report.html', ...found])].sort().map((f) => `/${f}`);
}
