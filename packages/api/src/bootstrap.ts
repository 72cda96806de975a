import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { backfillCaseListIndex, keys, newId, TenantRepository, UserRepository } from '@civicgrid/db';
import { type TenantPath, tenantPath } from '@civicgrid/domain';
import { hashPassword } from './auth/password';
import { PLATFORM_PATH } from './auth/tokens';
import type { AppDeps } from './deps';
import { seedStreetOrganisations } from './organisations/demo-seed';
import { seedStreetBaseData } from './people/demo-seed';
import { seedStreetGovernance } from './process/demo-seed';
import { seedStreetStability } from './process/demo-seed-stability';
import { categoriesOf, departmentsOf, gridsOf } from './routes/config';
import { seedStreetSpecial } from './special/demo-seed';
import { seedStreetThings } from './things/demo-seed';

export interface BootstrapOptions {
  adminEmail?: string;
  adminPassword?: string;
  demo: boolean;
}

export interface BootstrapResult {
  admin: { email: string; password?: string; created: boolean };
  demo?: { seeded: boolean; logins: { role: string; email: string; password: string }[]; slugs: string[] };
}

/** Demo password of every seeded account (documented in the README; the demo is for trying the product). */
export const DEMO_PASSWORD = 'civicgrid-demo-2026';

/** Create the platform admin (first start) and the demo district (first start, unless disabled). */
export async function bootstrapPlatform(deps: AppDeps, options: BootstrapOptions): Promise<BootstrapResult> {
  const admin = await ensurePlatformAdmin(deps, options.adminEmail, options.adminPassword);
  await backfillListViews(deps);
  const demo = options.demo ? await seedDemo(deps) : undefined;
  return { admin, demo };
}

async function ensurePlatformAdmin(deps: AppDeps, email = 'admin@civicgrid.local', password?: string) {
  const users = new UserRepository(deps.store);
  if (await users.getByEmail(email)) return { email, created: false };
  const chosen = password ?? randomBytes(12).toString('base64url');
  const now = deps.clock();
  await users.create({
    id: newId(now),
    tenantPath: PLATFORM_PATH,
    tenantId: 'platform',
    name: '平台管理员',
    email: email.toLowerCase(),
    roles: ['platform_admin'],
    status: 'active',
    passwordHash: await hashPassword(chosen),
    failedLogins: 0,
    createdAt: now.toISOString(),
    version: 1,
  });
  return { email, password: password ? undefined : chosen, created: true };
}

const DEMO_MARKER = { PK: '_platform/SEQ', SK: 'demo-seeded' };
/** Set once the stored cases have the list-index views of this version (the own list's and the queue's). */
const LIST_VIEWS_MARKER = { PK: '_platform/SEQ', SK: 'case-list-views-2026-12' };

/** Data of an older version gets the list-index views this one reads (once; a fresh store has nothing to do). */
async function backfillListViews(deps: AppDeps): Promise<void> {
  const { tableName } = deps.store;
  if ((await deps.store.doc.send(new GetCommand({ TableName: tableName, Key: LIST_VIEWS_MARKER }))).Item) return;
  for (const tenant of await new TenantRepository(deps.store).listAll()) {
    await backfillCaseListIndex(deps.store, tenant.path);
  }
  await deps.store.doc.send(
    new PutCommand({ TableName: tableName, Item: { ...LIST_VIEWS_MARKER, at: deps.clock().toISOString() } }),
  );
}

const DEPARTMENTS = ['城市管理局', '生态环境局', '物业办', '公安派出所', '司法所'];
const CATEGORIES = [
  {
    code: 'garbage',
    name: '暴露垃圾',
    dept: 0,
    timeLimit: { value: 4, unit: 'workingHours' as const },
  },
  { code: 'road-dirty', name: '道路不洁', dept: 0, timeLimit: { value: 2, unit: 'workingHours' as const } },
  {
    code: 'manhole',
    name: '井盖缺失',
    dept: 0,
    timeLimit: { value: 1, unit: 'workingDays' as const },
    // asked on the citizen form, the staff form and in Open311 (service definition attributes)
    attributes: [
      {
        code: 'coverType',
        datatype: 'singlevaluelist' as const,
        required: true,
        description: '井盖类型',
        values: [
          { key: 'rain', name: '雨水井' },
          { key: 'sewage', name: '污水井' },
          { key: 'power', name: '电力井' },
          { key: 'telecom', name: '通信井' },
          { key: 'gas', name: '燃气井' },
        ],
      },
      { code: 'count', datatype: 'number' as const, required: false, description: '缺失或破损数量（个）' },
    ],
  },
  { code: 'pollution', name: '环境污染', dept: 1, timeLimit: { value: 3, unit: 'workingDays' as const } },
  {
    code: 'property',
    name: '物业纠纷',
    dept: 2,
    timeLimit: { value: 5, unit: 'workingDays' as const },
  },
  {
    code: 'public-order',
    name: '治安隐患',
    dept: 3,
    timeLimit: { value: 1, unit: 'workingDays' as const },
  },
  {
    code: 'neighbour',
    name: '邻里纠纷',
    dept: 4,
    timeLimit: { value: 10, unit: 'workingDays' as const },
  },
  {
    code: 'illegal-build',
    name: '违法建设',
    dept: 0,
    timeLimit: { value: 15, unit: 'workingDays' as const },
  },
];

/** Seed the demo district (滨海新区) with two streets, communities, grids, departments, categories and one user per role. */
async function seedDemo(deps: AppDeps) {
  const marker = await deps.store.doc.send(new GetCommand({ TableName: deps.store.tableName, Key: DEMO_MARKER }));
  const logins = demoLogins();
  if (marker.Item) return { seeded: false, logins, slugs: ['binhai', 'taida', 'xingang'] };
  const tenants = new TenantRepository(deps.store);
  const users = new UserRepository(deps.store);
  const now = deps.clock();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const user = (
    path: TenantPath,
    email: string,
    name: string,
    roles: string[],
    extra: { departmentId?: string; gridCodes?: string[] } = {},
  ) =>
    users.create({
      id: newId(now),
      tenantPath: path,
      tenantId: path.slice(0, -1).split('/').join('.'),
      name,
      email,
      roles,
      status: 'active',
      passwordHash,
      failedLogins: 0,
      createdAt: now.toISOString(),
      version: 1,
      ...extra,
    });

  const district = await tenants.create({ name: '滨海新区', slug: 'binhai', level: 'district', status: 'active' }, now);
  await user(district.path, 'district.admin@binhai.demo', '区管理员', ['tenant_admin', 'leader']);
  for (const [i, street] of [
    { name: '泰达街道', slug: 'taida', prefix: 'taida' },
    { name: '新港街道', slug: 'xingang', prefix: 'xingang' },
  ].entries()) {
    const t = await tenants.create(
      {
        name: street.name,
        slug: street.slug,
        level: 'street',
        parentPath: district.path,
        status: 'active',
        plan: 'standard',
      },
      now,
    );
    const path = tenantPath(t.path);
    const depts = [];
    for (const name of DEPARTMENTS) {
      const d = { id: newId(now), name, version: 1, createdAt: now.toISOString() };
      depts.push(await departmentsOf(deps).create(path, d.id, d));
    }
    const gridCodes: string[] = [];
    const gridCentres: { code: string; lat: number; lng: number }[] = [];
    for (let c = 1; c <= 2; c++) {
      await tenants.create(
        {
          name: `${street.name}第${c}社区`,
          slug: `${street.slug}-c${c}`,
          level: 'community',
          parentPath: path,
          status: 'active',
        },
        now,
      );
      for (let g = 1; g <= 2; g++) {
        const code = `120116${String(i + 1).padStart(3, '0')}${String(c).padStart(3, '0')}${String(g).padStart(3, '0')}`;
        gridCodes.push(code);
        const lng = 117.7 + i * 0.05 + c * 0.01 + g * 0.004;
        const lat = 39.02 + c * 0.008 + g * 0.003;
        gridCentres.push({ code, lat: lat + 0.0015, lng: lng + 0.002 });
        const polygon = {
          type: 'Polygon' as const,
          coordinates: [
            [
              [lng, lat],
              [lng + 0.004, lat],
              [lng + 0.004, lat + 0.003],
              [lng, lat + 0.003],
              [lng, lat],
            ],
          ],
        };
        await gridsOf(deps).create(
          path,
          code,
          {
            code,
            name: `第${c}社区 ${g}号网格`,
            polygon,
            version: 1,
            createdAt: now.toISOString(),
          } as never,
          'code',
        );
      }
    }
    for (const cat of CATEGORIES) {
      const dept = depts[cat.dept];
      if (!dept) continue;
      await categoriesOf(deps).create(
        path,
        cat.code,
        {
          code: cat.code,
          name: cat.name,
          departmentId: dept.id,
          timeLimit: cat.timeLimit,
          ...('attributes' in cat ? { attributes: cat.attributes } : {}),
          version: 1,
          createdAt: now.toISOString(),
        } as never,
        'code',
      );
    }
    const p = street.prefix;
    await user(path, `admin@${p}.demo`, '街道管理员', ['tenant_admin']);
    await user(path, `dispatcher@${p}.demo`, '综治中心', ['dispatcher']);
    await user(path, `grid@${p}.demo`, '网格员', ['grid_worker'], { gridCodes });
    await user(path, `dept@${p}.demo`, '城管局', ['department'], { departmentId: depts[0]?.id });
    await user(path, `leader@${p}.demo`, '街道领导', ['leader']);
    await seedStreetBaseData(deps, { path, tenantId: t.id, index: i, grids: gridCentres });
    await seedStreetOrganisations(deps, { path, tenantId: t.id, index: i, grids: gridCentres });
    await seedStreetThings(deps, { path, tenantId: t.id, index: i, grids: gridCentres, maintainerId: depts[0]?.id });
    await seedStreetGovernance(deps, { path, tenantId: t.id, gridCodes: gridCentres.map((g) => g.code) });
    await seedStreetStability(deps, { path, tenantId: t.id, gridCodes: gridCentres.map((g) => g.code) });
    await seedStreetSpecial(deps, { path, tenantId: t.id, workerEmail: `grid@${p}.demo` });
  }
  await deps.store.doc.send(
    new PutCommand({ TableName: deps.store.tableName, Item: { ...DEMO_MARKER, at: now.toISOString() } }),
  );
  return { seeded: true, logins, slugs: ['binhai', 'taida', 'xingang'] };
}

function demoLogins() {
  const roles = ['admin', 'dispatcher', 'grid', 'dept', 'leader'];
  return [
    { role: 'district tenant_admin+leader', email: 'district.admin@binhai.demo', password: DEMO_PASSWORD },
    ...roles.map((r) => ({ role: r, email: `${r}@taida.demo`, password: DEMO_PASSWORD })),
  ];
}

export { keys };
