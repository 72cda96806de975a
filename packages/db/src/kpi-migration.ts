import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type CaseState, cohortCounterNames, cohortEntries, type TenantPath } from '@civicgrid/domain';
import { tenantCasePages } from './case-list-backfill';
import type { Store } from './client';
import { isConditionFailure } from './conditions';
import { keys } from './keys';
import { counterWrites, monthsBetween } from './kpi-counters';
import { queryAll } from './query-all';

const cohortNames: readonly string[] = cohortCounterNames;

/** What one run of the migration did for a tenant. */
export interface RecomputeReport {
  tenantPath: TenantPath;
  cases: number;
  /** counter items whose due-cohort counters were set (or cleared) */
  itemsWritten: number;
  /** cases stored before `closeDeadline` existed that got it (= their handling deadline) */
  casesBackfilled: number;
}

/**
 * One-off, idempotent: recompute a tenant's due-cohort counters from its stored cases. Every counter item gets
 * exactly the sum of `cohortEntries` over the cases (absolute values, SET — never ADD), and cohort counters on
 * items no case contributes to are removed, so a second run changes nothing and counters left by an earlier
 * definition (or by transitions of not-yet-migrated cases) are corrected. Activity counters are left alone.
 * Reads every case of the tenant (its created-at index, page by page): run it once when deploying this
 * version, while the tenant is quiet (a transition between the read and the write would be overwritten).
 */
export async function recomputeCohortCounters(store: Store, path: TenantPath, now: Date): Promise<RecomputeReport> {
  const cases: CaseState[] = [];
  for await (const page of tenantCasePages(store, path)) cases.push(...page.map((stored) => stored.state));

  let casesBackfilled = 0;
  for (const state of cases) {
    if (state.closeDeadline !== undefined || state.deadline === undefined) continue;
    try {
      await store.doc.send(
        new UpdateCommand({
          TableName: store.tableName,
          Key: keys.caseMeta(path, state.id),
          UpdateExpression: 'SET closeDeadline = :d',
          ConditionExpression: 'attribute_not_exists(closeDeadline) AND #version = :v',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':d': state.deadline, ':v': state.version },
        }),
      );
      casesBackfilled++;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  // the target: every item's cohort counters as the cases say
  const target = new Map<string, ReturnType<typeof counterWrites>[number]>();
  for (const write of counterWrites(path, cases.flatMap(cohortEntries)))
    target.set(`${write.key.PK}|${write.key.SK}`, write);

  // the items that hold cohort counters today: every month partition the cases or the target can touch
  const days = cases.flatMap((c) => [c.createdAt, c.closeDeadline, c.deadline, c.closedAt, c.handledAt]);
  const months = new Set<string>([now.toISOString().slice(0, 7)]);
  for (const t of target.values()) if (/^\d{4}-\d{2}/.test(t.attrs.day)) months.add(t.attrs.day.slice(0, 7));
  for (const d of days) if (d) months.add(d.slice(0, 7));
  const sorted = [...months].sort();
  // and a year beyond the last: stray cohort counters of deadlines no case holds any more are cleared too
  const last = sorted.at(-1) ?? now.toISOString().slice(0, 7);
  const beyond = `${Number(last.slice(0, 4)) + 1}${last.slice(4)}-01`;
  const range = monthsBetween(`${sorted[0] ?? last}-01`, beyond);
  const existing = (
    await Promise.all([
      ...range.map((m) =>
        queryAll(store, {
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.kpiPK(path, m) },
        }),
      ),
      queryAll(store, {
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.kpiPrefixPK(path) },
      }),
    ])
  ).flat();

  let itemsWritten = 0;
  const seen = new Set<string>();
  const write = async (
    key: { PK: string; SK: string },
    set: Record<string, number>,
    remove: string[],
    attrs?: object,
  ) => {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    Object.entries({ ...(attrs ?? {}), ...set }).forEach(([name, value], i) => {
      names[`#s${i}`] = name;
      values[`:s${i}`] = value;
      sets.push(`#s${i} = :s${i}`);
    });
    const removes = remove.map((name, i) => {
      names[`#r${i}`] = name;
      return `#r${i}`;
    });
    if (sets.length === 0 && removes.length === 0) return;
    const parts = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''];
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: key,
        UpdateExpression: parts.filter(Boolean).join(' '),
        ExpressionAttributeNames: names,
        ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
      }),
    );
    itemsWritten++;
  };
  for (const item of existing) {
    const id = `${item.PK}|${item.SK}`;
    seen.add(id);
    const want = target.get(id)?.add ?? {};
    const set: Record<string, number> = {};
    const remove: string[] = [];
    for (const name of cohortNames) {
      const has = item[name];
      if (want[name] !== undefined && want[name] !== 0) {
        if (has !== want[name]) set[name] = want[name];
      } else if (has !== undefined) remove.push(name);
    }
    await write({ PK: String(item.PK), SK: String(item.SK) }, set, remove);
  }
  for (const [id, t] of target) {
    if (seen.has(id)) continue;
    await write(t.key, t.add, [], { day: t.attrs.day, dimension: t.attrs.dimension, value: t.attrs.value });
  }
  return { tenantPath: path, cases: cases.length, itemsWritten, casesBackfilled };
}
