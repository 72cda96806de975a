import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseState, TenantPath } from '@civicgrid/domain';
import { storedCaseFrom } from './case-repository';
import type { Store } from './client';
import type { Key } from './keys';
import { partitionItems, queryAll } from './query-all';
import { GSI } from './table';

/**
 * Worklist counts (the numbers on the workbench tabs): one small counter item per holding tenant (`ALL`) and per
 * department of it (`DEPT#<id>`), updated with ADD in the transition's own transaction from the difference of the
 * case's contributions before and after — so a tab's number is one GetItem, whatever the backlog.
 */
export const queueCountNames = [
  'reported',
  'registered',
  'dispatched',
  'handled',
  'verified',
  'overdue',
  'supervised',
  'extensionPending',
] as const;

/** One counted worklist. */
export type QueueCountName = (typeof queueCountNames)[number];

/** The counts of one holder (and optionally one department of it); absent names are 0. */
export type QueueCounts = Record<QueueCountName, number>;

const OPEN: ReadonlySet<string> = new Set(['reported', 'registered', 'dispatched', 'handled', 'verified']);

/** The key of a holder's counter item (`scope`: `ALL` or `DEPT#<departmentId>`). */
export function queueCountKey(holder: string, scope: string): Key {
  return { PK: `${holder}QUEUE`, SK: scope };
}

/** What one case adds to the counters of its holder, by counter item. */
function contributions(
  owner: TenantPath,
  s: CaseState | undefined,
): Map<string, { key: Key; add: Partial<QueueCounts> }> {
  const out = new Map<string, { key: Key; add: Partial<QueueCounts> }>();
  if (!s || !OPEN.has(s.step)) return out;
  const holder = s.holderPath ?? owner;
  const add: Partial<QueueCounts> = { [s.step as QueueCountName]: 1 };
  if (s.overdue) add.overdue = 1;
  if (s.supervised) add.supervised = 1;
  if (s.extension?.status === 'pending') add.extensionPending = 1;
  const scopes = ['ALL', ...(s.departmentId ? [`DEPT#${s.departmentId}`] : [])];
  for (const scope of scopes) {
    const key = queueCountKey(holder, scope);
    out.set(`${key.PK}|${key.SK}`, { key, add: { ...add } });
  }
  return out;
}

/** The counter updates a transition needs (before → after); contributions that cancel out are left out. */
export function queueCountWrites(
  owner: TenantPath,
  before: CaseState | undefined,
  after: CaseState,
): Array<{ key: Key; add: Record<string, number> }> {
  const merged = new Map<string, { key: Key; add: Record<string, number> }>();
  const apply = (m: ReturnType<typeof contributions>, sign: number) => {
    for (const [id, c] of m) {
      const w = merged.get(id) ?? { key: c.key, add: {} };
      for (const [name, by] of Object.entries(c.add)) w.add[name] = (w.add[name] ?? 0) + sign * (by ?? 0);
      merged.set(id, w);
    }
  };
  apply(contributions(owner, before), -1);
  apply(contributions(owner, after), 1);
  const out: Array<{ key: Key; add: Record<string, number> }> = [];
  for (const w of merged.values()) {
    for (const [name, by] of Object.entries(w.add)) if (by === 0) delete w.add[name];
    if (Object.keys(w.add).length > 0) out.push(w);
  }
  return out;
}

/** The TransactWrite Update of one counter write. */
export function queueCountUpdate(tableName: string, write: { key: Key; add: Record<string, number> }) {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const parts = Object.entries(write.add).map(([name, by], i) => {
    names[`#q${i}`] = name;
    values[`:q${i}`] = by;
    return `#q${i} :q${i}`;
  });
  return {
    TableName: tableName,
    Key: write.key,
    UpdateExpression: `ADD ${parts.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** The counts of a holder, or of one of its departments: one GetItem. */
export async function readQueueCounts(store: Store, holder: TenantPath, departmentId?: string): Promise<QueueCounts> {
  const res = await store.doc.send(
    new GetCommand({
      TableName: store.tableName,
      Key: queueCountKey(holder, departmentId ? `DEPT#${departmentId}` : 'ALL'),
    }),
  );
  const item = res.Item ?? {};
  // never below zero on screen, even if a counter drifted (it is corrected by the next migration pass)
  return Object.fromEntries(queueCountNames.map((n) => [n, Math.max(0, Number(item[n] ?? 0))])) as QueueCounts;
}

/**
 * One-off, idempotent: set the worklist counters of these tenants (all of them together: a case held by another
 * tenant counts there) from their open cases, read step by step from the by-step index — O(open cases). Items no
 * open case contributes to are zeroed. Run once when deploying the counters (scripts/recompute-kpi-counters.ts),
 * while the tenants are quiet: a transition between the read and the write would be overwritten.
 */
export async function recomputeQueueCounts(
  store: Store,
  paths: readonly TenantPath[],
): Promise<{ cases: number; itemsWritten: number }> {
  const totals = new Map<string, { key: Key; add: Partial<QueueCounts> }>();
  let cases = 0;
  for (const path of paths) {
    for (const step of OPEN) {
      const items = await queryAll(store, {
        IndexName: GSI.casesByStep,
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': `${path}CASES#STEP#${step}` },
      });
      for (const item of items) {
        cases++;
        for (const [id, c] of contributions(path, storedCaseFrom(item).state)) {
          const total = totals.get(id) ?? { key: c.key, add: {} };
          for (const [name, by] of Object.entries(c.add)) {
            const n = name as QueueCountName;
            total.add[n] = (total.add[n] ?? 0) + (by ?? 0);
          }
          totals.set(id, total);
        }
      }
    }
  }
  for (const path of paths) {
    for (const item of await partitionItems(store, queueCountKey(path, 'ALL').PK)) {
      const id = `${String(item.PK)}|${String(item.SK)}`;
      if (!totals.has(id)) totals.set(id, { key: { PK: String(item.PK), SK: String(item.SK) }, add: {} });
    }
  }
  for (const { key, add } of totals.values()) {
    const counts = Object.fromEntries(queueCountNames.map((n) => [n, add[n] ?? 0]));
    await store.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...key, ...counts } }));
  }
  return { cases, itemsWritten: totals.size };
}
