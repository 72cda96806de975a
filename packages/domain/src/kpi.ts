/**
 * Counters the case machine emits on every transition. The store adds them per tenant / department / category /
 * grid per day in the same transaction as the change they count, so dashboards never scan cases.
 */
export const counterNames = [
  'reported',
  'registered',
  'rejected',
  'dispatched',
  'returned',
  'handled',
  'handledOnTime',
  'reworked',
  'extended',
  'parked',
  'closed',
  'closedOnTime',
  'evaluated',
  'satisfactionSum',
  'escalated',
  // the loop as offices run it: 审核, 督办 and its answers, 回访, 上报 / 下派 (KPI formulas may read them)
  'reviewed',
  'supervised',
  'supervisionAnswered',
  'supervisionAnsweredOnTime',
  'followedUp',
  'followUpSatisfied',
  'referredUp',
  'assignedDown',
] as const;

/** One of `counterNames`. */
export type CounterName = (typeof counterNames)[number];

/** A full set of counters for one group (tenant, department, category or grid) over a period. */
export type KpiCounters = Record<CounterName, number>;

/** The indicators of GB/T 30428.4 lineage that dashboards and bulletins rank by. */
export interface Kpis {
  reported: number;
  registered: number;
  closed: number;
  closedOnTime: number;
  reworked: number;
  /** 立案率 = registered / reported. */
  registerRate: number;
  /** 结案率 = closed / due-to-close (应结案 = registered). */
  closeRate: number;
  /** 按期结案率 = closed on time / closed. */
  onTimeCloseRate: number;
  /** 按期处置率 = handled within the limit / handled. */
  onTimeHandleRate: number;
  /** 返工率 = reworked / handled. */
  reworkRate: number;
  /** 延期率 = extensions granted / dispatched. */
  extensionRate: number;
  /** Dispatch accuracy = (dispatched − returned) / dispatched. */
  dispatchAccuracy: number;
  /** Mean citizen rating 1–5, two decimals; absent when nobody rated. */
  satisfaction?: number;
}

/** All counters at zero. */
export function emptyCounters(): KpiCounters {
  return Object.fromEntries(counterNames.map((name) => [name, 0])) as KpiCounters;
}

/** Sum counter sets (days into a period, communities into a street); missing names count as 0. */
export function mergeCounters(...sets: ReadonlyArray<Partial<KpiCounters>>): KpiCounters {
  const total = emptyCounters();
  for (const set of sets) for (const name of counterNames) total[name] += set[name] ?? 0;
  return total;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** A rate in [0, 1] with 4 decimals; 0 when nothing was due, so an idle grid does not rank first or last. */
export function rate(numerator: number, denominator: number): number {
  if (denominator <= 0) return 0;
  return round(Math.min(1, Math.max(0, numerator / denominator)), 4);
}

/** The KPIs of a counter set (formulas in docs/domain.md). */
export function kpiFromCounters(counters: Partial<KpiCounters>): Kpis {
  const c = mergeCounters(counters);
  const kpis: Kpis = {
    reported: c.reported,
    registered: c.registered,
    closed: c.closed,
    closedOnTime: c.closedOnTime,
    reworked: c.reworked,
    registerRate: rate(c.registered, c.reported),
    closeRate: rate(c.closed, c.registered),
    onTimeCloseRate: rate(c.closedOnTime, c.closed),
    onTimeHandleRate: rate(c.handledOnTime, c.handled),
    reworkRate: rate(c.reworked, c.handled),
    extensionRate: rate(c.extended, c.dispatched),
    dispatchAccuracy: rate(c.dispatched - c.returned, c.dispatched),
  };
  if (c.evaluated > 0) kpis.satisfaction = round(c.satisfactionSum / c.evaluated, 2);
  return kpis;
}
