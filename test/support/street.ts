import type { createTestPlatform } from './platform';

type Platform = Awaited<ReturnType<typeof createTestPlatform>>;

/** A street with one department, a category, two grids and one user per role, all logged in. */
export async function setUpStreet(
  p: Platform,
  slug: string,
  options: { limit?: { value: number; unit: 'workingHours' | 'workingDays' } } = {},
) {
  const admin = await p.signup(slug, 'street');
  const t = admin.token;
  const dept = (await p.call('POST', '/api/departments', { name: '城市管理局' }, t)).body;
  const otherDept = (await p.call('POST', '/api/departments', { name: '物业办' }, t)).body;
  const gridCode = '120116001001001';
  const grid2 = '120116001001002';
  for (const code of [gridCode, grid2]) {
    const res = await p.call('POST', '/api/grids', { code, name: `Grid ${code}` }, t);
    if (res.status !== 201) throw new Error(`grid: ${JSON.stringify(res.body)}`);
  }
  const category = await p.call(
    'POST',
    '/api/categories',
    {
      code: 'garbage',
      name: '暴露垃圾',
      departmentId: dept.id,
      timeLimit: options.limit ?? { value: 5, unit: 'workingDays' },
    },
    t,
  );
  if (category.status !== 201) throw new Error(`category: ${JSON.stringify(category.body)}`);
  const users: Record<string, string> = {};
  const people: Record<string, { roles: string[]; departmentId?: string; gridCodes?: string[] }> = {
    dispatcher: { roles: ['dispatcher'] },
    department: { roles: ['department'], departmentId: dept.id },
    otherDepartment: { roles: ['department'], departmentId: otherDept.id },
    grid: { roles: ['grid_worker'], gridCodes: [gridCode, grid2] },
    leader: { roles: ['leader'] },
  };
  for (const [name, spec] of Object.entries(people)) {
    const email = `${name.toLowerCase()}@${slug}.test`;
    const res = await p.call('POST', '/api/users', { name, email, password: 'role-password-1', ...spec }, t);
    if (res.status !== 201) throw new Error(`user ${name}: ${JSON.stringify(res.body)}`);
    users[name] = await p.login(email, 'role-password-1');
  }
  return {
    admin,
    tenantId: admin.tenant.id as string,
    path: admin.tenant.path as string,
    dept,
    otherDept,
    gridCode,
    tokens: { admin: t, ...users } as Record<
      'admin' | 'dispatcher' | 'department' | 'otherDepartment' | 'grid' | 'leader',
      string
    >,
  };
}
