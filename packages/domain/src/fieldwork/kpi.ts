import { rate } from '../kpi';

/**
 * Per-worker field KPIs (`GET /api/stats/kpis?groupBy=user`). Day counters by user, written in the transaction of
 * the change: `reported` / `registered` / `rejected` (the reporter's, by the case loop), `verified` /
 * `verifiedOnTime` (核查 on site, by the case loop), `patrols` / `patrolSeconds` (on a patrol's end, on its start
 * day) and `visits` (on the visit's day). Tasks come from the task kind's tallies by assignee (to date).
 */
export interface FieldKpis {
  /** 上报数 */
  reported: number;
  /** 有效上报率 = 立案 ÷ (立案 + 不予立案) of the worker's reports decided in the period */
  validReportRate: number | null;
  /** 核查数 */
  verified: number;
  /** 按期核查率 = on-site checks within the step's limit ÷ checks */
  verifyOnTimeRate: number | null;
  patrols: number;
  /** 巡查时长 in seconds and in hours (1 decimal) */
  patrolSeconds: number;
  patrolHours: number;
  /** 走访数 */
  visits: number;
  /** tasks finished as done, and of them on time (to date) */
  tasksDone: number;
  tasksDoneOnTime: number;
  taskOnTimeRate: number | null;
  /** tasks late and still open now */
  tasksOverdueOpen: number;
}

/** The field KPIs from one user's summed counters and task tallies. */
export function fieldKpis(c: Partial<Record<string, number>>, tasks: Partial<Record<string, number>> = {}): FieldKpis {
  const n = (v: number | undefined) => Number(v ?? 0);
  const registered = n(c.registered);
  const rejected = n(c.rejected);
  const seconds = n(c.patrolSeconds);
  return {
    reported: n(c.reported),
    validReportRate: rate(registered, registered + rejected),
    verified: n(c.verified),
    verifyOnTimeRate: rate(n(c.verifiedOnTime), n(c.verified)),
    patrols: n(c.patrols),
    patrolSeconds: seconds,
    patrolHours: Math.round((seconds / 3600) * 10) / 10,
    visits: n(c.visits),
    tasksDone: n(tasks.tasksDone),
    tasksDoneOnTime: n(tasks.tasksDoneOnTime),
    taskOnTimeRate: rate(n(tasks.tasksDoneOnTime), n(tasks.tasksDone)),
    tasksOverdueOpen: n(tasks.overdueOpen),
  };
}
