import { DAY_MS, SHANGHAI_OFFSET_MS, shanghaiDate } from './calendar/shanghai-time';
import { AppError, type ErrorDetail, TooManyRequestsError } from './errors';

/** The plans a tenant can be on; new tenants start on `trial`, districts on `district`. */
export const planNames = ['trial', 'standard', 'district'] as const;

/** One of `planNames`. */
export type PlanName = (typeof planNames)[number];

/** What a plan allows a tenant. */
export interface PlanLimits {
  /** cases reported per +08:00 calendar month, citizen and staff reports together */
  reportsPerMonth: number;
  /** evidence bytes stored, all time */
  storageBytes: number;
  /** active staff accounts */
  users: number;
}

/** One of the limits of a plan (the `path` of a quota error's detail is `plan.<limit>`). */
export type PlanLimit = keyof PlanLimits;

/** Per-deployment overrides of the limits (tests, negotiated contracts). */
export type PlanLimitOverrides = Partial<Record<PlanName, Partial<PlanLimits>>>;

const GIB = 1024 ** 3;

/** The published limits. `district` is effectively unlimited but finite, so JSON and arithmetic stay plain. */
export const PLAN_LIMITS: Readonly<Record<PlanName, Readonly<PlanLimits>>> = {
  trial: { reportsPerMonth: 200, storageBytes: GIB, users: 10 },
  standard: { reportsPerMonth: 5_000, storageBytes: 50 * GIB, users: 200 },
  district: { reportsPerMonth: 1_000_000, storageBytes: 10 * 1024 * GIB, users: 100_000 },
};

/** True for a known plan name. */
export function isPlanName(value: unknown): value is PlanName {
  return typeof value === 'string' && (planNames as readonly string[]).includes(value);
}

/** The plan of a stored tenant; an unknown or missing value is treated as `trial`, the most restrictive. */
export function planOf(value: unknown): PlanName {
  return isPlanName(value) ? value : 'trial';
}

/** The limits of a plan with this deployment's overrides applied. */
export function limitsOf(plan: PlanName, overrides: PlanLimitOverrides = {}): PlanLimits {
  return { ...PLAN_LIMITS[plan], ...overrides[plan] };
}

/** `YYYY-MM` of the +08:00 calendar month that contains `instant`. */
export function shanghaiMonth(instant: Date): string {
  return shanghaiDate(instant).slice(0, 7);
}

/** The UTC instant at which the +08:00 month after the one containing `instant` starts. */
export function nextShanghaiMonthStart(instant: Date): Date {
  const [year, month] = shanghaiMonth(instant).split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 1) - SHANGHAI_OFFSET_MS);
}

/** First and last `YYYY-MM-DD` of the +08:00 month containing `instant`. */
export function shanghaiMonthDays(instant: Date): { from: string; to: string } {
  const next = nextShanghaiMonthStart(instant);
  return { from: `${shanghaiMonth(instant)}-01`, to: shanghaiDate(new Date(next.getTime() - DAY_MS / 2)) };
}

/** 403 `quota_exceeded`: a plan limit that time does not reset (storage, users). */
export class QuotaExceededError extends AppError {
  constructor(message: string, details: ErrorDetail[]) {
    super(403, 'quota_exceeded', message, details);
    this.name = 'QuotaExceededError';
  }
}

/** 429 `quota_exceeded`: the monthly report quota; Retry-After runs to the next +08:00 month. */
export class MonthlyQuotaExceededError extends TooManyRequestsError {
  override readonly details: ErrorDetail[];

  constructor(message: string, retryAfterSeconds: number, details: ErrorDetail[]) {
    super(message, retryAfterSeconds, 'quota_exceeded');
    this.details = details;
    this.name = 'MonthlyQuotaExceededError';
  }
}

const LIMIT_WORDS: Record<PlanLimit, string> = {
  reportsPerMonth: 'Monthly report quota',
  storageBytes: 'Evidence storage quota (bytes)',
  users: 'User quota',
};

/**
 * Refuse an action that would take `used` past the plan's limit: `used + adding > limit` throws the error naming
 * the limit (429 with Retry-After for the monthly reports, 403 for storage and users). Pure: the caller supplies
 * the usage it read and the clock.
 */
export function assertWithinPlan(input: {
  plan: PlanName;
  limits: PlanLimits;
  limit: PlanLimit;
  used: number;
  adding?: number;
  now: Date;
}): void {
  const max = input.limits[input.limit];
  if (input.used + (input.adding ?? 1) <= max) return;
  const message = `${LIMIT_WORDS[input.limit]} of the ${input.plan} plan (${max}) reached`;
  const details = [{ path: `plan.${input.limit}`, message: String(max) }];
  if (input.limit === 'reportsPerMonth') {
    const retry = Math.max(1, Math.ceil((nextShanghaiMonthStart(input.now).getTime() - input.now.getTime()) / 1000));
    throw new MonthlyQuotaExceededError(message, retry, details);
  }
  throw new QuotaExceededError(message, details);
}
