import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventTap } from './webhooks/event-tap';

export interface DynamoOptions {
  endpoint?: string;
  region?: string;
  credentials?: DynamoDBClientConfig['credentials'];
}

/** The low-level client plus the document client (plain JS values, undefined attributes dropped). */
export interface Dynamo {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
}

/**
 * Build the DynamoDB clients. A local endpoint (DynamoDB Local) gets static credentials because the
 * engine ignores them but the SDK's signer needs some; in AWS the default provider chain applies.
 */
export function createDynamo(options: DynamoOptions = {}): Dynamo {
  const local = options.endpoint !== undefined;
  const client = new DynamoDBClient({
    region: options.region ?? process.env.AWS_REGION ?? 'cn-north-1',
    endpoint: options.endpoint,
    credentials: options.credentials ?? (local ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined),
    maxAttempts: 5,
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { client, doc };
}

/** What every repository needs: the document client and the table's name. */
export interface Store {
  doc: DynamoDBDocumentClient;
  tableName: string;
  /** the webhook outbox's tap on the write path of cases and process records (absent = no webhooks) */
  hooks?: EventTap;
}
