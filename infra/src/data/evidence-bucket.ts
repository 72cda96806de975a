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

/**
 * The evidence bucket's CORS rule (S3 API shape, as PutBucketCors takes it): presigned PUT/GET from `origins`.
 * Presigned uploads sign content-type (see DESIGN: signableHeaders); x-amz-* covers SDK metadata headers.
 */
export function evidenceCorsRules(origins: string[]) {
  return [
    {
      AllowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
      AllowedOrigins: origins,
      AllowedHeaders: ['content-type', 'x-amz-*'],
      ExposeHeaders: ['ETag'],
      MaxAgeSeconds: 3000,
    },
  ];
}

/** Props for {@link EvidenceBucket}. */
export interface EvidenceBucketProps {
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
      // No `cors` here: the WebStack writes the rule (evidenceCorsRules) once the distribution's domain exists;
      // a rule in this template would overwrite it on every DataStack update.
      lifecycleRules: [
        {
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionRetentionDays ?? 365),
        },
      ],
    });
  }
}
