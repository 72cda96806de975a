import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  counterUpdate,
  counterWrites,
  householdRecords,
  newId,
  organisationRecords,
  patrolRecords,
  personRecords,
  proposalRecords,
  queryAll,
  type RecordBase,
  type RecordDefinition,
  type TransactItem,
  UserRepository,
  visitRecords,
} from '@civicgrid/db';
import {
  ConflictError,
  type CounterIncrement,
  type FieldProposal,
  fieldTaskKind,
  foldTrace,
  gridOfPoint,
  NotFoundError,
  type Patrol,
  type PatrolPointsInput,
  type Polygon,
  patrolDurationSeconds,
  shanghaiDate,
  type TenantPath,
  ValidationError,
  type Visit,
  type VisitInput,
} from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { gridScoped, type StaffActor } from '../modules/actor';
import { recordId, recordRepository } from '../modules/records';
import { ProcessService } from '../process/service';
import { gridsOf } from '../routes/config';

/** The repositories of field work. */
export function fieldRepositories(deps: AppDeps) {
  return {
    patrols: recordRepository<Patrol>(deps, patrolRecords),
    visits: recordRepository<Visit>(deps, visitRecords),
    proposals: recordRepository<FieldProposal>(deps, proposalRecords),
  };
}

/** The KPI counter items of field increments (day items and month roll-ups), for the change's transaction. */
function counterItems(deps: AppDeps, path: TenantPath, increments: CounterIncrement[]): TransactItem[] {
  return counterWrites(path, increments).map((w) => ({ Update: counterUpdate(deps.store.tableName, w) }));
}

const MAX_LINKS = 500;

/** The unique value of a worker's Idempotency-Key (the key base64url-encoded: no `#` in a key segment). */
export function idemValue(userId: string, key: string): string {
  return `${userId}.${Buffer.from(key).toString('base64url')}`;
}

/** Patrols (巡查) and visits (走访) of grid workers, and the review queue of base-data changes proposed on visits. */
export class FieldService {
  readonly patrols;
  readonly visits;
  readonly proposals;

  constructor(private readonly deps: AppDeps) {
    const repos = fieldRepositories(deps);
    this.patrols = repos.patrols;
    this.visits = repos.visits;
    this.proposals = repos.proposals;
  }

  private grids(path: TenantPath) {
    return gridsOf(this.deps).list(path) as Promise<{ code: string; polygon?: Polygon }[]>;
  }

  private tracePK(path: TenantPath, id: string) {
    return `${path}PATROL#${id}#TRACE`;
  }

  /** A patrol of the caller (another worker's patrol is a 404 to a grid worker). */
  async patrolOf(path: TenantPath, id: string, actor: StaffActor, write = false): Promise<Patrol> {
    const patrol = await this.patrols.require(path, id);
    if ((write || gridScoped(actor)) && patrol.userId !== actor.userId) throw new NotFoundError('Patrol');
    return patrol;
  }

  /** Start a patrol; one open patrol per worker at a time (409 `patrol_open` names it). */
  async startPatrol(path: TenantPath, tenantId: string, actor: StaffActor, at?: { lat: number; lng: number }) {
    const open = await this.patrols.page(path, { index: 'open', value: actor.userId }, { limit: 1 });
    if (open.items[0]) {
      throw new ConflictError('You have a patrol open; end it first', 'patrol_open', [
        { path: 'patrolId', message: open.items[0].id },
      ]);
    }
    const now = this.deps.clock();
    const iso = now.toISOString();
    const patrol: Patrol = {
      id: recordId(tenantId, newId(now)),
      userId: actor.userId,
      ...(actor.name ? { userName: actor.name } : {}),
      status: 'open',
      startedAt: iso,
      gridSeconds: {},
      distanceMeters: 0,
      pointCount: 0,
      batches: 0,
      ...(at ? { lastPoint: { ...at, at: iso }, pointCount: 1 } : {}),
      caseIds: [],
      visitIds: [],
      version: 1,
      createdAt: iso,
      updatedAt: iso,
    };
    return this.patrols.create(path, patrol, [{ type: 'started', at: iso, actor: actor.userId }]);
  }

  /**
   * Fold one numbered batch of the trace into the patrol, the batch kept as an item in the same transaction
   * (conditional: a batch number applied once). The same batch again answers the patrol as it is (`duplicate`).
   */
  async addPoints(path: TenantPath, id: string, input: PatrolPointsInput, actor: StaffActor) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const patrol = await this.patrolOf(path, id, actor, true);
      if (await this.hasBatch(path, id, input.seq)) return { patrol, duplicate: true, ignored: 0 };
      if (patrol.status !== 'open') throw new ConflictError('The patrol has ended', 'patrol_ended');
      const folded = foldTrace(patrol, input.points, await this.grids(path));
      const { ignored, ...totals } = folded;
      const next: Patrol = {
        ...patrol,
        ...totals,
        batches: patrol.batches + 1,
        updatedAt: this.deps.clock().toISOString(),
      };
      const batch: TransactItem = {
        Put: {
          TableName: this.deps.store.tableName,
          Item: { PK: this.tracePK(path, id), SK: String(input.seq).padStart(6, '0'), points: input.points },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      };
      try {
        return { patrol: await this.patrols.update(path, patrol, next, [], [batch]), duplicate: false, ignored };
      } catch (error) {
        // a concurrent copy of the same batch (or another batch) won: read again
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    throw new ConflictError('The patrol is being changed; try again', 'stale_version');
  }

  private async hasBatch(path: TenantPath, id: string, seq: number): Promise<boolean> {
    const res = await this.deps.store.doc.send(
      new GetCommand({
        TableName: this.deps.store.tableName,
        Key: { PK: this.tracePK(path, id), SK: String(seq).padStart(6, '0') },
        ProjectionExpression: 'PK',
      }),
    );
    return res.Item !== undefined;
  }

  /** The whole trace of one patrol, batch by batch (bounded by what one patrol posted: at most ~1 day). */
  async trace(path: TenantPath, id: string): Promise<{ lat: number; lng: number; at: string }[]> {
    const items = await queryAll(this.deps.store, {
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': this.tracePK(path, id) },
    });
    return items
      .flatMap((i) => (i.points as { lat: number; lng: number; at: string }[]) ?? [])
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }

  /** End the patrol: 巡查时长 counts for the worker on the start day, in the same transaction. Ending twice is a 200. */
  async endPatrol(path: TenantPath, id: string, actor: StaffActor, note?: string): Promise<Patrol> {
    const patrol = await this.patrolOf(path, id, actor, true);
    if (patrol.status === 'ended') return patrol;
    const at = this.deps.clock().toISOString();
    const next: Patrol = { ...patrol, status: 'ended', endedAt: at, updatedAt: at, ...(note ? { note } : {}) };
    const seconds = patrolDurationSeconds(next);
    const day = shanghaiDate(new Date(patrol.startedAt));
    const dims = { userId: patrol.userId };
    const counters = counterItems(this.deps, path, [
      { name: 'patrols', by: 1, day, dimensions: dims },
      { name: 'patrolSeconds', by: seconds, day, dimensions: dims },
    ]);
    return this.patrols.update(path, patrol, next, [{ type: 'ended', at, actor: actor.userId }], counters);
  }

  /** Note a case or a visit made during the patrol (the worker's own open or ended patrol). */
  async linkToPatrol(
    path: TenantPath,
    patrolId: string,
    actor: StaffActor,
    link: { caseId?: string; visitId?: string },
  ) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const patrol = await this.patrolOf(path, patrolId, actor, true);
      const caseIds = link.caseId ? [...new Set([...patrol.caseIds, link.caseId])] : patrol.caseIds;
      const visitIds = link.visitId ? [...new Set([...patrol.visitIds, link.visitId])] : patrol.visitIds;
      if (caseIds.length + visitIds.length > MAX_LINKS) return patrol;
      if (caseIds.length === patrol.caseIds.length && visitIds.length === patrol.visitIds.length) return patrol;
      try {
        return await this.patrols.update(path, patrol, { ...patrol, caseIds, visitIds });
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    throw new ConflictError('The patrol is being changed; try again', 'stale_version');
  }

  /** 400 on `patrolId` unless it names the caller's patrol. */
  async checkPatrol(path: TenantPath, patrolId: string | undefined, actor: StaffActor): Promise<void> {
    if (!patrolId) return;
    const patrol = await this.patrols.get(path, patrolId);
    if (!patrol || patrol.userId !== actor.userId) {
      throw new ValidationError('Unknown patrol', [{ path: 'patrolId', message: 'must name one of your patrols' }]);
    }
  }

  /**
   * Record a visit; proposed base-data changes go to the review queue (never straight into the record); 走访数
   * counts for the worker on the visit's day, in the same transaction. A repeated Idempotency-Key of the same
   * worker answers the first visit (`created: false`).
   */
  async createVisit(
    path: TenantPath,
    tenantId: string,
    input: VisitInput,
    actor: StaffActor,
    idempotencyKey?: string,
  ): Promise<{ visit: Visit; created: boolean }> {
    if (idempotencyKey) {
      const first = await this.visitByKey(path, actor.userId, idempotencyKey);
      if (first) return { visit: first, created: false };
    }
    await this.checkPatrol(path, input.patrolId, actor);
    await this.checkTarget(path, input.target);
    await this.checkPhotos(path, input.photos ?? []);
    const task = input.taskId ? await this.taskFor(path, input.taskId, actor) : undefined;
    const now = this.deps.clock();
    const at = now.toISOString();
    const visitedAt = input.visitedAt ? new Date(input.visitedAt).toISOString() : at;
    if (Date.parse(visitedAt) > now.getTime() + 5 * 60_000) {
      throw new ValidationError('Visit in the future', [{ path: 'visitedAt', message: 'must not be in the future' }]);
    }
    const gridCode = input.location ? gridOfPoint(input.location, await this.grids(path)) : undefined;
    const id = recordId(tenantId, newId(now));
    const proposals: FieldProposal[] = (input.proposals ?? []).map((p, i) => ({
      id: recordId(tenantId, `${newId(now)}${i}`),
      visitId: id,
      target: {
        kind: input.target.kind,
        id: input.target.id as string,
        ...(input.target.label ? { label: input.target.label } : {}),
      },
      field: p.field,
      value: p.value,
      ...(p.reason ? { reason: p.reason } : {}),
      status: 'pending',
      proposedBy: actor.userId,
      ...(actor.name ? { proposedByName: actor.name } : {}),
      version: 1,
      createdAt: at,
      updatedAt: at,
    }));
    const visit: Visit = {
      id,
      userId: actor.userId,
      ...(actor.name ? { userName: actor.name } : {}),
      target: input.target,
      purpose: input.purpose,
      note: input.note,
      ...(input.findings ? { findings: input.findings } : {}),
      followUp: input.followUp ?? false,
      photos: input.photos ?? [],
      ...(input.location ? { location: input.location } : {}),
      ...(gridCode && gridCode !== 'outside' ? { gridCode } : {}),
      visitedAt,
      ...(input.patrolId ? { patrolId: input.patrolId } : {}),
      ...(input.taskId ? { taskId: input.taskId } : {}),
      proposalIds: proposals.map((p) => p.id),
      ...(idempotencyKey ? { idempotencyKey: idemValue(actor.userId, idempotencyKey) } : {}),
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    const counters = counterItems(this.deps, path, [
      {
        name: 'visits',
        by: 1,
        day: shanghaiDate(new Date(visitedAt)),
        dimensions: { userId: actor.userId, ...(visit.gridCode ? { gridCode: visit.gridCode } : {}) },
      },
    ]);
    const proposalItems = proposals.flatMap((p) => this.proposalItems(path, p));
    try {
      await this.visits.create(
        path,
        visit,
        [{ type: 'visited', at, actor: actor.userId }],
        [...counters, ...proposalItems],
      );
    } catch (error) {
      // the same key raced in twice: the first one stored answers
      if (error instanceof ConflictError && idempotencyKey) {
        const first = await this.visitByKey(path, actor.userId, idempotencyKey);
        if (first) return { visit: first, created: false };
      }
      throw error;
    }
    if (input.patrolId) await this.linkToPatrol(path, input.patrolId, actor, { visitId: id });
    if (task && input.target.id) await this.progressTask(path, task, input.target.id, id, actor);
    return { visit, created: true };
  }

  /** The items of a new proposal (record, lists, tally), written in the visit's transaction. */
  private proposalItems(path: TenantPath, p: FieldProposal): TransactItem[] {
    return this.proposals.bulkItems(path, p).map((Item) => ({ Put: { TableName: this.deps.store.tableName, Item } }));
  }

  private async visitByKey(path: TenantPath, userId: string, key: string): Promise<Visit | undefined> {
    const value = idemValue(userId, key);
    const id = (await this.visits.holders(path, 'idem', [value])).get(value);
    return id ? this.visits.get(path, id) : undefined;
  }

  /** A visit's target record exists in the tenant (400 on `target.id`). */
  private async checkTarget(path: TenantPath, target: VisitInput['target']): Promise<void> {
    if (!target.id) return;
    const definition =
      target.kind === 'person' ? personRecords : target.kind === 'household' ? householdRecords : organisationRecords;
    const found = await recordRepository(this.deps, definition as RecordDefinition<RecordBase>).get(path, target.id);
    if (!found) {
      throw new ValidationError('Unknown target', [
        { path: 'target.id', message: `must name a ${target.kind} of this tenant` },
      ]);
    }
  }

  /** Photo keys must be field uploads of this tenant that really arrived. */
  async checkPhotos(path: TenantPath, keys: readonly string[]): Promise<void> {
    for (const [i, key] of keys.entries()) {
      const ok = key.startsWith(`${path}field/`) && (await this.deps.files.objectSize(key)) !== undefined;
      if (!ok) {
        throw new ValidationError('Unknown photo', [
          { path: `photos.${i}`, message: 'must be a key returned by the photo upload, uploaded' },
        ]);
      }
    }
  }

  private async taskFor(path: TenantPath, taskId: string, actor: StaffActor) {
    const tasks = new ProcessService(this.deps, fieldTaskKind);
    const task = await tasks.repo.get(path, taskId);
    const data = task?.data as { assigneeId?: string } | undefined;
    if (!task || (gridScoped(actor) && data?.assigneeId !== actor.userId)) {
      throw new ValidationError('Unknown task', [{ path: 'taskId', message: 'must name one of your tasks' }]);
    }
    return task;
  }

  /** A visit made for a task marks its subject done (the task's `progress` action, on the trail). */
  private async progressTask(
    path: TenantPath,
    task: { id: string; step: string; data: unknown },
    subjectId: string,
    visitId: string,
    actor: StaffActor,
  ): Promise<void> {
    const data = task.data as { subjects: { id: string }[] };
    if (task.step !== 'assigned' || !data.subjects.some((s) => s.id === subjectId)) return;
    await new ProcessService(this.deps, fieldTaskKind).act(path, task.id, 'progress', { subjectId, visitId }, actor);
  }

  /** Decide a proposal (the review queue): accepted or rejected, with who and when; stale → 409. */
  async decide(
    path: TenantPath,
    id: string,
    body: { decision: 'accept' | 'reject'; note?: string | undefined; version: number },
    actor: StaffActor,
  ): Promise<FieldProposal> {
    const before = await this.proposals.require(path, id);
    if (before.version !== body.version)
      throw new ConflictError('Proposal was changed by someone else', 'stale_version');
    if (before.status !== 'pending') throw new ConflictError('The proposal is decided already', 'already_decided');
    const at = this.deps.clock().toISOString();
    const after: FieldProposal = {
      ...before,
      status: body.decision === 'accept' ? 'accepted' : 'rejected',
      decidedBy: actor.userId,
      decidedAt: at,
      ...(body.note ? { decisionNote: body.note } : {}),
      updatedAt: at,
    };
    return this.proposals.update(path, before, after, [
      { type: body.decision === 'accept' ? 'accepted' : 'rejected', at, actor: actor.userId },
    ]);
  }

  /** The grid workers holding each of these grids (spreading a task). */
  async workersOf(path: TenantPath, gridCodes: readonly string[]): Promise<Map<string, string>> {
    const users = await new UserRepository(this.deps.store).list(path);
    const out = new Map<string, string>();
    for (const code of gridCodes) {
      const worker = users.find(
        (u) => u.roles.includes('grid_worker') && u.status !== 'inactive' && (u.gridCodes ?? []).includes(code),
      );
      if (worker) out.set(code, worker.id);
    }
    return out;
  }
}
