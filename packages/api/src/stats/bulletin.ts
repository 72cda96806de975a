import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { GSI, storedCaseFrom } from '@civicgrid/db';
import { kpiFromCounters, mergeCounters, type TenantPath } from '@civicgrid/domain';
import { csvCell } from '@civicgrid/domain/csv';
import type { AppDeps } from '../deps';
import { departmentsOf } from '../routes/config';
import { kpiTable, type RankedRow, rankRows, scopeTenants, weightsOf } from './kpi-rows';

/** A ranked unit of the bulletin with its change from last month. */
export type BulletinRow = RankedRow & {
  previousRank: number | null;
  /** places gained since last month (positive = moved up); null when either month has no rank */
  rankChange: number | null;
  previousScore: number | null;
  scoreChange: number | null;
};

/** One of the worst overdue cases (longest past its closing deadline and still open at the month's end). */
export interface OverdueCase {
  id: string;
  tenantId: string;
  step: string;
  description: string;
  departmentId?: string;
  departmentName?: string;
  categoryCode?: string;
  closeDeadline: string;
  /** whole days past the closing deadline at the month's end */
  daysOverdue: number;
  escalations: number;
}

/** 月度通报: ranks, changes from last month, totals, 督办 counts and the worst overdue cases. */
export interface Bulletin {
  month: string;
  from: string;
  to: string;
  previousMonth: string;
  tenant: { id: string; name: string };
  weights: Record<string, number>;
  totals: ReturnType<typeof kpiFromCounters>;
  previousTotals: ReturnType<typeof kpiFromCounters>;
  /** 督办: escalations of overdue cases in the month (staff supervision orders will add to it) */
  supervision: { escalated: number; previous: number };
  rankings: { tenants: BulletinRow[]; departments: BulletinRow[] };
  overdueCases: OverdueCase[];
}

const WORST = 10;
/** items read per open step and tenant when looking for the worst overdue cases (a bounded read) */
const OVERDUE_READ = 200;
const OPEN_STEPS = ['dispatched', 'handled', 'verified'] as const;

function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

export function previousMonthOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function withChange(current: RankedRow[], previous: RankedRow[]): BulletinRow[] {
  const before = new Map(previous.map((r) => [r.key, r]));
  return current.map((r) => {
    const p = before.get(r.key);
    const previousRank = p?.rank ?? null;
    const previousScore = p?.score ?? null;
    return {
      ...r,
      previousRank,
      rankChange: r.rank !== null && previousRank !== null ? previousRank - r.rank : null,
      previousScore,
      scoreChange:
        r.score !== null && previousScore !== null ? Math.round((r.score - previousScore) * 100) / 100 : null,
    };
  });
}

/** The bulletin of `month` (`YYYY-MM`) for the scope rooted at `root`. */
export async function buildBulletin(deps: AppDeps, root: TenantPath, month: string): Promise<Bulletin> {
  const { from, to } = monthBounds(month);
  const previousMonth = previousMonthOf(month);
  const prev = monthBounds(previousMonth);
  const [weights, tenants, byTenant, byTenantPrev, byDept, byDeptPrev] = await Promise.all([
    weightsOf(deps, root),
    scopeTenants(deps, root),
    kpiTable(deps, root, 'tenant', from, to),
    kpiTable(deps, root, 'tenant', prev.from, prev.to),
    kpiTable(deps, root, 'department', from, to),
    kpiTable(deps, root, 'department', prev.from, prev.to),
  ]);
  const total = (rows: typeof byTenant) => {
    const counters = mergeCounters(...rows.map((r) => r as unknown as Record<string, number>));
    const carry = rows.reduce(
      (c, r) => ({
        close: c.close + (r.dueForClose - (r.dueClose ?? 0)),
        handle: c.handle + (r.dueForHandle - (r.dueHandle ?? 0)),
      }),
      { close: 0, handle: 0 },
    );
    return kpiFromCounters(
      counters,
      carry,
      rows.reduce((n, r) => n + r.overdueOpen, 0),
    );
  };
  const totals = total(byTenant);
  const previousTotals = total(byTenantPrev);
  const overdueCases = await worstOverdue(deps, tenants, to);
  return {
    month,
    from,
    to,
    previousMonth,
    tenant: { id: tenants[0]?.id ?? '', name: tenants[0]?.name ?? '' },
    weights,
    totals,
    previousTotals,
    supervision: { escalated: totals.escalated, previous: previousTotals.escalated },
    rankings: {
      tenants: withChange(rankRows(byTenant, weights), rankRows(byTenantPrev, weights)),
      departments: withChange(rankRows(byDept, weights), rankRows(byDeptPrev, weights)),
    },
    overdueCases,
  };
}

/**
 * The cases still open at the month's end longest past their closing deadline: per tenant and open step, the
 * oldest `OVERDUE_READ` cases of the step index (a bounded read, whatever the history's size), filtered in the
 * store to those past the deadline, the worst ten kept.
 */
async function worstOverdue(
  deps: AppDeps,
  tenants: { path: TenantPath; id: string }[],
  to: string,
): Promise<OverdueCase[]> {
  const end = new Date(`${to}T23:59:59.999+08:00`);
  const endIso = end.toISOString();
  const found: OverdueCase[] = [];
  await Promise.all(
    tenants.flatMap((t) =>
      OPEN_STEPS.map(async (step) => {
        const res = await deps.store.doc.send(
          new QueryCommand({
            TableName: deps.store.tableName,
            IndexName: GSI.casesByStep,
            KeyConditionExpression: 'GSI2PK = :pk',
            FilterExpression: '(closeDeadline < :end OR (attribute_not_exists(closeDeadline) AND deadline < :end))',
            ExpressionAttributeValues: { ':pk': `${t.path}CASES#STEP#${step}`, ':end': endIso },
            ScanIndexForward: true,
            Limit: OVERDUE_READ,
          }),
        );
        const names = new Map((await departmentsOf(deps).list(t.path)).map((d) => [d.id, d.name]));
        for (const item of res.Items ?? []) {
          const s = storedCaseFrom(item).state;
          const deadline = s.closeDeadline ?? s.deadline;
          if (!deadline || s.parked) continue;
          const row: OverdueCase = {
            id: s.id,
            tenantId: t.id,
            step: s.step,
            description: s.description.slice(0, 60),
            closeDeadline: deadline,
            daysOverdue: Math.floor((end.getTime() - Date.parse(deadline)) / 86_400_000),
            escalations: s.escalations,
          };
          if (s.departmentId) {
            row.departmentId = s.departmentId;
            const name = names.get(s.departmentId);
            if (name) row.departmentName = name;
          }
          if (s.categoryCode) row.categoryCode = s.categoryCode;
          found.push(row);
        }
      }),
    ),
  );
  return found.sort((a, b) => a.closeDeadline.localeCompare(b.closeDeadline)).slice(0, WORST);
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(2)}%`);
const num = (v: number | null) => (v === null ? '—' : String(v));
const change = (v: number | null) => (v === null ? '—' : v > 0 ? `↑${v}` : v < 0 ? `↓${-v}` : '→0');

/** The ranking tables' columns, Chinese first (the bulletin is printed for district leaders). */
const columns: { title: string; cell: (r: BulletinRow) => string }[] = [
  { title: '排名', cell: (r) => num(r.rank) },
  { title: '单位', cell: (r) => r.name ?? r.key },
  { title: '综合得分', cell: (r) => num(r.score) },
  { title: '较上月', cell: (r) => change(r.rankChange) },
  { title: '应结案', cell: (r) => String(r.dueForClose) },
  { title: '结案', cell: (r) => String(r.closed) },
  { title: '结案率', cell: (r) => pct(r.closeRate) },
  { title: '按期结案率', cell: (r) => pct(r.onTimeCloseRate) },
  { title: '按期处置率', cell: (r) => pct(r.handleOnTimeRate) },
  { title: '返工率', cell: (r) => pct(r.reworkRate) },
  { title: '满意率', cell: (r) => pct(r.satisfactionRate) },
  { title: '超期未结', cell: (r) => String(r.overdueOpen) },
];

/** The bulletin's tables as rows of text cells (CSV, xlsx and PDF share them). */
export function bulletinTables(b: Bulletin): { title: string; header: string[]; rows: string[][] }[] {
  const ranking = (title: string, rows: BulletinRow[]) => ({
    title,
    header: columns.map((c) => c.title),
    rows: rows.map((r) => columns.map((c) => c.cell(r))),
  });
  return [
    ranking('辖区单位排名', b.rankings.tenants),
    ranking('职能部门排名', b.rankings.departments),
    {
      title: '超期未结案件（最严重）',
      header: ['案件', '所在阶段', '部门', '结案期限', '超期天数', '督办次数', '描述'],
      rows: b.overdueCases.map((c) => [
        c.id,
        stepNames[c.step] ?? c.step,
        c.departmentName ?? c.departmentId ?? '',
        c.closeDeadline,
        String(c.daysOverdue),
        String(c.escalations),
        c.description,
      ]),
    },
  ];
}

const stepNames: Record<string, string> = { dispatched: '处置中', handled: '待核查', verified: '待结案' };

/** The bulletin as CSV (UTF-8 with BOM so Excel reads the Chinese; formula-like cells neutralised by `csvCell`). */
export function bulletinCsv(b: Bulletin): string {
  const lines = [`${b.tenant.name} ${b.month} 月度通报`];
  for (const t of bulletinTables(b)) {
    lines.push('', t.title, t.header.map(csvCell).join(','));
    for (const r of t.rows) lines.push(r.map(csvCell).join(','));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
