/**
 * KPIs over cohorts (docs/domain.md "KPIs"). Two kinds of counters are kept per tenant / department / category /
 * grid / user and China day, in the same transaction as the change they count:
 *
 * - **activity** counters count what happened on a day (受理 `reported`, 立案 `registered`, 派遣 `dispatched`, …);
 * - **due-cohort** counters (`due…`, `closedLate`, `handledLate`, `…Backlog`, follow-ups) are a pure function of
 *   each case's current state (`cohortEntries`): a case sits at the China day of its closing deadline and of its
 *   handling deadline; when a deadline is set, moved (extension, parking, rework, return) or met, the transition
 *   writes the difference. The `…Backlog` counters (+1 on the due day, −1 on the day a late case was finally
 *   closed / handled) summed over every day before a period's start give the cases carried over (overdue and still
 *   open), so 应结案 / 应处置 / 超期未结 for any period come from counters, never from reading cases.
 */
export const activityCounterNames = [
  'reported',
  /** 结案 actions on the day (activity: the usage report's closed cases; KPIs use the closing cohort) */
  'closures',
  'registered',
  'rejected',
  'dispatched',
  'returned',
  'parked',
  'escalated',
  'evaluated',
  'satisfactionSum',
  // the loop as offices run it: 审核, 督办 and its answers, 上报 / 下派 (回访 is counted in the closing cohort below)
  'reviewed',
  'supervised',
  'supervisionAnswered',
  'supervisionAnsweredOnTime',
  'referredUp',
  'assignedDown',
  // 核查 on site by the grid worker (per user: 按期核查率)
  'verified',
  'verifiedOnTime',
  // field work (巡查时长 on a patrol's end, 走访数 on a visit), by tenant, user and grid
  'patrols',
  'patrolSeconds',
  'visits',
] as const;

/** Due-cohort counter names (see `cohortEntries` in case/cohort.ts). */
export const cohortCounterNames = [
  /** cases whose closing deadline falls on the day */
  'dueClose',
  /** … of them closed at or before the closing deadline */
  'dueCloseOnTime',
  /** … of them closed on or before the deadline's day (early, on time, or late the same day) */
  'dueCloseClosed',
  /** cases closed on the day, a day or more after the day of their closing deadline (carried over) */
  'closedLate',
  /** +1 on the closing deadline's day, −1 on the day a late case was closed: the prefix sum is the carry-over */
  'closeBacklog',
  'dueHandle',
  'dueHandleOnTime',
  'dueHandleHandled',
  'handledLate',
  'handleBacklog',
  /** cases of the handling cohort with a granted extension (延期数) */
  'dueHandleExtended',
  /** cases of the handling cohort that were reworked at least once (返工数) */
  'dueHandleReworked',
  /** 回访: in the closing cohort's bucket of the closure (so 回访率 ≤ 1) */
  'followedUp',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  /** 督办件: cases on the China day of their first supervision order (督办数 counts cases, not orders) */
  'supervisedCases',
  /** … of them closed (结案) by now: 督办办结率 = supervisedClosed ÷ supervisedCases */
  'supervisedClosed',
] as const;

export const counterNames = [...activityCounterNames, ...cohortCounterNames] as const;

/** One of `counterNames`. */
export type CounterName = (typeof counterNames)[number];

/** The counters whose prefix sum before a period is its carry-over. */
export const backlogCounterNames = ['closeBacklog', 'handleBacklog'] as const satisfies readonly CounterName[];

/** A full set of counters for one group (tenant, department, category, grid or user) over a period. */
export type KpiCounters = Record<CounterName, number>;

/** Cases carried into a period: overdue and still open (closing) / unhandled (handling) at its first day. */
export interface Carry {
  close: number;
  handle: number;
}

/** The indicators (GB/T 30428.4 lineage, city 考核办法). Rates are in 0..1 (4 decimals) or null (no denominator). */
export interface Kpis {
  /** 受理数 */
  reported: number;
  /** 立案数 */
  registered: number;
  rejected: number;
  dispatched: number;
  /** 退回数 */
  returned: number;
  /** 挂账数 (cases parked in the period) */
  parked: number;
  /** 超期升级数 (the workflow's escalations of overdue cases in the period) */
  escalated: number;
  /** 督办数: cases a leader put under supervision (督办单) in the period, each once */
  supervised: number;
  /** 督办办结数: of them, closed (结案) */
  supervisedClosed: number;
  /** 应结案数: closing deadline in the period + carried over (overdue, open at its start) */
  dueForClose: number;
  /** 结案数: cases of the closing cohort closed by the period's end */
  closed: number;
  /** 按期结案数 */
  closedOnTime: number;
  /** 超期未结: overdue and open at the period's end */
  overdueOpen: number;
  /** 应处置数 */
  dueForHandle: number;
  /** 处置数 */
  handled: number;
  /** 按期处置数 */
  handledOnTime: number;
  /** 返工数 */
  reworked: number;
  /** 延期数 */
  extended: number;
  /** 回访数 and its results */
  followedUp: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  /** 立案率 = 立案 ÷ 受理 */
  registerRate: number | null;
  /** 结案率 = 结案 ÷ 应结案 */
  closeRate: number | null;
  /** 按期结案率 = 按期结案 ÷ 应结案 */
  onTimeCloseRate: number | null;
  /** 处置率 = 处置 ÷ 应处置 */
  handleRate: number | null;
  /** 按期处置率 = 按期处置 ÷ 应处置 */
  handleOnTimeRate: number | null;
  /** 返工率 = 返工 ÷ 处置 */
  reworkRate: number | null;
  /** 延期率 = 延期 ÷ 应处置 */
  extensionRate: number | null;
  /** 挂账率 = 挂账 ÷ 派遣 */
  parkRate: number | null;
  /** 派遣准确率 = 1 − 退回 ÷ 派遣 */
  dispatchAccuracy: number | null;
  /** 满意率 = (满意 + 基本满意) ÷ 回访 */
  satisfactionRate: number | null;
  /** 回访率 = 回访 ÷ 结案 */
  followUpRate: number | null;
  /** 督办办结率 = 督办办结 ÷ 督办 */
  supervisionCloseRate: number | null;
  /** Mean citizen star rating 1–5, two decimals; absent when nobody rated. */
  satisfaction?: number;
}

/** All counters at zero. */
export function emptyCounters(): KpiCounters {
  return Object.fromEntries(counterNames.map((name) => [name, 0])) as KpiCounters;
}

/** Sum counter sets (days into a period, communities into a street); missing names count as 0. */
export function mergeCounters(...sets: ReadonlyArray<Partial<Record<string, number>>>): KpiCounters {
  const total = emptyCounters();
  for (const set of sets) for (const name of counterNames) total[name] += Number(set[name] ?? 0);
  return total;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** A rate with 4 decimals, never clamped; null when the denominator is 0 (shown as "—", never 0 % or 100 %). */
export function rate(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return round(numerator / denominator, 4);
}

/** The KPIs of a period: its counters summed over the period's days, and what was carried into it. */
export function kpiFromCounters(
  counters: Partial<Record<string, number>>,
  carry: Partial<Carry> = {},
  /** 超期未结 as of now, for a period that has not ended yet (its end is not known) */
  overdueNow?: number,
): Kpis {
  const c = mergeCounters(counters);
  const carryClose = carry.close ?? 0;
  const carryHandle = carry.handle ?? 0;
  const dueForClose = c.dueClose + carryClose;
  const closed = c.dueCloseClosed + c.closedLate;
  const dueForHandle = c.dueHandle + carryHandle;
  const handled = c.dueHandleHandled + c.handledLate;
  const accuracy = rate(c.returned, c.dispatched);
  const kpis: Kpis = {
    reported: c.reported,
    registered: c.registered,
    rejected: c.rejected,
    dispatched: c.dispatched,
    returned: c.returned,
    parked: c.parked,
    escalated: c.escalated,
    supervised: c.supervisedCases,
    supervisedClosed: c.supervisedClosed,
    dueForClose,
    closed,
    closedOnTime: c.dueCloseOnTime,
    overdueOpen: overdueNow ?? carryClose + c.closeBacklog,
    dueForHandle,
    handled,
    handledOnTime: c.dueHandleOnTime,
    reworked: c.dueHandleReworked,
    extended: c.dueHandleExtended,
    followedUp: c.followedUp,
    satisfied: c.satisfied,
    basicallySatisfied: c.basicallySatisfied,
    dissatisfied: c.dissatisfied,
    registerRate: rate(c.registered, c.reported),
    closeRate: rate(closed, dueForClose),
    onTimeCloseRate: rate(c.dueCloseOnTime, dueForClose),
    handleRate: rate(handled, dueForHandle),
    handleOnTimeRate: rate(c.dueHandleOnTime, dueForHandle),
    reworkRate: rate(c.dueHandleReworked, handled),
    extensionRate: rate(c.dueHandleExtended, dueForHandle),
    parkRate: rate(c.parked, c.dispatched),
    dispatchAccuracy: accuracy === null ? null : round(1 - accuracy, 4),
    satisfactionRate: rate(c.satisfied + c.basicallySatisfied, c.followedUp),
    followUpRate: rate(c.followedUp, closed),
    supervisionCloseRate: rate(c.supervisedClosed, c.supervisedCases),
  };
  if (c.evaluated > 0) kpis.satisfaction = round(c.satisfactionSum / c.evaluated, 2);
  return kpis;
}

/** The rates a composite score may weigh; `reworkRate` counts inverted (1 − 返工率: less rework scores higher). */
export const scoreMetrics = [
  'closeRate',
  'onTimeCloseRate',
  'handleOnTimeRate',
  'reworkRate',
  'extensionRate',
  'dispatchAccuracy',
  'satisfactionRate',
  'followUpRate',
] as const;

/** One of `scoreMetrics`. */
export type ScoreMetric = (typeof scoreMetrics)[number];

/** Weights of the composite score (综合指标值), per tenant; these are the documented defaults (sum 100). */
export const defaultScoreWeights: Readonly<Record<ScoreMetric, number>> = {
  closeRate: 30,
  onTimeCloseRate: 30,
  handleOnTimeRate: 15,
  reworkRate: 5,
  extensionRate: 0,
  dispatchAccuracy: 5,
  satisfactionRate: 15,
  followUpRate: 0,
};

/** Metrics where a lower rate is better: they count as 1 − rate in the score. */
const invertedMetrics: ReadonlySet<ScoreMetric> = new Set(['reworkRate', 'extensionRate']);

/**
 * 综合指标值 in 0..100: the weighted mean of the unit's rates (inverted where lower is better), over the metrics
 * that have a denominator — a unit with nothing due is not scored as 0 or 100 on that metric. null when no
 * weighted metric has a denominator (such units rank after every scored one).
 */
export function compositeScore(kpis: Kpis, weights: Readonly<Record<ScoreMetric, number>>): number | null {
  let sum = 0;
  let weightSum = 0;
  for (const metric of scoreMetrics) {
    const w = weights[metric] ?? 0;
    const value = kpis[metric];
    if (w <= 0 || value === null) continue;
    sum += w * (invertedMetrics.has(metric) ? 1 - value : value);
    weightSum += w;
  }
  return weightSum === 0 ? null : round((sum / weightSum) * 100, 2);
}

/** Rank rows by score, highest first; equal scores share a rank (1, 2, 2, 4); no score → rank null. */
export function rankByScore<T extends { score: number | null }>(rows: T[]): Array<T & { rank: number | null }> {
  const sorted = [...rows].sort((a, b) => {
    if (a.score === null || b.score === null) return (a.score === null ? 1 : 0) - (b.score === null ? 1 : 0);
    return b.score - a.score;
  });
  let previous: number | null = null;
  let rank = 0;
  return sorted.map((row, i) => {
    if (row.score === null) return { ...row, rank: null };
    if (row.score !== previous) rank = i + 1;
    previous = row.score;
    return { ...row, rank };
  });
}
