import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';

/** Number of overloaded global secondary indexes (`GSI1`…`GSI4` on `GSI<n>PK` / `GSI<n>SK`). */
export const GSI_COUNT = 4;

export const GSI = {
  /** all cases of a tenant, newest first */
  casesByCreated: 'GSI1',
  /** cases of a tenant at one step */
  casesByStep: 'GSI2',
  /** cases of a tenant in one grid */
  casesByGrid: 'GSI3',
  /** cases of a tenant dispatched to one department */
  casesByDepartment: 'GSI4',
} as const;

/** The one table's definition: the local runtime creates it from this, CDK mirrors it (infra test checks both). */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const indexes = Array.from({ length: GSI_COUNT }, (_, i) => `GSI${i + 1}`);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'PK', AttributeType: 'S' },
      { AttributeName: 'SK', AttributeType: 'S' },
      ...indexes.flatMap((name) => [
        { AttributeName: `${name}PK`, AttributeType: 'S' as const },
        { AttributeName: `${name}SK`, AttributeType: 'S' as const },
      ]),
    ],
    KeySchema: [
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: indexes.map((name) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: `${name}PK`, KeyType: 'HASH' },
        { AttributeName: `${name}SK`, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

/** Create the table when missing and wait until it is active; a no-op when it exists. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (error) {
    // Two processes starting at once: the other one created it.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: tableName });
}
