import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { ensureTable } from '@civicgrid/db';
import {
  DYNAMODB_LOCAL_CREDENTIALS,
  DYNAMODB_LOCAL_REGION,
  S3_LOCAL_CREDENTIALS,
  S3_LOCAL_REGION,
} from '@civicgrid/local/services';
import { expect, inject } from 'vitest';

// Test files run in separate module graphs, so these names are unique per file (and readable in failures).
const fileTag = basename(expect.getState().testPath ?? 'test')
  .replace(/\.test\.tsx?$/, '')
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, '-')
  .slice(0, 30);
const suffix = randomBytes(4).toString('hex');

/** The shared DynamoDB Local's endpoint (started by test/support/global-setup.ts). */
export const dynamoEndpoint = (): string => inject('dynamoEndpoint');

/** The shared s3rver's endpoint (started by test/support/global-setup.ts). */
export const s3Endpoint = (): string => inject('s3Endpoint');

/** A table name unique to the calling test file. */
export const testTableName = (): string => `t-${fileTag}-${suffix}`;

/** A bucket name unique to the calling test file (S3 rules: lowercase, 3–63 characters). */
export const testBucket = (): string => `b-${fileTag}-${suffix}`.slice(0, 63).replace(/-+$/, '');

/** A low-level DynamoDB client for the shared DynamoDB Local. */
export function testDynamoClient(): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: dynamoEndpoint(),
    region: DYNAMODB_LOCAL_REGION,
    credentials: DYNAMODB_LOCAL_CREDENTIALS,
  });
}

/** An S3 client for the shared s3rver, configured as the app configures its own. */
export function testS3Client(): S3Client {
  return new S3Client({
    endpoint: s3Endpoint(),
    region: S3_LOCAL_REGION,
    credentials: S3_LOCAL_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
}

/** Creates this file's table (the app's one-table definition) and returns its name. */
export async function createTestTable(client: DynamoDBClient = testDynamoClient()): Promise<string> {
  const tableName = testTableName();
  await ensureTable(client, tableName);
  return tableName;
}

/** Creates this file's bucket with the CORS rule browsers need for presigned uploads, and returns its name. */
export async function createTestBucket(client: S3Client = testS3Client()): Promise<string> {
  const bucket = testBucket();
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  await client.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT', 'HEAD'], AllowedHeaders: ['*'] }],
      },
    }),
  );
  return bucket;
}
