import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tileTemplateIn } from '@civicgrid/api/security-headers';
import { CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { WEB_DIST_DIR } from '../config/repository-paths.js';
import { AccessLogsBucket } from '../data/access-logs-bucket.js';
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
  /** `https://<bucket>.s3.<region>.amazonaws.com` of the evidence bucket (presigned uploads and previews). */
  readonly evidenceOrigin?: string;
}

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
      // The bucket only holds build output: it is rebuilt from the repository.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    const webDistDir = props.webDistDir ?? WEB_DIST_DIR;
    this.site = new SpaDistribution(this, 'Site', {
      siteBucket: this.siteBucket,
      apiEndpoint: props.apiEndpoint,
      logBucket: logs.bucket,
      domain: props.domain,
      certificateArn: props.certificateArn,
      webAclArn: props.webAclArn,
      evidenceOrigin: props.evidenceOrigin,
      tileUrls: tileUrlsOf(webDistDir),
    });

    if (props.deployWebAssets && existsSync(webDistDir)) this.deployAssets(webDistDir);
    new CfnOutput(this, 'DistributionDomainName', { value: this.site.distribution.distributionDomainName });
    new CfnOutput(this, 'SiteBucketName', { value: this.siteBucket.bucketName });
  }

  private deployAssets(webDistDir: string): void {
    new BucketDeployment(this, 'DeploySite', {
      sources: [Source.asset(webDistDir)],
      destinationBucket: this.siteBucket,
      distribution: this.site.distribution,
      distributionPaths: ['/index.html'],
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
