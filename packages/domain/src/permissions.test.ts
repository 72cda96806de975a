import { describe, expect, it } from 'vitest';
import { type Action, actions, can, permissionTable, rolesGranting } from './permissions';
import { isRole, type Role, roleSchema, roles, tenantRoleSchema } from './roles';

/** Who may do each case action, written out independently of the table. */
const caseSpec: Record<string, Role[]> = {
  'case.create': ['tenant_admin', 'dispatcher', 'grid_worker'],
  'case.read': ['tenant_admin', 'dispatcher', 'grid_worker', 'department', 'leader'],
  'case.register': ['tenant_admin', 'dispatcher'],
  'case.reject': ['tenant_admin', 'dispatcher'],
  'case.dispatch': ['tenant_admin', 'dispatcher'],
  'case.return': ['tenant_admin', 'department'],
  'case.handle': ['tenant_admin', 'department'],
  'case.extend.request': ['tenant_admin', 'department'],
  'case.extend.approve': ['tenant_admin', 'leader'],
  'case.park': ['tenant_admin', 'department'],
  'case.verify': ['tenant_admin', 'grid_worker'],
  'case.rework': ['tenant_admin', 'grid_worker'],
  'case.close': ['tenant_admin', 'dispatcher'],
  'case.review': ['tenant_admin', 'dispatcher'],
  'case.supervise': ['tenant_admin', 'leader'],
  'case.answer': ['tenant_admin', 'dispatcher', 'department'],
  'case.followUp': ['tenant_admin', 'dispatcher'],
  'case.escalate': ['tenant_admin', 'dispatcher'],
  'case.assignDown': ['tenant_admin', 'dispatcher'],
  'case.evidence': ['tenant_admin', 'dispatcher', 'grid_worker', 'department'],
  'stats.read': ['tenant_admin', 'dispatcher', 'leader'],
  'admin.tenants': ['platform_admin'],
  'admin.usage': ['platform_admin'],
  'admin.calendar': ['platform_admin'],
  'user.manage': ['tenant_admin'],
  'category.manage': ['tenant_admin'],
  'calendar.manage': ['tenant_admin'],
  'apiKey.manage': ['tenant_admin'],
  'webhook.manage': ['tenant_admin'],
  'tenant.approve': ['tenant_admin'],
  'tenant.createChild': ['tenant_admin'],
  'organisation.read': ['tenant_admin', 'dispatcher', 'grid_worker', 'leader'],
  'organisation.write': ['tenant_admin', 'grid_worker'],
  'thing.read': ['tenant_admin', 'dispatcher', 'grid_worker', 'department', 'leader'],
  'thing.write': ['tenant_admin', 'grid_worker'],
  // special populations: the centre and the responsible grid workers; leaders the aggregates; departments nothing
  'special.read': ['tenant_admin', 'dispatcher', 'grid_worker'],
  'special.write': ['tenant_admin', 'dispatcher', 'grid_worker'],
  'special.stats': ['tenant_admin', 'dispatcher', 'leader'],
};

describe('can', () => {
  const rows = roles.flatMap((role) => Object.keys(caseSpec).map((action) => ({ role, action: action as Action })));
  it.each(rows)('$role → $action', ({ role, action }) => {
    expect(can([role], action)).toBe(caseSpec[action]?.includes(role));
  });

  it('unions the grants of several roles', () => {
    expect(can(['department', 'leader'], 'case.extend.approve')).toBe(true);
    expect(can(['department', 'leader'], 'case.register')).toBe(false);
  });

  it('grants nothing to no role or to unknown roles', () => {
    for (const action of actions) {
      expect(can([], action)).toBe(false);
      expect(can(['root', 'admin'], action)).toBe(false);
    }
  });
});

describe('permissionTable', () => {
  it('grants every action to some role', () => {
    for (const action of actions) expect(roles.some((r) => permissionTable[r].includes(action))).toBe(true);
  });

  it('lists no action twice for a role and only known actions', () => {
    for (const role of roles) {
      const list = permissionTable[role];
      expect(new Set(list).size).toBe(list.length);
      for (const action of list) expect(actions).toContain(action);
    }
  });

  it('gives the tenant admin everything every staff role has', () => {
    for (const role of ['dispatcher', 'grid_worker', 'department', 'leader'] as const) {
      for (const action of permissionTable[role]) expect(permissionTable.tenant_admin).toContain(action);
    }
  });

  it('keeps the platform operator away from cases and people (PIPL least privilege)', () => {
    const forbidden = permissionTable.platform_admin.filter((a) => a.startsWith('case.') || a.startsWith('user.'));
    expect(forbidden).toEqual([]);
  });
});

describe('rolesGranting', () => {
  it('returns only the caller roles that grant the action', () => {
    expect(rolesGranting(['department', 'leader', 'bogus'], 'case.extend.approve')).toEqual(['leader']);
  });
});

describe('roles', () => {
  it('recognises roles', () => {
    expect(isRole('dispatcher')).toBe(true);
    expect(isRole('citizen')).toBe(false);
    expect(isRole(3)).toBe(false);
    expect(roleSchema.safeParse('platform_admin').success).toBe(true);
    expect(tenantRoleSchema.safeParse('platform_admin').success).toBe(false);
  });
});

describe('the base database (PIPL)', () => {
  it('lets only the admin, leaders and grid workers reveal; the centre reads masked records', () => {
    const revealers = roles.filter((r) => can([r], 'people.reveal'));
    expect(revealers.sort()).toEqual(['grid_worker', 'leader', 'tenant_admin']);
    expect(can(['dispatcher'], 'people.read')).toBe(true);
    expect(can(['dispatcher'], 'people.reveal')).toBe(false);
  });
  it('shows the access log to the admin and leaders only', () => {
    expect(roles.filter((r) => can([r], 'accessLog.read')).sort()).toEqual(['leader', 'tenant_admin']);
  });
});
