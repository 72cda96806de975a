import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TenantPath } from '@civicgrid/domain';
import { caseListEntries } from './case-list-index';
import { type StoredCase, storedCaseFrom } from './case-repository';
import type { Store } from './client';
import { GSI } from './table';

/**
 * One-off, idempotent: write the list-index entries every stored case of a tenant should have (case-list-index.ts),
 * for cases stored before a view existed (the own list's category and department-at-step views, the queue's
 * overdue view). Entries are key-only puts, so a second run changes nothing; a stale entry of a view the case
 * left is not removed here (the case's next transition does that). Reads the tenant's cases page by page from the
 * created-at index: run it when deploying a version that adds views (scripts/recompute-kpi-counters.ts; the
 * embedded runtime does it at start when its data predates the views).
 */
export async function backfillCaseListIndex(
  store: Store,
  path: TenantPath,
): Promise<{ cases: number; entries: number }> {
  let cases = 0;
  let entries = 0;
  for await (const page of tenantCasePages(store, path)) {
    cases += page.length;
    const puts = page.flatMap((stored) => caseListEntries(path, stored.state, stored.private.reporter?.phone));
    entries += puts.length;
    for (let i = 0; i < puts.length; i += 25) {
      let pending: Record<string, unknown>[] = puts.slice(i, i + 25).map((e) => ({ PutRequest: { Item: { ...e } } }));
      while (pending.length > 0) {
        const out = await store.doc.send(new BatchWriteCommand({ RequestItems: { [store.tableName]: pending } }));
        pending = (out.UnprocessedItems?.[store.tableName] ?? []) as Record<string, unknown>[];
      }
    }
  }
  return { cases, entries };
}

/** Every stored case of a tenant, a page of its created-at index at a time (migrations only: O(tenant)). */
export async function* tenantCasePages(store: Store, path: TenantPath): AsyncGenerator<StoredCase[]> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const res = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        IndexName: GSI.casesByCreated,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': `${path}CASES` },
        ExclusiveStartKey: startKey,
      }),
    );
    yield (res.Items ?? []).map(storedCaseFrom);
    startKey = res.LastEvaluatedKey;
  } while (startKey);
}
