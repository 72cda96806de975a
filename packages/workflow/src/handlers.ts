import { StaleTaskTokenError } from './errors';
import type { CaseWorkflowStore, CaseWorkflowView, Clock, KindWorkflowStore, Notifier, WorkflowEngine } from './ports';

/** Step Functions' largest task timeout: one year. A case that escalated `maxEscalations` times waits this long. */
export const MAX_TIMEOUT_SECONDS = 31_536_000;

/** The step `prepare` reports for a case that no longer exists: the Choice's default ends the execution. */
export const MISSING_STEP = 'missing';

/** How the SLA loop stays bounded. */
export interface EscalationPolicy {
  /** Wait used when no clock runs (no deadline, parked) and between escalations of an overdue case. */
  recheckSeconds: number;
  /** After this many escalations at one step the workflow stops re-checking and waits `MAX_TIMEOUT_SECONDS`. */
  maxEscalations: number;
}

/**
 * An execution asks for its successor once it has run this long (Step Functions Standard executions end after one
 * year): waits are cut to what is left of it, and the `Prepare` after that answers `continueAsNew`.
 */
export const CONTINUE_AFTER_SECONDS = 330 * 86_400;

export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = { recheckSeconds: 86_400, maxEscalations: 30 };

/** The kind of an execution started without one (incidents, and executions started before kinds existed). */
export const INCIDENT_KIND = 'incident';

export interface PrepareInput {
  tenantPath: string;
  caseId: string;
  /** the record's kind (absent: an incident) */
  kind?: string;
  /**
   * The case as its creator stored it, in the execution's start input: only the first `prepare` sees it (the
   * state's ResultSelector keeps just the five output fields, so every later `prepare` reads the case). Using it
   * is safe even when stale — `awaitAction` stores the token only while the case is still at that step, and
   * otherwise resumes the execution into a `prepare` that reads; an outdated deadline at the same step ends in
   * `escalate`, which re-reads before acting.
   */
  known?: CaseWorkflowView;
  /** `$$.Execution.StartTime`, carried by the state from the previous `Prepare` (absent on the first) */
  executionStartTime?: string;
}

export interface PrepareOutput {
  tenantPath: string;
  caseId: string;
  kind: string;
  /** `await`: the record (of any kind) waits in the one AwaitAction state at `step`; `done`: its step ends it */
  route: 'await' | 'done';
  step: string;
  timeoutSeconds: number;
  escalations: number;
  /** the execution is near its one-year limit: the Choice starts a fresh one for the case */
  continueAsNew: boolean;
}

/** `WorkflowError` (Catch States.ALL) and `ContinueAsNew` states, served by one maintenance Lambda. */
export type MaintenanceInput =
  | {
      action: 'error';
      tenantPath: string;
      caseId: string;
      kind?: string;
      /** the whole state (`$`): carries `kind` once Prepare ran; an execution started without one has none */
      state?: { kind?: unknown };
      /** the Catch's `$.error`: `{ Error, Cause }` */
      error?: { Error?: string; Cause?: string };
      executionArn?: string;
    }
  | { action: 'continue'; tenantPath: string; caseId: string; kind?: string; executionArn?: string };

export interface AwaitActionInput {
  taskToken: string;
  tenantPath: string;
  caseId: string;
  kind?: string;
  step: string;
}

export interface EscalateInput {
  tenantPath: string;
  caseId: string;
  kind?: string;
  step: string;
  escalations: number;
}

export interface WorkflowHandlerDeps {
  /** the incidents' store */
  store: CaseWorkflowStore;
  /** the store of every other kind of record (disputes, petitions, …), by kind */
  kinds?: Readonly<Record<string, KindWorkflowStore>>;
  notifier: Notifier;
  clock: Clock;
  engine: WorkflowEngine;
  policy?: Partial<EscalationPolicy>;
}

export interface WorkflowHandlers {
  prepare(input: PrepareInput): Promise<PrepareOutput>;
  awaitAction(input: AwaitActionInput): Promise<{ stored: boolean }>;
  escalate(input: EscalateInput): Promise<EscalateInput>;
  maintain(input: MaintenanceInput): Promise<{ done: boolean }>;
}

/** The three task handlers of the incident workflow, shared by the Lambdas and the local engine. */
export function createWorkflowHandlers(deps: WorkflowHandlerDeps): WorkflowHandlers {
  const { notifier, clock, engine } = deps;
  const policy: EscalationPolicy = { ...DEFAULT_ESCALATION_POLICY, ...deps.policy };
  /** The store of the record's kind: every handler dispatches on it, the state machine is the same for all. */
  const storeOf = (kind: string | undefined): KindWorkflowStore => {
    if (kind === undefined || kind === INCIDENT_KIND) return deps.store;
    const found = deps.kinds?.[kind];
    if (!found) throw new TypeError(`no workflow store for kind ${kind}`);
    return found;
  };

  return {
    async prepare(input) {
      const { tenantPath, caseId } = requireStrings(input, ['tenantPath', 'caseId'], 'prepare');
      const kind = input.kind ?? INCIDENT_KIND;
      const store = storeOf(kind);
      const view = knownView(input.known) ?? (await store.loadForWorkflow(tenantPath, caseId));
      if (!view) {
        return {
          tenantPath,
          caseId,
          kind,
          route: 'done',
          step: MISSING_STEP,
          timeoutSeconds: 1,
          escalations: 0,
          continueAsNew: false,
        };
      }
      if (view.workflowError) await store.clearWorkflowError?.(tenantPath, caseId); // a redrive reached the case
      const now = clock.now();
      const started = Date.parse(input.executionStartTime ?? '');
      const left = Number.isNaN(started)
        ? CONTINUE_AFTER_SECONDS
        : CONTINUE_AFTER_SECONDS - Math.floor((now.getTime() - started) / 1000);
      const timeoutSeconds = Math.max(1, Math.min(waitSeconds(view, now, policy), left));
      const route = view.terminal ? 'done' : 'await';
      return {
        tenantPath,
        caseId,
        kind,
        route,
        step: view.step,
        timeoutSeconds,
        escalations: view.escalations,
        continueAsNew: left < 60,
      };
    },

    async awaitAction(input) {
      const { taskToken, tenantPath, caseId, step } = requireStrings(
        input,
        ['taskToken', 'tenantPath', 'caseId', 'step'],
        'awaitAction',
      );
      const stored = await storeOf(input.kind).storeTaskToken(tenantPath, caseId, step, taskToken);
      if (!stored) {
        // The API moved the case on before this token was stored, so nobody will ever send it: resume the
        // execution ourselves; `prepare` re-reads the case and routes to its real step.
        try {
          await engine.completeTask(taskToken, { step: 'moved' });
        } catch (error) {
          if (!(error instanceof StaleTaskTokenError)) throw error;
        }
      }
      return { stored };
    },

    async escalate(input) {
      const { tenantPath, caseId, step } = requireStrings(input, ['tenantPath', 'caseId', 'step'], 'escalate');
      const store = storeOf(input.kind);
      const view = await store.loadForWorkflow(tenantPath, caseId);
      const now = clock.now();
      // A timeout races human actions and the long re-check waits: escalate only a case still late at this step.
      if (!view || view.step !== step || !isOverdue(view, now) || view.escalations >= policy.maxEscalations) {
        return input;
      }
      const { escalations, level } = await store.recordEscalation(tenantPath, caseId, step, now);
      const text =
        store.overdueText?.(caseId, step, escalations, level) ??
        (level === 'supervisor'
          ? `${caseId} 已超过「${step}」环节时限，请督办。`
          : `${caseId} 在「${step}」环节超期未办（第 ${escalations} 次升级），请上级督办。`);
      const prefix = input.kind === undefined || input.kind === INCIDENT_KIND ? 'case' : input.kind;
      await notifier.notify({ tenantPath, caseId, kind: `${prefix}.overdue.${level}`, text });
      return input;
    },

    async maintain(input) {
      const { tenantPath, caseId } = requireStrings(input, ['tenantPath', 'caseId'], 'maintain');
      if (input.action === 'continue') {
        // a new execution name (timestamped): the old execution ends right after this returns
        await engine.startCase({ tenantPath, caseId, ...(input.kind ? { kind: input.kind } : {}) });
        return { done: true };
      }
      if (input.action !== 'error')
        throw new TypeError(`maintain: unknown action ${String((input as { action?: unknown }).action)}`);
      const kind = input.kind ?? (typeof input.state?.kind === 'string' ? input.state.kind : undefined);
      const store = storeOf(kind);
      const marked =
        (await store.recordWorkflowError?.(tenantPath, caseId, {
          error: String(input.error?.Error ?? 'unknown').slice(0, 200),
          cause: input.error?.Cause === undefined ? undefined : String(input.error.Cause).slice(0, 1000),
          executionArn: input.executionArn,
          at: clock.now().toISOString(),
        })) ?? false;
      return { done: marked };
    },
  };
}

/** A well-formed `known` view from the start input, or undefined (then the case is read). */
function knownView(known: unknown): CaseWorkflowView | undefined {
  if (!known || typeof known !== 'object') return undefined;
  const { step, deadline, escalations, parked, terminal } = known as Record<string, unknown>;
  if (typeof step !== 'string' || step === '' || typeof escalations !== 'number') return undefined;
  if (deadline !== undefined && typeof deadline !== 'string') return undefined;
  return { step, deadline, escalations, parked: parked === true, ...(terminal === true ? { terminal: true } : {}) };
}

/** Seconds the next `AwaitAction` task may wait before it times out into `Escalate`. */
export function waitSeconds(view: CaseWorkflowView, now: Date, policy: EscalationPolicy): number {
  if (view.escalations >= policy.maxEscalations) return MAX_TIMEOUT_SECONDS;
  const deadline = deadlineOf(view);
  if (deadline === undefined) return clampSeconds(policy.recheckSeconds);
  const untilDeadline = Math.ceil((deadline - now.getTime()) / 1000);
  if (untilDeadline > 0) return clampSeconds(untilDeadline);
  // Overdue: escalate at once the first time, then re-check at the slow pace instead of hammering the case.
  return view.escalations === 0 ? 1 : clampSeconds(policy.recheckSeconds);
}

function isOverdue(view: CaseWorkflowView, now: Date): boolean {
  const deadline = deadlineOf(view);
  return deadline !== undefined && deadline <= now.getTime();
}

/** The deadline in epoch ms, or undefined when no clock runs (none set, unreadable, or the case is parked). */
function deadlineOf(view: CaseWorkflowView): number | undefined {
  if (view.parked || !view.deadline) return undefined;
  const ms = Date.parse(view.deadline);
  return Number.isNaN(ms) ? undefined : ms;
}

function clampSeconds(seconds: number): number {
  return Math.min(MAX_TIMEOUT_SECONDS, Math.max(1, Math.ceil(seconds)));
}

function requireStrings<T, K extends keyof T & string>(input: T, keys: K[], handler: string): T {
  for (const key of keys) {
    const value = (input as Record<string, unknown> | null)?.[key];
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(`${handler}: input.${key} must be a non-empty string`);
    }
  }
  return input;
}
