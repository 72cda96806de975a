/**
 * aws-cdk-lib feature flags this app is written against. Passed as App context so `npm run synth` (run from
 * `infra/`, where the root cdk.json is not read) and the tests behave the same; cdk.json context still wins.
 */
export const FEATURE_FLAGS: Record<string, unknown> = {
  '@aws-cdk/core:checkSecretUsage': true,
  '@aws-cdk/core:target-partitions': ['aws', 'aws-cn'],
  '@aws-cdk/core:enablePartitionLiterals': true,
  '@aws-cdk/aws-lambda:recognizeLayerVersion': true,
  '@aws-cdk/aws-iam:minimizePolicies': true,
  // Log delivery through a bucket policy instead of the legacy LogDeliveryWrite ACL (needs no object-writer ACLs).
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/aws-s3:createDefaultLoggingPolicy': true,
  '@aws-cdk/aws-cloudfront:defaultSecurityPolicyTLSv1.2_2021': true,
};
