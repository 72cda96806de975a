import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Props for {@link EvidenceBucket}. */
export interface EvidenceBucketProps {
  /** Origins allowed to PUT/GET evidence directly with presigned URLs (browser CORS). */
  readonly webOrigins: string[];
  /** Bucket receiving the server access logs. */
  readonly accessLogsBucket: IBucket;
  /** @default RemovalPolicy.RETAIN — evidence belongs to the case record. */
  readonly removalPolicy?: RemovalPolicy;
  /** Days a replaced or deleted evidence version is kept. @default 365 */
  readonly noncurrentVersionRetentionDays?: number;
}

/**
 * Private, versioned bucket for case evidence. Objects live under `<tenantPath>cases/<caseId>/…`, the prefix the
 * tenant data-access role is scoped to. Browsers upload and download with presigned URLs only.
 */
export class EvidenceBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: EvidenceBucketProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'evidence/',
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      cors: [
        {
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
          allowedOrigins: props.webOrigins,
          // Presigned uploads sign content-type (see DESIGN: signableHeaders); x-amz-* covers SDK metadata headers.
          allowedHeaders: ['content-type', 'x-amz-*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        {
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionRetentionDays ?? 365),
        },
      ],
    });
  }
}
