import {
  AccessLog,
  buildingRecords,
  FieldCipher,
  householdRecords,
  newId,
  personRecords,
  RecordRepository,
  type TenantRecord,
  TenantRepository,
} from '@civicgrid/db';
import {
  type Building,
  ConflictError,
  type Household,
  type HouseholdInput,
  isIdNumber,
  NotFoundError,
  newPerson,
  type Person,
  type PersonInput,
  type personUpdateSchema,
  type TenantPath,
  ValidationError,
} from '@civicgrid/domain';
import type * as z from 'zod';
import type { AppDeps } from '../deps';
import { gridScoped, type StaffActor } from '../modules/actor';
import { dropUndefined, recordId } from '../modules/records';
import { gridsOf } from '../routes/config';

/** What a people list may be narrowed by (one index serves it; see `list`). */
export interface PeopleQuery {
  q?: string;
  gridCode?: string;
  registration?: string;
  tag?: string;
  buildingId?: string;
  limit: number;
  cursor?: string;
}

/** Tenants whose ID-number index a district lookup queries at once. */
const LOOKUP_PARALLEL = 16;

/** The repositories of the people module, built once per app. */
export function peopleRepositories(deps: AppDeps) {
  const options = { cursorSecret: deps.config.cursorSecret, cipher: new FieldCipher(deps.config.fieldSecret) };
  return {
    people: new RecordRepository<Person>(deps.store, personRecords, options),
    households: new RecordRepository<Household>(deps.store, householdRecords, options),
    buildings: new RecordRepository<Building>(deps.store, buildingRecords, options),
    accessLog: new AccessLog(deps.store, deps.config.cursorSecret),
  };
}

export { recordId };

/** People: creation with the residence's grid, scope by grid for grid workers, reveal, moves, lists. */
export class PeopleService {
  readonly repos: ReturnType<typeof peopleRepositories>;

  constructor(private readonly deps: AppDeps) {
    this.repos = peopleRepositories(deps);
  }

  /** The grid a new or moved person is counted in: the residence building's, else the given grid of the tenant. */
  private async gridFor(
    path: TenantPath,
    input: { residence?: { buildingId: string; roomCode: string }; gridCode?: string },
  ): Promise<string | undefined> {
    if (input.residence) {
      const building = await this.repos.buildings.get(path, input.residence.buildingId);
      if (!building)
        throw new ValidationError('Unknown building', [
          { path: 'residence.buildingId', message: 'must name a building of this tenant' },
        ]);
      if (building.rooms.length > 0 && !building.rooms.some((r) => r.code === input.residence?.roomCode)) {
        throw new ValidationError('Unknown room', [
          { path: 'residence.roomCode', message: 'must name a room of the building' },
        ]);
      }
      return building.gridCode;
    }
    if (input.gridCode && !(await gridsOf(this.deps).get(path, input.gridCode))) {
      throw new ValidationError('Unknown grid', [{ path: 'gridCode', message: 'must name a grid of this tenant' }]);
    }
    return input.gridCode;
  }

  /** A grid worker may only place people in their own grids. */
  private checkWritableGrid(actor: StaffActor, gridCode: string | undefined) {
    if (gridScoped(actor) && (!gridCode || !actor.gridCodes?.includes(gridCode))) {
      throw new ValidationError('Not your grid', [{ path: 'gridCode', message: 'must be one of your grids' }]);
    }
  }

  /** True when the actor may see this person (grid workers: only their grids'). */
  visible(actor: StaffActor, person: Person): boolean {
    return !gridScoped(actor) || (person.gridCode !== undefined && (actor.gridCodes ?? []).includes(person.gridCode));
  }

  /** Store a new person; the same ID number twice in a tenant is a 409 on `idNumber`. */
  async create(path: TenantPath, tenantId: string, input: PersonInput, actor: StaffActor, id: string): Promise<Person> {
    const gridCode = await this.gridFor(path, input);
    this.checkWritableGrid(actor, gridCode);
    const now = this.deps.clock().toISOString();
    const person = newPerson(input, { id: recordId(tenantId, id), now, userId: actor.userId, gridCode });
    const events = [
      {
        type: 'registered',
        at: now,
        actor: actor.userId,
        ...(actor.name ? { actorName: actor.name } : {}),
        ...(person.residence ? { residence: person.residence } : {}),
        ...(person.arrivedAt ? { date: person.arrivedAt } : {}),
      },
    ];
    return this.repos.people.create(path, person, events);
  }

  /**
   * Store many new people at once (an import): each is checked like a single create (grid of the tenant, the
   * actor's grids), then they are written in as few transactions as fit. Returns one outcome per input, in order.
   */
  async createMany(
    path: TenantPath,
    tenantId: string,
    inputs: readonly PersonInput[],
    actor: StaffActor,
  ): Promise<('added' | 'skipped' | { field: string; message: string })[]> {
    const grids = new Set((await gridsOf(this.deps).list(path)).map((g) => g.code));
    const now = this.deps.clock();
    const outcomes: ('added' | 'skipped' | { field: string; message: string })[] = [];
    const entries: { record: Person; events: { type: string; at: string; actor: string }[] }[] = [];
    const indexOf = new Map<string, number>();
    inputs.forEach((input, i) => {
      if (input.residence) {
        outcomes[i] = { field: 'residence', message: 'an import places people by grid, not by room' };
        return;
      }
      if (input.gridCode && !grids.has(input.gridCode)) {
        outcomes[i] = { field: 'gridCode', message: 'must name a grid of this tenant' };
        return;
      }
      if (gridScoped(actor) && (!input.gridCode || !actor.gridCodes?.includes(input.gridCode))) {
        outcomes[i] = { field: 'gridCode', message: 'must be one of your grids' };
        return;
      }
      const person = newPerson(input, {
        id: recordId(tenantId, newId(now)),
        now: now.toISOString(),
        userId: actor.userId,
      });
      indexOf.set(person.id, i);
      entries.push({ record: person, events: [{ type: 'imported', at: person.createdAt, actor: actor.userId }] });
    });
    const { created, taken } = await this.repos.people.createMany(path, entries);
    for (const p of created) outcomes[indexOf.get(p.id) ?? -1] = 'added';
    for (const p of taken) outcomes[indexOf.get(p.id) ?? -1] = 'skipped';
    return outcomes;
  }

  /** A person the actor may see, or a 404. */
  async require(path: TenantPath, id: string, actor: StaffActor): Promise<Person> {
    const person = await this.repos.people.get(path, id);
    if (!person || !this.visible(actor, person)) throw new NotFoundError('Person');
    return person;
  }

  /** The person with an ID number, by its blind index: one Query, whatever the number of people. */
  async byIdNumber(path: TenantPath, idNumber: string, limit: number) {
    const blind = new FieldCipher(this.deps.config.fieldSecret).blindIndex('idNumber', idNumber);
    return this.repos.people.page(path, { index: 'idn', value: blind }, { limit });
  }

  /**
   * The people with one ID number in the caller's tenant and in every approved tenant below it (a district finds
   * the same person registered in two of its streets): the blind index is the same in every tenant, so it is one
   * Query of `<tenantPath>PERSON#IX#idn#<hmac>` per tenant — each reading at most one item (the number is unique
   * per tenant) — plus the one read of the subtree index. Only tenants within the caller's own path are read (the
   * IAM LeadingKeys wall allows nothing else); a tenant below that is not active, or under one that is not, is left
   * out. A grid worker looks in its own tenant only, and sees its grids' people only.
   */
  async lookupIdNumber(
    own: TenantPath,
    idNumber: string,
    actor: StaffActor,
  ): Promise<{ tenantsSearched: number; found: { tenant: TenantRecord | undefined; person: Person }[] }> {
    const tenants = new TenantRepository(this.deps.store);
    const below = gridScoped(actor) ? [] : (await tenants.listSubtree(own)).filter((t) => t.path !== own);
    const byPath = new Map(below.map((t) => [t.path, t]));
    const approved = (t: TenantRecord): boolean => {
      if (t.status !== 'active' || !t.parentPath) return false;
      if (t.parentPath === own) return true;
      const parent = byPath.get(t.parentPath);
      return parent !== undefined && approved(parent);
    };
    const targets: { path: TenantPath; tenant?: TenantRecord }[] = [
      { path: own },
      ...below.filter(approved).map((t) => ({ path: t.path, tenant: t })),
    ];
    const found: { tenant: TenantRecord | undefined; person: Person }[] = [];
    // a bounded number of Queries in flight (a district may have a few hundred streets and communities)
    for (let i = 0; i < targets.length; i += LOOKUP_PARALLEL) {
      const batch = targets.slice(i, i + LOOKUP_PARALLEL);
      const pages = await Promise.all(batch.map((t) => this.byIdNumber(t.path, idNumber, 1)));
      pages.forEach((page, j) => {
        for (const person of page.items) {
          if (this.visible(actor, person)) found.push({ tenant: batch[j]?.tenant, person });
        }
      });
    }
    return { tenantsSearched: targets.length, found };
  }

  /**
   * One page of people. Exactly one list serves a query, picked in this order: `q` (an ID number → its blind
   * index; a mobile number → the phone index; else a name prefix within `gridCode` or the whole tenant), grid,
   * tag, registration, building, all. Further filters narrow that page (a page may then be short; the cursor goes on).
   */
  async list(path: TenantPath, query: PeopleQuery, actor: StaffActor) {
    const cipher = new FieldCipher(this.deps.config.fieldSecret);
    let gridCode = query.gridCode;
    if (gridScoped(actor)) {
      const own = actor.gridCodes ?? [];
      if (gridCode && !own.includes(gridCode)) return { items: [] as Person[] };
      gridCode ??= own[0];
      if (!gridCode) return { items: [] as Person[] };
    }
    const q = query.q?.trim();
    const list = (() => {
      if (q && isIdNumber(q)) return { index: 'idn', value: cipher.blindIndex('idNumber', q) };
      if (q && /^1[3-9]\d{9}$/.test(q)) return { index: 'phone', value: cipher.blindIndex('phone', q) };
      if (q)
        return gridCode ? { index: 'grid', value: gridCode, prefix: q } : { index: 'all', value: 'all', prefix: q };
      if (gridCode) return { index: 'grid', value: gridCode };
      if (query.tag) return { index: 'tag', value: query.tag };
      if (query.registration) return { index: 'reg', value: query.registration };
      if (query.buildingId) return { index: 'bldg', value: query.buildingId };
      return { index: 'all', value: 'all' };
    })();
    const page = await this.repos.people.page(path, list, { limit: query.limit, cursor: query.cursor });
    const items = page.items.filter(
      (p) =>
        this.visible(actor, p) &&
        (!gridCode || p.gridCode === gridCode) &&
        (!query.tag || p.tags.includes(query.tag)) &&
        (!query.registration || p.registration === query.registration) &&
        (!query.buildingId || p.residence?.buildingId === query.buildingId),
    );
    return { items, cursor: page.cursor };
  }

  /** Change ordinary fields (conditional on the version the caller read). */
  async update(path: TenantPath, id: string, changes: z.infer<typeof personUpdateSchema>, actor: StaffActor) {
    const before = await this.require(path, id, actor);
    if (before.version !== changes.version) return this.stale();
    const { version: _v, ...fields } = changes;
    const after: Person = { ...before, ...dropUndefined(fields), updatedAt: this.deps.clock().toISOString() };
    if (fields.tags) after.tags = [...new Set(fields.tags)];
    return this.repos.people.update(path, before, after, [
      { type: 'changed', at: after.updatedAt, actor: actor.userId, fields: Object.keys(dropUndefined(fields)) },
    ]);
  }

  /** Move into a room: the person is present again, counted in the building's grid from now. */
  async moveIn(
    path: TenantPath,
    id: string,
    input: { residence: { buildingId: string; roomCode: string }; at: string; note?: string; version?: number },
    actor: StaffActor,
  ) {
    const before = await this.require(path, id, actor);
    if (input.version !== undefined && before.version !== input.version) return this.stale();
    const gridCode = await this.gridFor(path, { residence: input.residence });
    this.checkWritableGrid(actor, gridCode);
    const { leftAt: _left, ...rest } = before;
    const after: Person = {
      ...rest,
      residence: input.residence,
      ...(gridCode ? { gridCode } : {}),
      status: 'present',
      arrivedAt: input.at,
      updatedAt: this.deps.clock().toISOString(),
    };
    return this.repos.people.update(path, before, after, [
      {
        type: 'moved_in',
        at: after.updatedAt,
        actor: actor.userId,
        date: input.at,
        residence: input.residence,
        ...(input.note ? { note: input.note } : {}),
      },
    ]);
  }

  /** Move out of the area: kept on record with its history, no longer counted as living here. */
  async moveOut(
    path: TenantPath,
    id: string,
    input: { at: string; note?: string; version?: number },
    actor: StaffActor,
  ) {
    const before = await this.require(path, id, actor);
    if (input.version !== undefined && before.version !== input.version) return this.stale();
    if (before.status === 'left')
      throw new ValidationError('Already moved out', [{ path: 'at', message: 'the person has already moved out' }]);
    const after: Person = { ...before, status: 'left', leftAt: input.at, updatedAt: this.deps.clock().toISOString() };
    return this.repos.people.update(path, before, after, [
      {
        type: 'moved_out',
        at: after.updatedAt,
        actor: actor.userId,
        date: input.at,
        ...(before.residence ? { residence: before.residence } : {}),
        ...(input.note ? { note: input.note } : {}),
      },
    ]);
  }

  /**
   * The clear ID number and phone, recorded in the access log in the same transaction as a check that the record
   * is still the one read: no log entry, no clear values.
   */
  async reveal(path: TenantPath, id: string, reason: string, actor: StaffActor) {
    const person = await this.require(path, id, actor);
    const fields = ['idNumber', ...(person.phone ? ['phone'] : [])];
    const entry = this.repos.accessLog.entry(
      {
        actorId: actor.userId,
        ...(actor.name ? { actorName: actor.name } : {}),
        actorRoles: actor.roles,
        subjectKind: 'person',
        subjectId: person.id,
        subjectLabel: person.name,
        fields,
        reason,
        action: 'reveal',
      },
      this.deps.clock(),
    );
    await this.repos.accessLog.recordRead(path, entry, this.repos.people.versionCheck(path, person.id, person.version));
    return { person, entry };
  }

  /** A household in a room of a building of the tenant; its members must be people of the tenant. */
  async createHousehold(path: TenantPath, tenantId: string, input: HouseholdInput, actor: StaffActor, id: string) {
    const gridCode = await this.gridFor(path, {
      residence: { buildingId: input.buildingId, roomCode: input.roomCode },
    });
    this.checkWritableGrid(actor, gridCode);
    const members = [...(input.members ?? [])];
    if (input.headPersonId && !members.some((m) => m.personId === input.headPersonId)) {
      members.unshift({ personId: input.headPersonId, relation: 'head' });
    }
    const found = await Promise.all(members.map((m) => this.repos.people.get(path, m.personId)));
    const unknown = found.flatMap((p, i) =>
      p ? [] : [{ path: `members.${i}.personId`, message: 'must name a person of this tenant' }],
    );
    if (unknown.length > 0) throw new ValidationError('Unknown members', unknown);
    const now = this.deps.clock().toISOString();
    const household: Household = {
      id: recordId(tenantId, id),
      buildingId: input.buildingId,
      roomCode: input.roomCode,
      ...(input.headPersonId ? { headPersonId: input.headPersonId } : {}),
      members,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    return this.repos.households.create(path, household, [{ type: 'created', at: now, actor: actor.userId }]);
  }

  private stale(): never {
    throw new ConflictError('Person was changed by someone else', 'stale_version');
  }
}
