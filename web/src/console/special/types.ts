/** A profile as `GET /api/special-populations` returns it. */
export interface ProfileView {
  id: string;
  version: number;
  personId: string;
  personName: string;
  gridCode?: string;
  group: string;
  groupLabel: string;
  riskGrade: number;
  responsibleUserId: string;
  responsibleName?: string;
  team: string[];
  visitEveryDays: number;
  status: string;
  statusLabel: string;
  startDate: string;
  endDate?: string;
  visits: number;
  lastVisitAt?: string;
  assistance: { count: number; amount: number };
  alerts: { type: string; at: string; note: string }[];
}

/** A due visit of the caseload (`GET /api/special-caseload`). */
export interface CaseloadVisit {
  id: string;
  profileId: string;
  personName: string;
  group: string;
  riskGrade: number;
  everyDays: number;
  deadline?: string;
  clockLabel?: string;
  late: boolean;
}

/** One KPI row (`GET /api/stats/special-populations`). */
export interface SpecialKpis {
  listed: number;
  visited: number;
  visitedOnTime: number;
  missed: number;
  onTimeRate: number | null;
  rows: Record<'group' | 'grid' | 'worker', ({ key: string; label?: string } & Omit<SpecialKpis, 'rows'>)[]>;
}
