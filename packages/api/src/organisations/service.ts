import { employmentRecords, newId, organisationRecords } from '@civicgrid/db';
import {
  type Employment,
  NotFoundError,
  type Organisation,
  type OrganisationInput,
  organisationStageProblem,
  type organisationUpdateSchema,
  type Person,
  type TenantPath,
  ValidationError,
} from '@civicgrid/domain';
import type * as z from 'zod';
import type { AppDeps } from '../deps';
import { gridScoped, type StaffActor } from '../modules/actor';
import { changeRecord, placeInGrid, recordId, recordRepository } from '../modules/records';
import { PeopleService } from '../people/service';
import { gridsOf } from '../routes/config';

/** What an organisation list may be narrowed by (one index serves it). */
export interface OrganisationQuery {
  q?: string;
  gridCode?: string;
  kind?: string;
  limit: number;
  cursor?: string;
}

type Outcome = 'added' | 'skipped' | { field: string; message: string };

/** Organisations (组织) and their employees: references to people checked, grid scope for writes. */
export class OrganisationService {
  readonly organisations;
  readonly employments;
  private readonly people: PeopleService;

  constructor(private readonly deps: AppDeps) {
    this.organisations = recordRepository<Organisation>(deps, organisationRecords);
    this.employments = recordRepository<Employment>(deps, employmentRecords);
    this.people = new PeopleService(deps);
  }

  /** The people an organisation names must be people of the tenant (400 naming the field otherwise). */
  private async checkPeople(
    path: TenantPath,
    refs: { legalRepresentativeId?: string; contacts?: { personId: string }[] },
  ): Promise<void> {
    const wanted = [
      ...(refs.legalRepresentativeId ? [{ path: 'legalRepresentativeId', id: refs.legalRepresentativeId }] : []),
      ...(refs.contacts ?? []).map((c, i) => ({ path: `contacts.${i}.personId`, id: c.personId })),
    ];
    const found = await Promise.all(wanted.map((w) => this.people.repos.people.get(path, w.id)));
    const missing = wanted.filter((_, i) => !found[i]);
    if (missing.length > 0) {
      throw new ValidationError(
        'Unknown people',
        missing.map((m) => ({ path: m.path, message: 'must name a person of this tenant' })),
      );
    }
  }

  private newOrganisation(input: OrganisationInput, id: string, gridCode: string, now: string): Organisation {
    return {
      id,
      name: input.name,
      creditCode: input.creditCode,
      kind: input.kind,
      address: input.address,
      gridCode,
      ...(input.location ? { location: input.location } : {}),
      ...(input.legalRepresentativeId ? { legalRepresentativeId: input.legalRepresentativeId } : {}),
      contacts: input.contacts ?? [],
      status: input.status ?? 'active',
      ...(input.stage ? { stage: input.stage } : {}),
      ...(input.rating ? { rating: input.rating } : {}),
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** Store a new organisation; the same credit code twice in a tenant is a 409 on `creditCode`. */
  async create(path: TenantPath, tenantId: string, input: OrganisationInput, actor: StaffActor): Promise<Organisation> {
    const gridCode = await placeInGrid(this.deps, path, actor, input);
    await this.checkPeople(path, input);
    const now = this.deps.clock();
    const org = this.newOrganisation(input, recordId(tenantId, newId(now)), gridCode, now.toISOString());
    return this.organisations.create(path, org, [{ type: 'registered', at: org.createdAt, actor: actor.userId }]);
  }

  /**
   * Store many new organisations (an import): each checked like one create (a grid of the tenant, the actor's
   * grids), written in as few transactions as fit. One outcome per input, in order.
   */
  async createMany(
    path: TenantPath,
    tenantId: string,
    inputs: readonly OrganisationInput[],
    actor: StaffActor,
  ): Promise<Outcome[]> {
    const grids = new Set((await gridsOf(this.deps).list(path)).map((g) => g.code));
    const now = this.deps.clock();
    const outcomes: Outcome[] = [];
    const entries: { record: Organisation; events: { type: string; at: string; actor: string }[] }[] = [];
    const indexOf = new Map<string, number>();
    inputs.forEach((input, i) => {
      if (!input.gridCode || !grids.has(input.gridCode)) {
        outcomes[i] = { field: 'gridCode', message: 'must name a grid of this tenant' };
        return;
      }
      if (gridScoped(actor) && !actor.gridCodes?.includes(input.gridCode)) {
        outcomes[i] = { field: 'gridCode', message: 'must be one of your grids' };
        return;
      }
      const org = this.newOrganisation(input, recordId(tenantId, newId(now)), input.gridCode, now.toISOString());
      indexOf.set(org.id, i);
      entries.push({ record: org, events: [{ type: 'imported', at: org.createdAt, actor: actor.userId }] });
    });
    const { created, taken } = await this.organisations.createMany(path, entries);
    for (const o of created) outcomes[indexOf.get(o.id) ?? -1] = 'added';
    for (const o of taken) outcomes[indexOf.get(o.id) ?? -1] = 'skipped';
    return outcomes;
  }

  /** One page of organisations: a credit code → its lookup; else a name prefix in the grid / kind / tenant. */
  async list(path: TenantPath, query: OrganisationQuery) {
    const q = query.q?.trim();
    const list = (() => {
      if (q && /^[0-9A-Z]{18}$/i.test(q)) return { index: 'code', value: q.toUpperCase() };
      if (query.gridCode) return { index: 'grid', value: query.gridCode, prefix: q };
      if (query.kind) return { index: 'kind', value: query.kind, prefix: q };
      return { index: 'all', value: 'all', prefix: q };
    })();
    const page = await this.organisations.page(path, list, { limit: query.limit, cursor: query.cursor });
    const items = page.items.filter(
      (o) => (!query.gridCode || o.gridCode === query.gridCode) && (!query.kind || o.kind === query.kind),
    );
    return { items, cursor: page.cursor };
  }

  /** Change an organisation (conditional on the version read); counters follow its status and stage. */
  async update(
    path: TenantPath,
    id: string,
    changes: z.infer<typeof organisationUpdateSchema>,
    actor: StaffActor,
  ): Promise<Organisation> {
    await this.checkPeople(path, changes);
    return changeRecord(this.deps, this.organisations, 'Organisation', { path, id, actor }, changes, (after) => {
      if (after.stage !== 'rated') delete after.rating;
      const problem = organisationStageProblem(after);
      if (problem) throw new ValidationError('Bad stage', [{ path: 'stage', message: problem }]);
    });
  }

  /** Link a person of the tenant to an organisation as an employee (twice is a 409 on `personId`). */
  async addEmployee(
    path: TenantPath,
    tenantId: string,
    org: Organisation,
    input: { personId: string; position?: string; since?: string },
    actor: StaffActor,
  ): Promise<Employment> {
    if (gridScoped(actor) && !actor.gridCodes?.includes(org.gridCode)) throw new NotFoundError('Organisation');
    const person: Person | undefined = await this.people.repos.people.get(path, input.personId);
    if (!person) {
      throw new ValidationError('Unknown person', [{ path: 'personId', message: 'must name a person of this tenant' }]);
    }
    const now = this.deps.clock();
    const at = now.toISOString();
    const employment: Employment = {
      id: recordId(tenantId, newId(now)),
      organisationId: org.id,
      organisationName: org.name,
      personId: person.id,
      personName: person.name,
      ...(input.position ? { position: input.position } : {}),
      ...(input.since ? { since: input.since } : {}),
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    return this.employments.create(path, employment, [{ type: 'created', at, actor: actor.userId }]);
  }
}
