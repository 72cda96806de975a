import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client';

/** Every item a Query matches, following LastEvaluatedKey to the end (for partitions that are small by design). */
export async function queryAll(
  store: Store,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const res = await store.doc.send(
      new QueryCommand({ ...input, TableName: store.tableName, ExclusiveStartKey: startKey }),
    );
    items.push(...(res.Items ?? []));
    startKey = res.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Every item of one partition. */
export function partitionItems(store: Store, pk: string): Promise<Record<string, unknown>[]> {
  return queryAll(store, { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } });
}
