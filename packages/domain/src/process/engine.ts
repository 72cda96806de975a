import type * as z from 'zod';
import { DAY_MS, dayStartMs, shanghaiDate, shanghaiDayIndex } from '../calendar/shanghai-time';
import type { WorkingCalendar } from '../calendar/working-calendar';
import { addWorkingDays, addWorkingHours } from '../calendar/working-time';
import { AppError, ConflictError, type ErrorDetail, ForbiddenError } from '../errors';
import { type Action, can } from '../permissions';

/**
 * The one process engine's pure core. A *kind* of record (incidents, disputes, petitions, …) is a
 * `ProcessKind`: its steps, actions (who, from which step, to which step, with which body), guards, clocks and
 * counters as data plus pure functions. `applyProcessAction` runs any kind; the workflow, the store, the routes
 * and the statistics are written once for all kinds (docs/process-engine.md).
 */

/** How a clock counts: natural days end at midnight China time; working time follows the tenant's calendar. */
export type ClockUnit = 'naturalDays' | 'naturalHours' | 'workingDays' | 'workingHours';

/** One clock a kind declares: its statutory default (a tenant may configure `value`). */
export interface ClockSpec {
  label: string;
  unit: ClockUnit;
  value: number;
  /** false: the clock is the other side's window (a petitioner's 30 days to ask for review) — no escalation */
  escalates?: boolean;
}

/** The clock running on a record. */
export interface RunningClock {
  name: string;
  startedAt: string;
  deadline: string;
  /** days (or the clock's unit) added by approved extensions */
  extended?: number;
  escalates: boolean;
}

/** One audit event of a record: who did what when, from which step to which, with what note and files. */
export interface ProcessEvent {
  type: string;
  at: string;
  actor: string;
  actorName?: string;
  from?: string;
  to?: string;
  note?: string;
  evidence?: string[];
  /** the action's body (what was recorded: a session's attendees, a reply's text, …) */
  detail?: Record<string, unknown>;
}

/** What every record of every kind carries (the kind's own fields sit in `data`). */
export interface ProcessRecord<D = Record<string, unknown>> {
  id: string;
  kind: string;
  tenantId: string;
  /** the short human number, unique per tenant, kind and year (`TD-JF-2026-000012`) */
  number?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  step: string;
  data: D;
  clock?: RunningClock;
  /** `clock.deadline` when that clock escalates (what the workflow waits for) */
  deadline?: string;
  escalations: number;
  /** a clock passed at some step (late once, late for the finishing KPI) */
  overdue: boolean;
  /** the step ended the record (terminal), at */
  finishedAt?: string;
  /** finished before its last escalating clock passed */
  finishedOnTime?: boolean;
  gridCode?: string;
  /** the waiting workflow task (set by the workflow, cleared by the next action) */
  taskToken?: string;
  taskStep?: string;
  workflowError?: { error: string; cause?: string; executionArn?: string; at: string };
}

/** The acting staff member. */
export interface ProcessActor {
  userId: string;
  name?: string;
  roles: readonly string[];
}

/** What an action needs besides the record and its body. */
export interface ProcessContext {
  now: Date;
  actor: ProcessActor;
  /** the tenant's clock values (statutory defaults overridden per tenant) */
  clockValues: Readonly<Record<string, number>>;
  calendar: WorkingCalendar;
}

/** How an action moves the clock. */
export type ClockEffect<D> =
  /**
   * start the named clock (from now, or from the instant `from` returns); `until`: an instant the clock ends at
   * instead of its unit × value (a mitigation measure's own due date); `value`: this record's own length of the
   * clock (a visit every 7 days for a risk grade 3) instead of the tenant's value
   */
  | {
      /** the clock's name, or a function of the record before the action (which clock this step runs) */
      start: string | ((record: ProcessRecord<D>) => string);
      from?: (record: ProcessRecord<D>, body: never) => string | undefined;
      until?: (record: ProcessRecord<D>, body: never, ctx: ProcessContext) => string | undefined;
      value?: (record: ProcessRecord<D>, body: never) => number | undefined;
    }
  /** stop the running clock */
  | { stop: true }
  /** add days to the running clock (the action's body says how many) */
  | { extend: (record: ProcessRecord<D>, body: never) => number };

/** One action of a kind. */
export interface ActionSpec<D, B = unknown> {
  label: string;
  /** steps it may be taken from */
  from: readonly string[];
  /** the permission a role must grant (the role × action table in permissions.ts) */
  permission: Action;
  /** the body's schema (validated at the edge: a 400 names the field) */
  body: z.ZodType<B>;
  /** the step after it (the same step for a repeated action, like a second mediation session) */
  to: string | ((record: ProcessRecord<D>, body: B) => string);
  /** a business rule: a message (with the field it concerns) for a 422, or undefined */
  guard?: (record: ProcessRecord<D>, body: B, ctx: ProcessContext) => ErrorDetail | undefined;
  /** the kind's fields after the action */
  apply?: (data: D, body: B, ctx: ProcessContext, record: ProcessRecord<D>) => D;
  clock?: ClockEffect<D>;
  /** the note of the audit event */
  note?: (body: B) => string | undefined;
  /** file keys the action attaches (kept on the event) */
  evidence?: (body: B) => string[] | undefined;
}

/** A step of a kind. */
export interface StepSpec {
  label: string;
  /** the record's life ends here (the workflow execution ends, the finishing KPIs count) */
  terminal?: boolean;
}

/** A counter contribution of a record in its current state (tallies: `after − before` on every change). */
export interface CounterChange {
  dimension: string;
  value: string;
  add: Record<string, number>;
}

/**
 * What every kind declares — the incident loop (`incidentKind`) and every `ProcessKind` alike: what the one
 * workflow, its handlers, the breach notices and the resume after a restart know of a kind.
 */
export interface KindDescriptor {
  /** the kind's name (`dispute`): in ids' store keys, the workflow input and the routes' module */
  kind: string;
  /** the noun in messages (`Dispute`) and in Chinese (`矛盾纠纷`) */
  label: string;
  labelZh: string;
  /** the routes' collection: `/api/<path>` */
  path: string;
  /** the steps; a terminal one ends the workflow execution */
  steps: Readonly<Record<string, StepSpec>>;
}

/** The breach notice of a record of `kind` (the first breach to the supervisor, later ones to the level above). */
export function overdueNotice(
  kind: KindDescriptor,
  id: string,
  step: string,
  escalations: number,
  level: 'supervisor' | 'parent',
): string {
  const label = kind.steps[step]?.label ?? step;
  return level === 'supervisor'
    ? `${kind.labelZh} ${id} 已超过「${label}」环节时限，请督办。`
    : `${kind.labelZh} ${id} 在「${label}」环节超期未办（第 ${escalations} 次升级），请上级督办。`;
}

/** The steps of a kind a record still waits at (a human acts next): every one but the terminal ones. */
export function openStepsOf(kind: KindDescriptor): string[] {
  return Object.entries(kind.steps)
    .filter(([, spec]) => spec.terminal !== true)
    .map(([name]) => name);
}

/** A kind of process record: everything the engine needs to run it. */
export interface ProcessKind<D = Record<string, unknown>, I = unknown> extends KindDescriptor {
  /**
   * the nouns of the kind's OpenAPI operationIds (`{ one: 'Dispute', many: 'Disputes' }` → `openDispute`,
   * `listDisputes`, `getDispute`, `actOnDispute`, …): part of the contract integrators generate clients from
   */
  operationNouns: { one: string; many: string };
  /** fields of `data` the records are listed by (`?channel=visit`): one list each, newest first */
  filters?: readonly string[];
  /** the kind's part of its records' short numbers (`JF` → `TD-JF-2026-000012`); default: the kind's initial */
  numberPrefix?: string;
  clocks: Readonly<Record<string, ClockSpec>>;
  // biome-ignore lint/suspicious/noExplicitAny: each action has its own body type (built with `actionsOf`)
  actions: Readonly<Record<string, ActionSpec<D, any>>>;
  /** the create body */
  input: z.ZodType<I>;
  /** who may create, read */
  permissions: { create: Action; read: Action };
  /**
   * true: a role without `permissions.read` gets 404 on every route of the kind, never 403 — the records are not
   * admitted to exist (special populations, PIPL)
   */
  hidden?: boolean;
  /** false: no `POST /api/<path>` — records are opened by the kind's module only (a visit plan from its profile) */
  createRoute?: boolean;
  /**
   * Which records the narrow roles see (404 on any other, and their lists hold only these): `grid` — a grid worker
   * without a wider role sees the records of their own grids only (and opens records in them only);
   * `department` — a department user sees only the records whose `data[department]` is their department (the
   * field is one of `filters`, so their list is one Query); `assignee` — a grid worker sees only the records
   * whose `data[assignee]` is their own user id (a task given to them; the field is a filter too).
   */
  audience?: { grid?: boolean; department?: string; assignee?: string };
  /** a new record's step, fields, grid and first clock */
  create(
    input: I,
    ctx: ProcessContext,
  ): {
    step: string;
    data: D;
    gridCode?: string;
    /** the first clock; `until`: the instant it ends at; `value`: this record's own length of it */
    clock?: { name: string; from?: string; until?: string; value?: number };
    note?: string;
  };
  /**
   * an open record this returns true for is urgent (a warning in emergency mode): it comes before every other
   * open record in the `open` list (the worklists, by deadline among the urgent ones)
   */
  urgent?(record: ProcessRecord<D>): boolean;
  /**
   * the record's counters beyond the engine's own (opened, finished, finishedOnTime, overdueOpen, escalations),
   * and the dimensions besides tenant and grid they are counted by (committee, mediator, kind, channel …)
   */
  counters?(record: ProcessRecord<D>): {
    add: Record<string, number>;
    by?: Array<{ dimension: string; value: string }>;
  };
}

/** Builds a kind's actions with each body's type inferred from its schema: `const act = actionsOf<Data>()`. */
export function actionsOf<D>() {
  // biome-ignore lint/suspicious/noExplicitAny: erased into the kind's action table
  return <B>(spec: ActionSpec<D, B>): ActionSpec<D, any> => spec;
}

/** A kind as stored in a list of kinds, its types erased. */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds kinds of every data type
export type AnyProcessKind = ProcessKind<any, any>;

/** The action result: the next record and the audit event. */
export interface ProcessTransition<D> {
  next: ProcessRecord<D>;
  event: ProcessEvent;
}

/** 422: the action is allowed here but its content breaks a rule of the kind. */
export class ProcessRuleError extends AppError {
  constructor(message: string, details: ErrorDetail[] = []) {
    super(422, 'rule_violated', message, details);
    this.name = 'ProcessRuleError';
  }
}

/** A clock's value for a tenant: its configured value, else the statutory default. */
export function clockValue(kind: AnyProcessKind, name: string, values: Readonly<Record<string, number>>): number {
  const spec = kind.clocks[name];
  if (!spec) throw new Error(`${kind.kind}: no clock ${name}`);
  const configured = values[name];
  return typeof configured === 'number' && configured > 0 ? configured : spec.value;
}

/**
 * The deadline `value` units after `start`. Natural days end at the end of the last day in China time (a petition
 * received on 2 November has until the end of 17 November to be accepted: the 15 days run from the next day).
 */
export function processClockDeadline(start: Date, unit: ClockUnit, value: number, calendar: WorkingCalendar): Date {
  switch (unit) {
    case 'naturalDays':
      return new Date(dayStartMs(shanghaiDayIndex(start) + value + 1));
    case 'naturalHours':
      return new Date(start.getTime() + value * 3_600_000);
    case 'workingDays':
      return addWorkingDays(start, value, calendar);
    case 'workingHours':
      return addWorkingHours(start, value, calendar);
  }
}

/** Extend a deadline by `value` more units of the clock. */
export function extendDeadline(deadline: Date, unit: ClockUnit, value: number, calendar: WorkingCalendar): Date {
  if (unit === 'naturalDays') return new Date(deadline.getTime() + value * DAY_MS);
  return processClockDeadline(deadline, unit, value, calendar);
}

function startClock(
  kind: AnyProcessKind,
  name: string,
  from: Date,
  ctx: ProcessContext,
  own: { until?: string; value?: number } = {},
): RunningClock {
  const spec = kind.clocks[name];
  if (!spec) throw new Error(`${kind.kind}: no clock ${name}`);
  const value = own.value !== undefined && own.value > 0 ? own.value : clockValue(kind, name, ctx.clockValues);
  const deadline = own.until ? new Date(own.until) : processClockDeadline(from, spec.unit, value, ctx.calendar);
  return { name, startedAt: from.toISOString(), deadline: deadline.toISOString(), escalates: spec.escalates !== false };
}

/** The deadline the workflow waits for: the running clock's, when it escalates. */
export function workflowDeadline(clock: RunningClock | undefined): string | undefined {
  return clock?.escalates ? clock.deadline : undefined;
}

/** A new record of `kind` (id and tenant from the caller), its first event and clock. */
export function createProcessRecord<D, I>(
  kind: ProcessKind<D, I>,
  input: I,
  ids: { id: string; tenantId: string },
  ctx: ProcessContext,
): ProcessTransition<D> {
  if (!can(ctx.actor.roles, kind.permissions.create)) throw new ForbiddenError();
  const made = kind.create(input, ctx);
  const at = ctx.now.toISOString();
  const clockFrom = made.clock?.from ? new Date(made.clock.from) : ctx.now;
  const clock = made.clock
    ? startClock(kind as AnyProcessKind, made.clock.name, clockFrom, ctx, {
        until: made.clock.until,
        value: made.clock.value,
      })
    : undefined;
  const next: ProcessRecord<D> = {
    id: ids.id,
    kind: kind.kind,
    tenantId: ids.tenantId,
    version: 0,
    createdAt: at,
    updatedAt: at,
    step: made.step,
    data: made.data,
    ...(clock ? { clock, deadline: workflowDeadline(clock) } : {}),
    escalations: 0,
    overdue: false,
    ...(made.gridCode ? { gridCode: made.gridCode } : {}),
  };
  if (kind.steps[made.step]?.terminal) Object.assign(next, { finishedAt: at, finishedOnTime: true });
  const event: ProcessEvent = {
    type: 'create',
    at,
    actor: ctx.actor.userId,
    ...(ctx.actor.name ? { actorName: ctx.actor.name } : {}),
    to: made.step,
    ...(made.note ? { note: made.note } : {}),
  };
  return { next: dropUndefined(next), event };
}

/** The actions the actor may take on the record now (for the console's buttons). */
export function processActionsFor(
  kind: AnyProcessKind,
  record: ProcessRecord<unknown>,
  roles: readonly string[],
): string[] {
  return Object.entries(kind.actions)
    .filter(([, a]) => a.from.includes(record.step) && can(roles, a.permission))
    .map(([name]) => name);
}

/**
 * Apply `action` with an already validated `body`. A role without the permission → 403; the wrong step → 409; a
 * broken rule of the kind → 422. Returns the next record (version unchanged: the store bumps it) and its event.
 */
export function applyProcessAction<D>(
  kind: ProcessKind<D, unknown>,
  record: ProcessRecord<D>,
  action: string,
  body: unknown,
  ctx: ProcessContext,
): ProcessTransition<D> {
  const spec = kind.actions[action] as ActionSpec<D, unknown> | undefined;
  if (!spec) throw new ConflictError(`${kind.label} has no action ${action}`, 'unknown_action');
  if (!can(ctx.actor.roles, spec.permission)) throw new ForbiddenError();
  if (!spec.from.includes(record.step)) {
    throw new ConflictError(`Cannot ${action} a ${kind.label.toLowerCase()} at step ${record.step}`, 'wrong_step');
  }
  const broken = spec.guard?.(record, body, ctx);
  if (broken) throw new ProcessRuleError(broken.message, [broken]);
  const at = ctx.now.toISOString();
  const to = typeof spec.to === 'function' ? spec.to(record, body) : spec.to;
  if (!kind.steps[to]) throw new Error(`${kind.kind}.${action}: unknown step ${to}`);
  const data = spec.apply ? spec.apply(record.data, body, ctx, record) : record.data;

  let clock = record.clock;
  const effect = spec.clock as ClockEffect<D> | undefined;
  if (effect && 'start' in effect) {
    const from = effect.from?.(record, body as never);
    const until = effect.until?.({ ...record, data }, body as never, ctx);
    const value = effect.value?.(record, body as never);
    const name = typeof effect.start === 'function' ? effect.start(record) : effect.start;
    clock = startClock(kind as AnyProcessKind, name, from ? new Date(from) : ctx.now, ctx, { until, value });
  } else if (effect && 'stop' in effect) {
    clock = undefined;
  } else if (effect && 'extend' in effect && clock) {
    const by = effect.extend(record, body as never);
    const unit = kind.clocks[clock.name]?.unit ?? 'naturalDays';
    clock = {
      ...clock,
      deadline: extendDeadline(new Date(clock.deadline), unit, by, ctx.calendar).toISOString(),
      extended: (clock.extended ?? 0) + by,
    };
  }
  const terminal = kind.steps[to]?.terminal === true;
  if (terminal) clock = undefined;
  // a clock that passed before this action makes the record late, once and for good
  const late =
    record.overdue || (record.clock?.escalates === true && Date.parse(record.clock.deadline) < ctx.now.getTime());
  const moved = to !== record.step;
  const next: ProcessRecord<D> = {
    ...record,
    step: to,
    data,
    updatedAt: at,
    clock,
    deadline: workflowDeadline(clock),
    overdue: late,
    // a new step is a new wait: its escalations start again
    escalations: moved || clock?.deadline !== record.clock?.deadline ? 0 : record.escalations,
    taskToken: undefined,
    taskStep: undefined,
    ...(terminal ? { finishedAt: at, finishedOnTime: !late } : {}),
  };
  const note = spec.note?.(body as never);
  const evidence = spec.evidence?.(body as never);
  const event: ProcessEvent = {
    type: action,
    at,
    actor: ctx.actor.userId,
    ...(ctx.actor.name ? { actorName: ctx.actor.name } : {}),
    from: record.step,
    to,
    ...(note ? { note } : {}),
    ...(evidence && evidence.length > 0 ? { evidence } : {}),
    ...(body && typeof body === 'object' && Object.keys(body).length > 0
      ? { detail: body as Record<string, unknown> }
      : {}),
  };
  return { next: dropUndefined(next), event };
}

/** The workflow's escalation: the running clock passed — mark the record overdue and count the breach. */
export function escalateProcess<D>(record: ProcessRecord<D>, now: Date): ProcessTransition<D> {
  const at = now.toISOString();
  const next: ProcessRecord<D> = { ...record, overdue: true, escalations: record.escalations + 1, updatedAt: at };
  const event: ProcessEvent = {
    type: 'escalate',
    at,
    actor: 'system',
    from: record.step,
    to: record.step,
    note: record.clock ? `${record.clock.name} overdue since ${record.clock.deadline}` : undefined,
  };
  return { next: dropUndefined(next), event: dropUndefined(event) };
}

/** The engine's own counters of a record, for every kind. */
export function engineCounters(record: ProcessRecord<unknown>): Record<string, number> {
  const open = record.finishedAt === undefined;
  return {
    opened: 1,
    finished: open ? 0 : 1,
    finishedOnTime: !open && record.finishedOnTime ? 1 : 0,
    overdueOpen: open && record.overdue ? 1 : 0,
    /** late at some step (按期办结率's complement counts finished ones only) */
    late: record.overdue ? 1 : 0,
  };
}

/**
 * Every counter of a record in its current state (tallies `dimension#value`; a change adds after − before): the
 * engine's and the kind's, by tenant, grid and the kind's dimensions.
 */
export function processCounters(kind: AnyProcessKind, record: ProcessRecord<unknown>): CounterChange[] {
  const own = kind.counters?.(record);
  const add = { ...engineCounters(record), ...(own?.add ?? {}) };
  const rows: CounterChange[] = [{ dimension: 'tenant', value: 'all', add }];
  if (record.gridCode) rows.push({ dimension: 'grid', value: record.gridCode, add });
  for (const d of own?.by ?? []) rows.push({ ...d, add });
  // and again in the China month the record was opened (`grid@2026-11`): the intake cohort of any period
  const month = intakeMonth(record);
  return [...rows, ...rows.map((r) => ({ ...r, dimension: `${r.dimension}@${month}` }))];
}

/** The China month (`2026-11`) a record was opened: its cohort for the KPIs of a period. */
export function intakeMonth(record: Pick<ProcessRecord<unknown>, 'createdAt'>): string {
  return shanghaiDate(new Date(record.createdAt)).slice(0, 7);
}

/** Whether a step ends the record. */
export function isTerminal(kind: KindDescriptor, step: string): boolean {
  return kind.steps[step]?.terminal === true;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A rate with a zero denominator is null ("—"), never 0 or 1. */
export function processRate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}
