import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client';
import type { Key } from './keys';

/** The next value of a counter item (atomic ADD, one write; a create that fails after it leaves a gap). */
export async function nextInSequence(store: Store, key: Key): Promise<number> {
  const res = await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: key,
      UpdateExpression: 'ADD #n :one',
      ExpressionAttributeNames: { '#n': 'n' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(res.Attributes?.n ?? 1);
}
