import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type KpiDimension,
  keys,
  monthsBetween,
  readCarry,
  readCounters,
  TenantRepository,
  UserRepository,
} from '@civicgrid/db';
import {
  type Carry,
  compositeScore,
  defaultScoreWeights,
  type KpiCounters,
  type Kpis,
  kpiFromCounters,
  mergeCounters,
  rankByScore,
  type ScoreMetric,
  scoreMetrics,
  shanghaiDate,
  type TenantPath,
} from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { categoriesOf, departmentsOf, gridsOf } from '../routes/config';

/** What a KPI table is grouped by. */
export type KpiGroupBy = 'tenant' | 'department' | 'category' | 'grid' | 'user';

/** One row of a KPI table: the unit, its counters over the period and its indicators. */
export type KpiRow = { key: string; name?: string; tenantId?: string } & Partial<KpiCounters> & Kpis;

/** The tenants a scope covers: the root and every active tenant below it whose ancestors are active too. */
export async function scopeTenants(
  deps: AppDeps,
  root: TenantPath,
): Promise<{ path: TenantPath; id: string; name: string; slug: string }[]> {
  const tenants = new TenantRepository(deps.store);
  const [self, below] = await Promise.all([tenants.get(root), tenants.listSubtree(root)]);
  const activeBelow = below.filter((t) => t.status === 'active');
  const active = new Set<string>([root, ...activeBelow.map((t) => t.path)]);
  const out = [{ path: root, id: self?.id ?? root, name: self?.name ?? root, slug: self?.slug ?? '' }];
  for (const t of activeBelow) {
    if (visible(t.path, root, active)) out.push({ path: t.path, id: t.id, name: t.name, slug: t.slug });
  }
  return out;
}

function visible(path: string, root: string, active: Set<string>): boolean {
  // every ancestor between root and path must be active (a pending street hides its communities)
  let cursor = path;
  while (cursor !== root) {
    if (!active.has(cursor)) return false;
    const parent = `${cursor.slice(0, -1).split('/').slice(0, -1).join('/')}/`;
    if (parent === '/') return false;
    cursor = parent;
  }
  return true;
}

/** The units of one tenant a table lists even when they had nothing (every unit of the scope, with zeros). */
async function unitsOf(
  deps: AppDeps,
  path: TenantPath,
  groupBy: Exclude<KpiGroupBy, 'tenant'>,
): Promise<{ key: string; name: string }[]> {
  if (groupBy === 'department') return (await departmentsOf(deps).list(path)).map((d) => ({ key: d.id, name: d.name }));
  if (groupBy === 'category') return (await categoriesOf(deps).list(path)).map((c) => ({ key: c.code, name: c.name }));
  if (groupBy === 'grid') return (await gridsOf(deps).list(path)).map((g) => ({ key: g.code, name: g.name }));
  const users = await new UserRepository(deps.store).list(path);
  return users.map((u) => ({ key: u.id, name: u.name }));
}

interface Sums {
  counters: Partial<Record<string, number>>[];
  carry: Carry;
  /** cases overdue and open now (periods that end today or later) */
  overdueNow?: number;
}

function addTo(map: Map<string, Sums>, key: string, counters?: Partial<Record<string, number>>, carry?: Carry) {
  const entry = map.get(key) ?? { counters: [], carry: { close: 0, handle: 0 } };
  if (counters) entry.counters.push(counters);
  if (carry) {
    entry.carry.close += carry.close;
    entry.carry.handle += carry.handle;
  }
  map.set(key, entry);
}

function rowOf(key: string, sums: Sums | undefined, extra: Record<string, string | undefined> = {}): KpiRow {
  const counters = mergeCounters(...(sums?.counters ?? []));
  const row: KpiRow = { key, ...counters, ...kpiFromCounters(counters, sums?.carry, sums?.overdueNow) };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) (row as unknown as Record<string, unknown>)[k] = v;
  return row;
}

/**
 * The KPI table of a scope over `[from, to]` (China days), from counters only: per tenant of the scope, one
 * read of the period's counters and three of the carry-over — never a read of cases. Every unit of the scope is
 * listed, with zeros when it had nothing.
 */
export async function kpiTable(
  deps: AppDeps,
  root: TenantPath,
  groupBy: KpiGroupBy,
  from: string,
  to: string,
): Promise<KpiRow[]> {
  const tenants = await scopeTenants(deps, root);
  const dimension: KpiDimension = groupBy;
  // a period not over yet: 超期未结 is what is overdue now, not at its (future) end
  const today = shanghaiDate(deps.clock());
  const open = to >= today;
  const sums = new Map<string, Sums>();
  const names = new Map<string, { name: string; tenantId?: string }>();
  await Promise.all(
    tenants.map(async (t) => {
      const [rows, carry, units, now] = await Promise.all([
        readCounters(deps.store, t.path, dimension, from, to),
        readCarry(deps.store, t.path, dimension, from),
        groupBy === 'tenant' ? Promise.resolve([]) : unitsOf(deps, t.path, groupBy),
        open ? readCarry(deps.store, t.path, dimension, today) : Promise.resolve(undefined),
      ]);
      const keyOf = (value: string) => (groupBy === 'tenant' ? t.id : value);
      if (groupBy === 'tenant') {
        names.set(t.id, { name: t.name, tenantId: t.id });
        addTo(sums, t.id);
      }
      for (const unit of units) {
        if (!names.has(unit.key)) names.set(unit.key, { name: unit.name, tenantId: t.id });
        addTo(sums, unit.key);
      }
      for (const row of rows) addTo(sums, keyOf(row.value), row.counters);
      for (const [value, c] of carry) addTo(sums, keyOf(value), undefined, c);
      if (now) {
        for (const entry of sums.values()) entry.overdueNow ??= 0;
        for (const [value, c] of now) {
          addTo(sums, keyOf(value));
          const entry = sums.get(keyOf(value));
          if (entry) entry.overdueNow = (entry.overdueNow ?? 0) + c.close;
        }
      }
    }),
  );
  if (open) for (const entry of sums.values()) entry.overdueNow ??= 0;
  return [...sums.entries()]
    .map(([key, s]) => rowOf(key, s, { name: names.get(key)?.name, tenantId: names.get(key)?.tenantId }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** The scope's totals per day (`byDay`) or per month of `[from, to]`, carry-over running from one prefix read. */
export async function kpiSeries(
  deps: AppDeps,
  root: TenantPath,
  from: string,
  to: string,
  by: 'day' | 'month',
): Promise<KpiRow[]> {
  const tenants = await scopeTenants(deps, root);
  const perBucket = new Map<string, Partial<Record<string, number>>[]>();
  const start: Carry = { close: 0, handle: 0 };
  const today = shanghaiDate(deps.clock());
  let overdueNow = 0;
  await Promise.all(
    tenants.map(async (t) => {
      const [rows, carry, now] = await Promise.all([
        readCounters(deps.store, t.path, 'tenant', from, to, { byDay: by === 'day' }),
        readCarry(deps.store, t.path, 'tenant', from),
        to >= today ? readCarry(deps.store, t.path, 'tenant', today) : Promise.resolve(undefined),
      ]);
      for (const c of now?.values() ?? []) overdueNow += c.close;
      for (const c of carry.values()) {
        start.close += c.close;
        start.handle += c.handle;
      }
      for (const row of rows) {
        const bucket = by === 'month' ? row.day.slice(0, 7) : row.day;
        perBucket.set(bucket, [...(perBucket.get(bucket) ?? []), row.counters]);
      }
    }),
  );
  const buckets = by === 'month' ? monthsBetween(from, to) : daysBetween(from, to);
  const out: KpiRow[] = [];
  const carry = { ...start };
  for (const bucket of buckets) {
    const counters = mergeCounters(...(perBucket.get(bucket) ?? []));
    const end = by === 'month' ? `${bucket}-31` : bucket;
    out.push({ key: bucket, ...counters, ...kpiFromCounters(counters, carry, end >= today ? overdueNow : undefined) });
    carry.close += counters.closeBacklog;
    carry.handle += counters.handleBacklog;
  }
  return out;
}

function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** A tenant's composite-score weights, or the documented defaults. */
export type ScoreWeights = Record<ScoreMetric, number>;

export async function weightsOf(deps: AppDeps, path: TenantPath): Promise<ScoreWeights> {
  const res = await deps.store.doc.send(
    new GetCommand({ TableName: deps.store.tableName, Key: keys.kpiWeights(path) }),
  );
  const stored = (res.Item?.weights ?? {}) as Partial<ScoreWeights>;
  const weights = { ...defaultScoreWeights };
  for (const metric of scoreMetrics) if (typeof stored[metric] === 'number') weights[metric] = stored[metric];
  return weights;
}

export async function saveWeights(deps: AppDeps, path: TenantPath, weights: ScoreWeights): Promise<void> {
  await deps.store.doc.send(
    new PutCommand({ TableName: deps.store.tableName, Item: { ...keys.kpiWeights(path), weights } }),
  );
}

/** A ranked row: the KPI row with its composite score and rank. */
export type RankedRow = KpiRow & { score: number | null; rank: number | null };

/** Rank the units of a KPI table by the scope tenant's weighted composite score. */
export function rankRows(rows: KpiRow[], weights: ScoreWeights): RankedRow[] {
  return rankByScore(rows.map((r) => ({ ...r, score: compositeScore(r, weights) })));
}
