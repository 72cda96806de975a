import { type CasePrivate, CaseRepository, ProcessRepository, type StoredCase, TenantRepository } from '@civicgrid/db';
import {
  type ActionName,
  applyAction,
  type CaseActor,
  type CaseContext,
  type CaseState,
  ConflictError,
  categoryCodeSchema,
  checkAttributeValues,
  clockDeadline,
  createCase,
  disputeKind,
  entityIdSchema,
  formatRecordNumber,
  gridCodeSchema,
  type NewCase,
  NotFoundError,
  pathFromTenantId,
  pointInPolygon,
  shanghaiDate,
  type TenantPath,
  ValidationError,
} from '@civicgrid/domain';
import type * as z from 'zod';
import type { AppDeps, KnownCase } from '../deps';
import { notifyWork } from '../notifications/work-notices';
import {
  type CategoryRecord,
  CONFIG_CACHE_MS,
  calendarOf,
  categoriesOf,
  departmentsOf,
  gridsOf,
} from '../routes/config';
import { defaultDepartment } from '../routes/routing';
import { quotaGuardOf } from '../usage/quota';
import { noteCreatedReport } from '../usage/reports';
import { citizenNotice } from './citizen-notices';

const MAX_ATTEMPTS = 4;

/** The tenant that acts on a case: its holder after 上报 / 下派, else its owner. */
export function holderOf(owner: TenantPath, state: CaseState): TenantPath {
  return (state.holderPath as TenantPath | undefined) ?? owner;
}

/** `TD-2026-000123`: up to four initials of the slug's words, the year, a six-digit sequence. */
export function formatCaseNumber(slug: string, year: string, seq: number): string {
  return formatRecordNumber(slug, year, seq);
}

/**
 * The incident loop at the edge of the domain: validates references against the tenant's configuration, runs
 * the pure state machine, stores the transition conditionally and hands control back to the workflow.
 */
export class CaseService {
  readonly cases: CaseRepository;

  constructor(private readonly deps: AppDeps) {
    this.cases = new CaseRepository(deps.store, deps.config.cursorSecret);
    this.tenants = new TenantRepository(deps.store);
  }

  private readonly tenants: TenantRepository;

  /**
   * What the state machine needs from the acting tenant (the case's holder): its calendar, its categories' limits
   * per urgency and step, and the levels above and below for 上报 / 下派.
   */
  async context(path: TenantPath): Promise<CaseContext> {
    const [calendar, categories, tenant] = await Promise.all([
      calendarOf(this.deps, path),
      categoriesOf(this.deps).list(path),
      this.tenants.lineage(path, { maxAgeMs: CONFIG_CACHE_MS }).then((l) => l.at(-1)),
    ]);
    const byCode = new Map(categories.filter((c) => c.active !== false).map((c) => [c.code, c]));
    return {
      calendar,
      timeLimitFor: (code, urgency) => {
        const c = byCode.get(code);
        return urgency === 'urgent' ? (c?.urgentTimeLimit ?? c?.timeLimit) : c?.timeLimit;
      },
      stepLimitFor: (code, step) => byCode.get(code)?.stepLimits?.[step],
      requiresVerification: (code) => byCode.get(code)?.requiresVerification === true,
      parentPath: tenant?.parentPath,
      actingPath: path,
    };
  }

  /**
   * Grid from the pin: the grid whose current boundary contains the point (its routing follows); a point in
   * none of a tenant's drawn grids is flagged `outsideGrids` for the centre. A report without a pin keeps the
   * grid it named.
   */
  async placeByPin(path: TenantPath, input: NewCase): Promise<NewCase> {
    if (!input.location) return input;
    const drawn = (await gridsOf(this.deps).list(path)).filter((g) => g.polygon !== undefined);
    const { lng, lat } = input.location;
    const hit = drawn.find((g) => g.polygon && pointInPolygon(lng, lat, g.polygon));
    if (hit) return { ...input, gridCode: hit.code };
    if (drawn.length > 0 && input.gridCode === undefined) return { ...input, outsideGrids: true };
    return input;
  }

  /** The short human number of a new case: the tenant's initials, the China year and a per-year sequence. */
  private async caseNumber(path: TenantPath, now: Date): Promise<string> {
    const year = shanghaiDate(now).slice(0, 4);
    const [tenant] = (await this.tenants.lineage(path, { maxAgeMs: CONFIG_CACHE_MS })).slice(-1);
    const seq = await this.cases.nextNumber(path, year);
    return formatCaseNumber(tenant?.slug ?? 'case', year, seq);
  }

  /** Report a new case and start its workflow execution. A repeated idempotency key returns the first case. */
  async create(
    path: TenantPath,
    input: NewCase,
    actor: CaseActor,
    options: { idempotency?: { scope: string; key: string }; private?: CasePrivate } = {},
  ): Promise<{ state: CaseState; created: boolean }> {
    const category = await this.checkReferences(path, { categoryCode: input.categoryCode, gridCode: input.gridCode });
    if (input.attributes !== undefined && category === undefined) {
      throw new ValidationError('Answers need a category', [
        { path: 'attributes', message: 'attributes are answered for a categoryCode' },
      ]);
    }
    // the category's questions: datatype, required, values (a required one unanswered is a 400 naming it)
    const attributes = category ? checkAttributeValues(category.attributes, input.attributes) : undefined;
    input = { ...input, attributes };
    await quotaGuardOf(this.deps).checkReport(path); // the plan's monthly reports (429 quota_exceeded)
    const now = this.deps.clock();
    const placed = await this.placeByPin(path, input);
    const numbered = { ...placed, number: await this.caseNumber(path, now) };
    const result = createCase(numbered, actor, now);
    const stored = await this.cases.create(path, result, options);
    if (stored.created) noteCreatedReport(this.deps, path, input.source);
    if (stored.created) {
      const { step, escalations, parked } = stored.state;
      const deadline = clockDeadline(stored.state);
      await this.startWorkflow(path, stored.state.id, { step, deadline, escalations, parked: parked !== undefined });
    }
    return stored;
  }

  /** One case, or a 404. */
  async require(path: TenantPath, id: string): Promise<StoredCase> {
    const stored = await this.cases.get(path, id);
    if (!stored) throw new NotFoundError('Case');
    return stored;
  }

  /**
   * Apply an action. With `expectedVersion` the caller insists on the version it saw (stale → 409); without it,
   * a lost race is retried on the fresh case, where the state machine decides again (so 20 identical clicks give
   * one transition and 19 × 409 invalid_step). `read` is the case as the caller has just read it (consistently):
   * the first attempt acts on it instead of reading it again; the transition's version condition keeps it honest.
   */
  async act(
    path: TenantPath,
    id: string,
    action: ActionName,
    body: unknown,
    actor: CaseActor,
    expectedVersion?: number,
    read?: StoredCase,
  ): Promise<CaseState> {
    for (let attempt = 1; ; attempt++) {
      const stored = attempt === 1 && read ? read : await this.require(path, id);
      if (expectedVersion !== undefined && stored.state.version !== expectedVersion) {
        throw new ConflictError('The case was changed by someone else; reload it', 'stale_version');
      }
      // the tenant holding the case (after 上报 / 下派) files, dispatches and configures it
      const holder = holderOf(path, stored.state);
      const effective = await this.withDefaults(holder, stored.state, action, body);
      await this.checkActionReferences(holder, action, effective, { caseId: id, ownerPath: path });
      const result = applyAction(stored.state, action, effective, actor, this.deps.clock(), await this.context(holder));
      try {
        await this.cases.transition(path, stored, result);
      } catch (error) {
        if (error instanceof ConflictError && expectedVersion === undefined && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
      await this.resumeWorkflow(path, stored, result.next);
      await this.notifyCitizen(path, stored, result.next);
      await notifyWork(this.deps, holderOf(path, result.next), result.next, result.events, actor.userId);
      return result.next;
    }
  }

  /** Routing: a dispatch that names no department goes where grid × category routing sends it by default. */
  private async withDefaults(path: TenantPath, state: CaseState, action: ActionName, body: unknown): Promise<unknown> {
    const b = (body ?? {}) as Record<string, unknown>;
    if (action !== 'dispatch' || b.departmentId !== undefined) return body;
    const departmentId = await defaultDepartment(this.deps, path, state);
    return departmentId ? { ...b, departmentId } : body;
  }

  /**
   * Start the case's workflow execution; a failure is logged, and the runtime's resume pass starts it later.
   * `known` is the case as just stored (its first `prepare` then skips reading it back). Synchronous on purpose:
   * once the report is answered its execution exists (StartExecution is durable in Step Functions).
   */
  async startWorkflow(path: TenantPath, caseId: string, known?: KnownCase): Promise<void> {
    try {
      await this.deps.workflow.startCase({ tenantPath: path, caseId, ...(known ? { known } : {}) });
    } catch (error) {
      this.deps.log({ level: 'ERROR', message: 'workflow start failed', caseId, error: (error as Error).message });
    }
  }

  /**
   * Hand control back to the workflow: the waiting task completes and the execution re-reads the case (new step,
   * new deadline). A stale token means the execution already moved on (timeout) and re-reads the case anyway.
   */
  private async resumeWorkflow(path: TenantPath, before: StoredCase, next: CaseState): Promise<void> {
    if (!before.taskToken) return;
    try {
      await this.deps.workflow.completeTask(before.taskToken, { step: next.step, version: next.version });
    } catch (error) {
      this.deps.log({
        level: 'WARN',
        message: 'workflow token not accepted',
        tenantPath: path,
        caseId: next.id,
        error: (error as Error).name,
      });
    }
  }

  private async notifyCitizen(path: TenantPath, before: StoredCase, next: CaseState): Promise<void> {
    const phone = before.private.reporter?.phone;
    if (!phone || before.state.step === next.step || !next.trackingCode) return;
    try {
      // signed by the office that owns the case, linking to its tracking page
      const [owner] = (await this.tenants.lineage(path, { maxAgeMs: CONFIG_CACHE_MS })).slice(-1);
      const sender = { office: owner?.name ?? this.deps.config.platformName, slug: owner?.slug ?? '' };
      const text = citizenNotice(next.step, next.trackingCode, { ...sender, publicUrl: this.deps.config.publicUrl });
      if (!text) return;
      await this.deps.notifier.notify({
        tenantPath: path,
        caseId: next.id,
        kind: `citizen.${next.step}`,
        text,
        to: phone,
      });
    } catch (error) {
      this.deps.log({
        level: 'WARN',
        message: 'citizen notice failed',
        caseId: next.id,
        error: (error as Error).message,
      });
    }
  }

  private async checkActionReferences(
    path: TenantPath,
    action: ActionName,
    body: unknown,
    of?: { caseId: string; ownerPath: TenantPath },
  ) {
    const b = (body ?? {}) as Record<string, unknown>;
    if (action === 'transfer') {
      // 转办 names the dispute file this case became (POST /api/disputes with fromCaseId does both)
      const disputeId = wellFormed(entityIdSchema, b.disputeId);
      const dispute = disputeId
        ? await new ProcessRepository(this.deps.store, disputeKind, this.deps.config).get(
            of?.ownerPath ?? path,
            disputeId,
          )
        : undefined;
      if (!dispute || (dispute.data as { fromCaseId?: string }).fromCaseId !== of?.caseId) {
        throw new ValidationError('No dispute file of this case', [
          { path: 'disputeId', message: 'must name the dispute file converted from this case' },
        ]);
      }
    }
    if (action === 'register') {
      await this.checkReferences(path, {
        categoryCode: wellFormed(categoryCodeSchema, b.categoryCode),
        gridCode: wellFormed(gridCodeSchema, b.gridCode),
      });
    }
    const departmentId = wellFormed(entityIdSchema, b.departmentId);
    if (action === 'dispatch' && departmentId && !(await departmentsOf(this.deps).get(path, departmentId))) {
      throw new ValidationError('No such department', [
        { path: 'departmentId', message: 'must name a department of this tenant' },
      ]);
    }
    if (action === 'dispatch' && Array.isArray(b.assistingDepartmentIds)) {
      for (const [i, dept] of b.assistingDepartmentIds.entries()) {
        const assisting = wellFormed(entityIdSchema, dept);
        if (assisting && !(await departmentsOf(this.deps).get(path, assisting))) {
          throw new ValidationError('No such department', [
            { path: `assistingDepartmentIds.${i}`, message: 'must name a department of this tenant' },
          ]);
        }
      }
    }
    if (action === 'assignDown' && typeof b.tenantId === 'string') await this.checkCommunityBelow(path, b.tenantId);
    const withEvidence = action === 'handle' || action === 'verify' || action === 'rework';
    if (withEvidence && Array.isArray(b.evidence)) await this.checkEvidence(path, b.evidence);
  }

  /** 下派 goes to an active community directly below the acting tenant. */
  private async checkCommunityBelow(path: TenantPath, tenantId: string): Promise<void> {
    const target = pathFromTenantId(tenantId);
    const tenant = target ? await this.tenants.get(target) : undefined;
    if (!tenant || tenant.parentPath !== path || tenant.level !== 'community' || tenant.status !== 'active') {
      throw new ValidationError('No such community', [
        { path: 'tenantId', message: 'must name an active community below your tenant' },
      ]);
    }
  }

  /** Evidence keys must be uploads of this tenant that really arrived. */
  private async checkEvidence(path: TenantPath, keys: unknown[]): Promise<void> {
    for (const [i, key] of keys.entries()) {
      const ok =
        typeof key === 'string' &&
        key.length <= 512 &&
        key.startsWith(path) &&
        (await this.deps.files.objectSize(key)) !== undefined;
      if (!ok)
        throw new ValidationError('Unknown evidence file', [
          { path: `evidence.${i}`, message: 'must be a key returned by the evidence upload, uploaded' },
        ]);
    }
  }

  private async checkReferences(
    path: TenantPath,
    refs: { categoryCode?: string | undefined; gridCode?: string | undefined },
  ): Promise<CategoryRecord | undefined> {
    const category = refs.categoryCode ? await categoriesOf(this.deps).get(path, refs.categoryCode) : undefined;
    // a deactivated category takes no new reports or filings (its old cases keep it)
    if (refs.categoryCode && category?.active === false) {
      throw new ValidationError('Category deactivated', [
        { path: 'categoryCode', message: 'this category is no longer in use' },
      ]);
    }
    if (refs.categoryCode && !category) {
      throw new ValidationError('No such category', [
        { path: 'categoryCode', message: 'must name a category of this tenant' },
      ]);
    }
    if (refs.gridCode && !(await gridsOf(this.deps).get(path, refs.gridCode))) {
      throw new ValidationError('No such grid', [{ path: 'gridCode', message: 'must name a grid of this tenant' }]);
    }
    return category;
  }
}

/**
 * A reference worth looking up: text of the field's own form. A malformed one (a 3,000-character category code,
 * past the store's key limit) is not looked up; the action's body schema then names the field and the rule.
 */
function wellFormed(schema: z.ZodType<string>, value: unknown): string | undefined {
  return typeof value === 'string' && schema.safeParse(value).success ? value : undefined;
}
