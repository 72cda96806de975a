import { type CaseLinkKind, cameraRecords, caseLinkPage, newId, thingRecords, UserRepository } from '@civicgrid/db';
import {
  type Camera,
  type CameraInput,
  type CaseState,
  type cameraUpdateSchema,
  parseThingCode,
  type TenantPath,
  type Thing,
  type ThingInput,
  type thingUpdateSchema,
  ValidationError,
} from '@civicgrid/domain';
import type * as z from 'zod';
import { CaseService } from '../cases/case-service';
import type { AppDeps } from '../deps';
import type { StaffActor } from '../modules/actor';
import { changeRecord, placeInGrid, recordId, recordRepository } from '../modules/records';
import { categoriesOf, departmentsOf } from '../routes/config';

/** What a list of things or cameras may be narrowed by. */
export interface PlacedQuery {
  q?: string;
  gridCode?: string;
  categoryCode?: string;
  limit: number;
  cursor?: string;
}

/** The repositories of the things module. */
export function thingRepositories(deps: AppDeps) {
  return {
    things: recordRepository<Thing>(deps, thingRecords),
    cameras: recordRepository<Camera>(deps, cameraRecords),
  };
}

/** The department that maintains a 部件 (routing sends the thing's cases there), or undefined. */
export async function thingMaintainer(deps: AppDeps, path: TenantPath, thingId: string): Promise<string | undefined> {
  return (await thingRepositories(deps).things.get(path, thingId))?.maintainerDepartmentId;
}

/** 部件 and camera points (物): placed in a grid by their point, unique codes, the cases that reference them. */
export class ThingService {
  readonly things;
  readonly cameras;

  constructor(private readonly deps: AppDeps) {
    const repos = thingRepositories(deps);
    this.things = repos.things;
    this.cameras = repos.cameras;
  }

  private async checkDepartment(path: TenantPath, departmentId: string | undefined): Promise<void> {
    if (departmentId && !(await departmentsOf(this.deps).get(path, departmentId))) {
      throw new ValidationError('Unknown department', [
        { path: 'maintainerDepartmentId', message: 'must name a department of this tenant' },
      ]);
    }
  }

  /** Store a new 部件 (its class from its code); the same code twice in a tenant is a 409 on `code`. */
  async createThing(path: TenantPath, tenantId: string, input: ThingInput, actor: StaffActor): Promise<Thing> {
    const gridCode = await placeInGrid(this.deps, path, actor, input);
    await this.checkDepartment(path, input.maintainerDepartmentId);
    const parsed = parseThingCode(input.code);
    if (!parsed) throw new ValidationError('Bad code', [{ path: 'code', message: 'not a 部件 object code' }]);
    const now = this.deps.clock();
    const at = now.toISOString();
    const thing: Thing = {
      id: recordId(tenantId, newId(now)),
      code: input.code,
      categoryCode: parsed.thingClass.categoryCode,
      className: parsed.thingClass.name,
      majorName: parsed.thingClass.majorName,
      name: input.name ?? parsed.thingClass.name,
      location: input.location,
      gridCode,
      ...(input.address ? { address: input.address } : {}),
      owner: input.owner,
      ...(input.maintainerDepartmentId ? { maintainerDepartmentId: input.maintainerDepartmentId } : {}),
      status: input.status ?? 'normal',
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    return this.things.create(path, thing, [{ type: 'registered', at, actor: actor.userId }]);
  }

  /** Store a new camera point; the same device id twice in a tenant is a 409 on `deviceId`. */
  async createCamera(path: TenantPath, tenantId: string, input: CameraInput, actor: StaffActor): Promise<Camera> {
    const gridCode = await placeInGrid(this.deps, path, actor, input);
    const now = this.deps.clock();
    const at = now.toISOString();
    const camera: Camera = {
      id: recordId(tenantId, newId(now)),
      deviceId: input.deviceId,
      name: input.name,
      location: input.location,
      gridCode,
      ...(input.address ? { address: input.address } : {}),
      owner: input.owner,
      status: input.status ?? 'online',
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    return this.cameras.create(path, camera, [{ type: 'registered', at, actor: actor.userId }]);
  }

  /** One page of 部件: a code prefix (`q`) within the grid, the class or the tenant. */
  async listThings(path: TenantPath, query: PlacedQuery) {
    const prefix = query.q?.trim() || undefined;
    const list = query.gridCode
      ? { index: 'grid', value: query.gridCode, prefix }
      : query.categoryCode
        ? { index: 'class', value: query.categoryCode, prefix }
        : { index: 'all', value: 'all', prefix };
    const page = await this.things.page(path, list, { limit: query.limit, cursor: query.cursor });
    const items = page.items.filter((t) => !query.categoryCode || t.categoryCode === query.categoryCode);
    return { items, cursor: page.cursor };
  }

  /** One page of cameras: a device id (exact), else a name prefix within the grid or the tenant. */
  async listCameras(path: TenantPath, query: PlacedQuery) {
    const q = query.q?.trim() || undefined;
    const list =
      q && /^\d{20}$/.test(q)
        ? { index: 'dev', value: q }
        : query.gridCode
          ? { index: 'grid', value: query.gridCode, prefix: q }
          : { index: 'all', value: 'all', prefix: q };
    const page = await this.cameras.page(path, list, { limit: query.limit, cursor: query.cursor });
    return { items: page.items.filter((c) => !query.gridCode || c.gridCode === query.gridCode), cursor: page.cursor };
  }

  /** Change a 部件 (conditional on the version read). */
  async updateThing(path: TenantPath, id: string, changes: z.infer<typeof thingUpdateSchema>, actor: StaffActor) {
    await this.checkDepartment(path, changes.maintainerDepartmentId);
    return changeRecord(this.deps, this.things, 'Thing', { path, id, actor }, changes);
  }

  /** Change a camera point (conditional on the version read). */
  async updateCamera(path: TenantPath, id: string, changes: z.infer<typeof cameraUpdateSchema>, actor: StaffActor) {
    return changeRecord(this.deps, this.cameras, 'Camera', { path, id, actor }, changes);
  }

  /**
   * The cases that reference a thing or camera, newest first: one Query of the case-link index and one read per
   * case of the page. A department user sees its own department's cases only.
   */
  async cases(
    path: TenantPath,
    link: { kind: CaseLinkKind; id: string },
    actor: StaffActor & { userId: string },
    options: { limit: number; cursor?: string },
  ): Promise<{ items: CaseState[]; cursor?: string }> {
    const page = await caseLinkPage(this.deps.store, this.deps.config.cursorSecret, path, link, options);
    const cases = new CaseService(this.deps).cases;
    const found = await Promise.all(page.caseIds.map((id) => cases.get(path, id)));
    let items = found.flatMap((s) => (s ? [s.state] : []));
    const departmentOnly =
      actor.roles.includes('department') &&
      !actor.roles.some((r) => r === 'tenant_admin' || r === 'dispatcher' || r === 'leader');
    if (departmentOnly) {
      const user = await new UserRepository(this.deps.store).get(path, actor.userId);
      items = items.filter((s) => s.departmentId !== undefined && s.departmentId === user?.departmentId);
    }
    return { items, cursor: page.cursor };
  }

  /**
   * What a new case's references add to it: the camera and thing must be the tenant's (400 naming the field); the
   * snapshot must be an upload of that camera that arrived; the case's point, grid and address default to the
   * thing's or camera's, and its category to the thing's class when the tenant has that category.
   */
  async caseReferences(
    path: TenantPath,
    input: {
      cameraId?: string;
      thingId?: string;
      snapshot?: string;
      categoryCode?: string;
      gridCode?: string;
      location?: { lat: number; lng: number };
      address?: string;
    },
  ) {
    const [camera, thing] = await Promise.all([
      input.cameraId ? this.cameras.get(path, input.cameraId) : undefined,
      input.thingId ? this.things.get(path, input.thingId) : undefined,
    ]);
    if (input.cameraId && !camera) {
      throw new ValidationError('Unknown camera', [{ path: 'cameraId', message: 'must name a camera of this tenant' }]);
    }
    if (input.thingId && !thing) {
      throw new ValidationError('Unknown thing', [{ path: 'thingId', message: 'must name a 部件 of this tenant' }]);
    }
    if (input.snapshot) {
      const ok =
        input.snapshot.startsWith(`${path}cameras/${input.cameraId}/`) &&
        (await this.deps.files.objectSize(input.snapshot)) !== undefined;
      if (!ok) {
        throw new ValidationError('Unknown snapshot', [
          { path: 'snapshot', message: 'must be a key returned by the camera’s snapshot upload, uploaded' },
        ]);
      }
    }
    const placed = thing ?? camera;
    const thingCategory =
      !input.categoryCode && thing && (await categoriesOf(this.deps).get(path, thing.categoryCode))
        ? thing.categoryCode
        : undefined;
    return {
      ...(input.location || !placed ? {} : { location: placed.location }),
      ...(input.gridCode || !placed ? {} : { gridCode: placed.gridCode }),
      ...(input.address || !placed?.address ? {} : { address: placed.address }),
      ...(thingCategory ? { categoryCode: thingCategory } : {}),
      photos: input.snapshot ? [input.snapshot] : [],
    };
  }
}
