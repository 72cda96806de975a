import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TenantPath } from '@civicgrid/domain';
import type { Store } from './client';
import { keys } from './keys';

/** What a new office has set up so far: each fact is one bounded read, never a count of a whole partition. */
export interface OnboardingFacts {
  departments: boolean;
  categories: boolean;
  grids: boolean;
  /** staff beyond the first administrator */
  users: boolean;
  /** cases numbered this year or last (citizen reports and staff cases take a number as they arrive) */
  reports: boolean;
}

/** Read the onboarding facts of a tenant: four Queries of at most two items and two GetItems. */
export async function readOnboardingFacts(store: Store, path: TenantPath, year: number): Promise<OnboardingFacts> {
  const atLeast = async (pk: string, n: number) => {
    const res = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        Limit: n,
        ProjectionExpression: 'PK',
      }),
    );
    return (res.Items?.length ?? 0) >= n;
  };
  const numbered = async (y: number) => {
    const res = await store.doc.send(
      new GetCommand({ TableName: store.tableName, Key: keys.caseSequence(path, String(y)) }),
    );
    return Number(res.Item?.n ?? 0) > 0;
  };
  const [departments, categories, grids, users, thisYear, lastYear] = await Promise.all([
    atLeast(keys.departmentsPK(path), 1),
    atLeast(keys.categoriesPK(path), 1),
    atLeast(keys.gridsPK(path), 1),
    atLeast(keys.usersPK(path), 2),
    numbered(year),
    numbered(year - 1),
  ]);
  return { departments, categories, grids, users, reports: thisYear || lastYear };
}
