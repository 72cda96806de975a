import {
  AccessLog,
  LISTED_UNIQUE,
  listedKey,
  newId,
  type RecordRepository,
  specialProfileRecords,
  TenantRepository,
  UserRepository,
  VisitFrequencyRepository,
} from '@civicgrid/db';
import {
  type Assistance,
  ConflictError,
  can,
  gradeProblem,
  NotFoundError,
  newProfile,
  type ProcessRecord,
  ProcessRuleError,
  type ProfileInput,
  type ProfileUpdate,
  pathFromTenantId,
  type SpecialProfile,
  type SpecialVisitData,
  specialGroups,
  specialVisitKind,
  type TenantPath,
  ValidationError,
  type VisitRecord,
  visitDaysFor,
} from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { gridScoped, type StaffActor } from '../modules/actor';
import { recordId, recordRepository } from '../modules/records';
import { PeopleService } from '../people/service';
import { ProcessService } from '../process/service';

type Visit = ProcessRecord<SpecialVisitData>;

/**
 * Special populations: profiles linked to people, their visit plan on the process engine (one open visit per
 * listed profile, for the responsible worker), visit and assistance records as the profile's history, release,
 * transfer (衔接) to a sibling street through the district, and every profile read in the access log.
 */
export class SpecialService {
  readonly profiles: RecordRepository<SpecialProfile>;
  readonly visits: ProcessService<SpecialVisitData>;
  readonly people: PeopleService;
  readonly accessLog: AccessLog;
  readonly frequencies: VisitFrequencyRepository;

  constructor(private readonly deps: AppDeps) {
    this.profiles = recordRepository(deps, specialProfileRecords);
    this.visits = new ProcessService<SpecialVisitData>(deps, specialVisitKind);
    this.people = new PeopleService(deps);
    this.accessLog = new AccessLog(deps.store, deps.config.cursorSecret);
    this.frequencies = new VisitFrequencyRepository(deps.store);
  }

  /** Grid workers see the profiles of their grids and those they are responsible for; the centre sees all. */
  visible(actor: StaffActor, p: SpecialProfile): boolean {
    if (!gridScoped(actor)) return true;
    return p.responsibleUserId === actor.userId || (!!p.gridCode && (actor.gridCodes ?? []).includes(p.gridCode));
  }

  /** A profile the actor may see, or a 404 (never confirming it exists). */
  async require(path: TenantPath, id: string, actor: StaffActor): Promise<SpecialProfile> {
    const p = await this.profiles.get(path, id);
    if (!p || !this.visible(actor, p)) throw new NotFoundError('Special-population profile');
    return p;
  }

  /** The responsible worker must be a user of the tenant who may keep profiles (400 on the field otherwise). */
  private async worker(path: TenantPath, userId: string, field = 'responsibleUserId') {
    const user = await new UserRepository(this.deps.store).get(path, userId);
    if (user?.status !== 'active' || !can(user.roles, 'special.write')) {
      throw new ValidationError('Unknown worker', [
        { path: field, message: 'must name an active user of this tenant who keeps special-population profiles' },
      ]);
    }
    return user;
  }

  /** A new profile for a person of the tenant and its first due visit (the clock: the grade's frequency). */
  async create(path: TenantPath, tenantId: string, input: ProfileInput, actor: StaffActor): Promise<SpecialProfile> {
    const person = await this.people.repos.people.get(path, input.personId);
    if (!person || !this.people.visible(actor, person)) {
      throw new ValidationError('Unknown person', [{ path: 'personId', message: 'must name a person of this tenant' }]);
    }
    const user = await this.worker(path, input.responsibleUserId);
    const table = await this.frequencies.get(path);
    const now = this.deps.clock();
    const profile = newProfile(input, {
      id: recordId(tenantId, newId(now)),
      now,
      personName: person.name,
      gridCode: person.gridCode,
      responsibleName: user.name,
      table,
    });
    const stored = await this.profiles.create(path, profile, [
      { type: 'listed', at: profile.createdAt, actor: actor.userId, ...(input.note ? { note: input.note } : {}) },
    ]);
    return this.openVisit(path, tenantId, stored, actor);
  }

  /** Open the next due visit of a listed profile (from `from`, default now) and keep its id on the profile. */
  async openVisit(
    path: TenantPath,
    tenantId: string,
    profile: SpecialProfile,
    actor: StaffActor,
    from?: string,
  ): Promise<SpecialProfile> {
    const visit = await this.visits.create(
      path,
      tenantId,
      {
        profileId: profile.id,
        personName: profile.personName,
        group: profile.group,
        riskGrade: profile.riskGrade,
        responsibleUserId: profile.responsibleUserId,
        everyDays: profile.visitEveryDays,
        ...(profile.gridCode ? { gridCode: profile.gridCode } : {}),
        ...(from ? { from } : {}),
      },
      actor,
    );
    return this.profiles.update(path, profile, { ...profile, visitId: visit.id, updatedAt: visit.createdAt });
  }

  /** The profile's open visit, if any. */
  async openVisitOf(path: TenantPath, profile: SpecialProfile): Promise<Visit | undefined> {
    if (!profile.visitId) return undefined;
    const visit = await this.visits.repo.get(path, profile.visitId);
    return visit && visit.finishedAt === undefined ? visit : undefined;
  }

  /**
   * A read of a profile: written to the access log in one transaction with a check that the profile is still the
   * one read — no entry, no profile.
   */
  async logRead(path: TenantPath, profile: SpecialProfile, actor: StaffActor, reason: string) {
    const entry = this.accessLog.entry(
      {
        actorId: actor.userId,
        ...(actor.name ? { actorName: actor.name } : {}),
        actorRoles: actor.roles,
        subjectKind: 'specialProfile',
        subjectId: profile.id,
        subjectLabel: profile.personName,
        fields: ['profile'],
        reason,
        action: 'read',
      },
      this.deps.clock(),
    );
    await this.accessLog.recordRead(path, entry, this.profiles.versionCheck(path, profile.id, profile.version));
    return entry;
  }

  /** A list page of profiles is a read of each: one log entry naming them all. */
  async logList(path: TenantPath, items: SpecialProfile[], actor: StaffActor) {
    if (items.length === 0) return;
    await this.accessLog.record(
      path,
      this.accessLog.entry(
        {
          actorId: actor.userId,
          ...(actor.name ? { actorName: actor.name } : {}),
          actorRoles: actor.roles,
          subjectKind: 'specialProfileList',
          subjectId: 'special-populations',
          fields: items.map((p) => p.id),
          reason: 'list',
          action: 'read',
        },
        this.deps.clock(),
      ),
    );
  }

  /**
   * Change the grade, the worker, the team or the frequency. A raised grade is an alert; the open visit follows
   * (its worker, its period counted from the last visit).
   */
  async update(path: TenantPath, id: string, changes: ProfileUpdate, actor: StaffActor): Promise<SpecialProfile> {
    const before = await this.require(path, id, actor);
    if (before.version !== changes.version) {
      throw new ConflictError('Special-population profile was changed by someone else', 'stale_version');
    }
    if (before.status !== 'listed') throw new ConflictError('The profile is not listed', 'wrong_status');
    if (changes.riskGrade !== undefined) {
      const problem = gradeProblem(before.group, changes.riskGrade);
      if (problem) throw new ValidationError('Bad grade', [{ path: 'riskGrade', message: problem }]);
    }
    const user = changes.responsibleUserId ? await this.worker(path, changes.responsibleUserId) : undefined;
    const now = this.deps.clock().toISOString();
    const grade = changes.riskGrade ?? before.riskGrade;
    const fixed = changes.visitEveryDays !== undefined || before.visitEveryFixed === true;
    const every =
      changes.visitEveryDays ??
      (fixed ? before.visitEveryDays : visitDaysFor(before.group, grade, await this.frequencies.get(path)));
    const raised = grade > before.riskGrade;
    const after: SpecialProfile = {
      ...before,
      riskGrade: grade,
      visitEveryDays: every,
      ...(fixed ? { visitEveryFixed: true } : {}),
      ...(user ? { responsibleUserId: user.id, responsibleName: user.name } : {}),
      ...(changes.team ? { team: changes.team } : {}),
      alerts: raised
        ? [...before.alerts, { type: 'riskRaised', at: now, note: `风险等级 ${before.riskGrade} → ${grade}` }]
        : before.alerts,
      updatedAt: now,
    };
    const stored = await this.profiles.update(path, before, after, [
      {
        type: raised ? 'riskRaised' : 'changed',
        at: now,
        actor: actor.userId,
        fields: Object.keys(changes).filter((k) => k !== 'version'),
        ...(changes.riskGrade !== undefined ? { from: before.riskGrade, to: grade } : {}),
        ...(changes.note ? { note: changes.note } : {}),
      },
    ]);
    const open = await this.openVisitOf(path, stored);
    if (open && (open.data.everyDays !== every || open.data.responsibleUserId !== stored.responsibleUserId || raised)) {
      await this.visits.act(
        path,
        open.id,
        'reassign',
        { responsibleUserId: stored.responsibleUserId, everyDays: every, riskGrade: grade },
        actor,
      );
    }
    return stored;
  }

  /** A visit record: closes the open visit (the engine's `visit`), then `afterVisit` opens the next. */
  async recordVisit(path: TenantPath, id: string, record: VisitRecord, actor: StaffActor) {
    const profile = await this.require(path, id, actor);
    const open = await this.openVisitOf(path, profile);
    if (!open) throw new ConflictError('The profile has no due visit', 'wrong_status');
    const visit = await this.visits.act(path, open.id, 'visit', record, actor);
    const next = await this.afterVisit(path, visit, actor);
    return { visit, profile: next ?? profile };
  }

  /**
   * What a visit made means for its profile (from either route): the visit is in the profile's history, the
   * profile counts it and the next visit is due `visitEveryDays` after it.
   */
  async afterVisit(path: TenantPath, visit: Visit, actor: StaffActor): Promise<SpecialProfile | undefined> {
    if (visit.step !== 'visited' || !visit.data.record) return undefined;
    const profile = await this.profiles.get(path, visit.data.profileId);
    if (!profile || profile.visitId !== visit.id) return profile;
    const r = visit.data.record;
    const after: SpecialProfile = {
      ...profile,
      visits: profile.visits + 1,
      lastVisitAt: r.at,
      updatedAt: visit.updatedAt,
    };
    const { visitId: _v, ...rest } = after;
    const stored = await this.profiles.update(path, profile, rest as SpecialProfile, [
      {
        type: 'visited',
        at: visit.updatedAt,
        actor: actor.userId,
        visitId: visit.id,
        date: r.at,
        place: r.place,
        findings: r.findings,
        onTime: visit.finishedOnTime === true,
        ...(r.photos?.length ? { photos: r.photos } : {}),
      },
    ]);
    if (stored.status !== 'listed') return stored;
    const tenantId = visit.tenantId;
    return this.openVisit(path, tenantId, stored, actor, new Date(Math.max(Date.parse(r.at), 0)).toISOString());
  }

  /** An assistance record (帮扶: living aid, employment, medical, 司法救助 with amounts) in the history. */
  async assist(path: TenantPath, id: string, input: Assistance, actor: StaffActor) {
    const before = await this.require(path, id, actor);
    const now = this.deps.clock().toISOString();
    const after: SpecialProfile = {
      ...before,
      assistance: {
        count: before.assistance.count + 1,
        amount: Math.round((before.assistance.amount + (input.amount ?? 0)) * 100) / 100,
      },
      updatedAt: now,
    };
    return this.profiles.update(path, before, after, [
      {
        type: 'assistance',
        at: now,
        actor: actor.userId,
        kind: input.kind,
        date: input.at,
        note: input.note,
        ...(input.amount !== undefined ? { amount: input.amount } : {}),
      },
    ]);
  }

  /** 解除列管: the profile stays on record, its open visit is withdrawn. */
  async release(path: TenantPath, id: string, input: { on: string; reason: string }, actor: StaffActor) {
    const before = await this.require(path, id, actor);
    if (before.status !== 'listed') throw new ConflictError('The profile is not listed', 'wrong_status');
    await this.cancelOpenVisit(path, before, `解除列管：${input.reason}`, actor);
    const fresh = await this.profiles.require(path, id);
    const now = this.deps.clock().toISOString();
    const { visitId: _v, ...rest } = fresh;
    return this.profiles.update(path, fresh, { ...rest, status: 'released', endDate: input.on, updatedAt: now }, [
      { type: 'released', at: now, actor: actor.userId, date: input.on, reason: input.reason },
    ]);
  }

  private async cancelOpenVisit(path: TenantPath, profile: SpecialProfile, reason: string, actor: StaffActor) {
    const open = await this.openVisitOf(path, profile);
    if (open) await this.visits.act(path, open.id, 'cancel', { reason }, actor);
  }

  /**
   * The sending street asks to hand the profile to a sibling street (衔接): both must be approved streets of one
   * district, which completes the move. 422 naming `toTenantId` otherwise.
   */
  async requestTransfer(
    path: TenantPath,
    id: string,
    input: { toTenantId: string; reason: string },
    actor: StaffActor,
  ) {
    const before = await this.require(path, id, actor);
    if (before.status !== 'listed') throw new ConflictError('The profile is not listed', 'wrong_status');
    const tenants = new TenantRepository(this.deps.store);
    const targetPath = pathFromTenantId(input.toTenantId);
    const [own, target] = await Promise.all([
      tenants.get(path),
      targetPath ? tenants.get(targetPath) : Promise.resolve(undefined),
    ]);
    if (!own?.parentPath || !target || target.path === path || target.parentPath !== own.parentPath) {
      throw new ProcessRuleError('A profile moves to a sibling street of the same district', [
        { path: 'toTenantId', message: 'must name another street of this district' },
      ]);
    }
    if (own.status !== 'active' || target.status !== 'active') {
      throw new ProcessRuleError('Both streets must be approved by the district', [
        { path: 'toTenantId', message: 'the receiving street is not approved by the district' },
      ]);
    }
    const now = this.deps.clock().toISOString();
    const transfer = { toTenantId: target.id, reason: input.reason, requestedAt: now, requestedBy: actor.userId };
    return this.profiles.update(path, before, { ...before, transfer, updatedAt: now }, [
      { type: 'transferRequested', at: now, actor: actor.userId, toTenantId: target.id, reason: input.reason },
    ]);
  }

  /**
   * The district completes a requested transfer: the receiving street gets a new profile with the whole history
   * (the events, visits and assistance) and a due visit; the sending one keeps its profile as `transferred`, its
   * open visit withdrawn. Both profiles and both access logs record the move.
   */
  async completeTransfer(
    fromPath: TenantPath,
    id: string,
    district: { path: TenantPath; actor: StaffActor },
  ): Promise<{ from: SpecialProfile; to: SpecialProfile }> {
    const { actor } = district;
    const before = await this.profiles.require(fromPath, id);
    if (before.status !== 'listed' || !before.transfer) {
      throw new ConflictError('No transfer was requested for this profile', 'wrong_status');
    }
    const targetPath = pathFromTenantId(before.transfer.toTenantId);
    const target = targetPath ? await new TenantRepository(this.deps.store).get(targetPath) : undefined;
    if (!target || target.parentPath !== district.path || target.status !== 'active') {
      throw new ProcessRuleError('The receiving street is not an approved street of this district', [
        { path: 'toTenantId', message: 'not an approved street of this district' },
      ]);
    }
    const toPath = target.path;
    const now = this.deps.clock();
    const at = now.toISOString();
    const history = await this.profiles.history(fromPath, id);
    const fromTenantId = before.id.slice(0, before.id.lastIndexOf('-'));
    const { visitId: _v, transfer: _t, gridCode: _g, responsibleName: _n, ...kept } = before;
    const person = await this.receivingPerson(fromPath, toPath, target.id, before.personId, actor);
    const moved: SpecialProfile = {
      ...kept,
      personId: person.id,
      ...(person.gridCode ? { gridCode: person.gridCode } : {}),
      id: recordId(target.id, newId(now)),
      version: 1,
      createdAt: at,
      updatedAt: at,
      // the receiving street assigns its own worker and grid (PATCH); until then its centre holds the visit
      responsibleUserId: 'unassigned',
      transferredFrom: { tenantId: fromTenantId, profileId: before.id, at },
      alerts: [...before.alerts, { type: 'transferredIn', at, note: `由 ${fromTenantId} 衔接转入` }],
    };
    const carried = history.map((e) => ({ ...e, carriedFrom: before.id }));
    const stored = await this.profiles.create(toPath, moved, [
      ...carried,
      { type: 'transferredIn', at, actor: actor.userId, fromTenantId, fromProfileId: before.id },
    ]);
    await this.cancelOpenVisit(fromPath, before, `衔接转出至 ${target.id}`, actor);
    const fresh = await this.profiles.require(fromPath, id);
    const { visitId: _fv, ...rest } = fresh;
    const from = await this.profiles.update(
      fromPath,
      fresh,
      {
        ...rest,
        status: 'transferred',
        transferredTo: { tenantId: target.id, profileId: stored.id, at },
        updatedAt: at,
      },
      [{ type: 'transferredOut', at, actor: actor.userId, toTenantId: target.id, toProfileId: stored.id }],
    );
    for (const [path, profile] of [
      [fromPath, from],
      [toPath, stored],
    ] as const) {
      await this.accessLog.record(
        path,
        this.accessLog.entry(
          {
            actorId: actor.userId,
            ...(actor.name ? { actorName: actor.name } : {}),
            actorRoles: actor.roles,
            subjectKind: 'specialProfile',
            subjectId: profile.id,
            subjectLabel: profile.personName,
            fields: ['profile', 'history'],
            reason: `衔接 ${before.id} → ${stored.id}`,
            action: 'export',
          },
          now,
        ),
      );
    }
    const to = await this.openVisit(toPath, target.id, stored, actor);
    return { from, to };
  }

  /**
   * The person in the receiving street: the one registered there with the same ID number (one Query of its
   * blind index), else a copy of the sending street's record (the person arrives as floating population).
   */
  private async receivingPerson(
    fromPath: TenantPath,
    toPath: TenantPath,
    toTenantId: string,
    personId: string,
    actor: StaffActor,
  ) {
    const source = await this.people.repos.people.require(fromPath, personId);
    const there = await this.people.byIdNumber(toPath, source.idNumber, 1);
    if (there.items[0]) return there.items[0];
    return this.people.create(
      toPath,
      toTenantId,
      {
        name: source.name,
        idNumber: source.idNumber,
        registration: source.registration === 'resident' ? 'floating' : source.registration,
        ...(source.phone ? { phone: source.phone } : {}),
        tags: source.tags,
      },
      actor,
      newId(this.deps.clock()),
    );
  }

  /** The groups each of these people is listed in (the people search's flag): BatchGets of the listed uniques. */
  async listedGroups(path: TenantPath, personIds: readonly string[]): Promise<Map<string, string[]>> {
    const keys = personIds.flatMap((pid) => specialGroups.map((g) => listedKey(g, pid)));
    const found = await this.profiles.holders(path, LISTED_UNIQUE, keys);
    const out = new Map<string, string[]>();
    for (const pid of personIds) {
      const groups = specialGroups.filter((g) => found.has(listedKey(g, pid)));
      if (groups.length > 0) out.set(pid, groups);
    }
    return out;
  }
}
