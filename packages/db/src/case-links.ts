import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseState, TenantPath } from '@civicgrid/domain';
import type { Store } from './client';
import { CursorCodec } from './cursor';

/** What a case can reference: a 部件 (`thingId`) or a camera point (`cameraId`). */
export type CaseLinkKind = 'thing' | 'camera';

/** The partition of the cases that reference one thing or camera. */
export const caseLinkPK = (path: TenantPath, kind: CaseLinkKind, id: string) => `${path}CASELINK#${kind}#${id}`;

/**
 * The index items of a new case: one per record it references, `PK=<path>CASELINK#<kind>#<id>`,
 * `SK=<createdAt>#<caseId>` — written in the case's creation transaction, so a thing's or camera's case history is
 * one Query (newest first) plus one read per case of the page, whatever the number of cases.
 */
export function caseLinkItems(tableName: string, path: TenantPath, state: CaseState) {
  const links: [CaseLinkKind, string | undefined][] = [
    ['thing', state.thingId],
    ['camera', state.cameraId],
  ];
  return links.flatMap(([kind, id]) =>
    id
      ? [
          {
            Put: {
              TableName: tableName,
              Item: {
                PK: caseLinkPK(path, kind, id),
                SK: `${state.createdAt}#${state.id}`,
                caseId: state.id,
                createdAt: state.createdAt,
              },
            },
          },
        ]
      : [],
  );
}

/** One page of the ids of the cases that reference a thing or camera, newest first. */
export async function caseLinkPage(
  store: Store,
  cursorSecret: string,
  path: TenantPath,
  link: { kind: CaseLinkKind; id: string },
  options: { limit: number; cursor?: string },
): Promise<{ caseIds: string[]; cursor?: string }> {
  const cursors = new CursorCodec(cursorSecret);
  const pk = caseLinkPK(path, link.kind, link.id);
  const res = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ExclusiveStartKey: cursors.decode(options.cursor, (k) => k.PK === pk),
      Limit: options.limit,
      ScanIndexForward: false,
    }),
  );
  return {
    caseIds: (res.Items ?? []).map((item) => String(item.caseId)),
    cursor: cursors.encode(res.LastEvaluatedKey),
  };
}
