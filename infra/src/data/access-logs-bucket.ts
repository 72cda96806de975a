import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Props for {@link AccessLogsBucket}. */
export interface AccessLogsBucketProps {
  /** Days access logs are kept. @default 400 (a year plus an audit quarter) */
  readonly retentionDays?: number;
  /**
   * CloudFront standard logs are delivered with ACLs, so a bucket receiving them must allow object-writer ACLs.
   * @default false (bucket-owner-enforced)
   */
  readonly acceptsCloudFrontLogs?: boolean;
}

/** Private bucket that receives S3 server access logs (and optionally CloudFront logs). */
export class AccessLogsBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: AccessLogsBucketProps = {}) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: props.acceptsCloudFrontLogs
        ? ObjectOwnership.OBJECT_WRITER
        : ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // S3 server access logging only delivers to SSE-S3 buckets.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(props.retentionDays ?? 400) }],
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log destination itself; logging it into itself would recurse.',
    });
  }
}
