import type { Role } from './roles';

/** Everything a caller can be allowed to do; route metadata and the case state machine both ask `can`. */
export const actions = [
  'tenant.read',
  'tenant.createChild',
  'tenant.approve',
  'tenant.settings',
  'user.manage',
  'user.read',
  'department.manage',
  'department.read',
  'grid.manage',
  'grid.read',
  'category.manage',
  'category.read',
  'calendar.manage',
  'apiKey.manage',
  'webhook.manage',
  'case.create',
  'case.read',
  'case.register',
  'case.reject',
  'case.transfer',
  'case.dispatch',
  'case.return',
  'case.handle',
  'case.extend.request',
  'case.extend.approve',
  'case.park',
  'case.verify',
  'case.rework',
  'case.close',
  'case.review',
  'case.supervise',
  'case.answer',
  'case.followUp',
  'case.escalate',
  'case.assignDown',
  'case.evidence',
  'stats.read',
  'kpi.configure',
  'people.read',
  'people.write',
  'people.reveal',
  'places.read',
  'places.write',
  'organisation.read',
  'organisation.write',
  'thing.read',
  'thing.write',
  'accessLog.read',
  'data.import',
  'data.export',
  'dispute.create',
  'dispute.read',
  'dispute.handle',
  'dispute.mediate',
  'petition.create',
  'petition.read',
  'petition.handle',
  'petition.extend',
  'petition.reply',
  'petition.review',
  'assessment.create',
  'assessment.read',
  'assessment.handle',
  'assessment.decide',
  'warning.create',
  'warning.read',
  'warning.handle',
  'warning.emergency',
  'legal.create',
  'legal.read',
  'legal.handle',
  'legal.route',
  'process.configure',
  'special.read',
  'special.write',
  'special.stats',
  'patrol.write',
  'patrol.read',
  'visit.write',
  'visit.read',
  'proposal.review',
  'task.assign',
  'task.read',
  'task.work',
  'usage.read',
  'admin.tenants',
  'admin.usage',
  'admin.calendar',
] as const;

/** One of `actions`. */
export type Action = (typeof actions)[number];

const config: Action[] = [
  'tenant.createChild',
  'tenant.approve',
  'tenant.settings',
  'user.manage',
  'department.manage',
  'grid.manage',
  'category.manage',
  'calendar.manage',
  'apiKey.manage',
  'webhook.manage',
  'kpi.configure',
  'process.configure',
  'usage.read',
];
const readConfig: Action[] = ['tenant.read', 'user.read', 'department.read', 'grid.read', 'category.read'];
/** Every step of the incident loop and its dashboard: what a tenant admin may stand in for. */
// the citizen's own rating is no staff action: staff record a 回访 (case.followUp) instead
const wholeLoop: Action[] = actions.filter((a) => a.startsWith('case.') || a === 'stats.read');
/** The base database of people, places, organisations and things (PIPL: reveal and the access log are separate). */
const baseData: Action[] = [
  'people.read',
  'people.write',
  'people.reveal',
  'places.read',
  'places.write',
  'organisation.read',
  'organisation.write',
  'thing.read',
  'thing.write',
  'accessLog.read',
  'data.import',
  'data.export',
];

/**
 * Special populations (特殊人群): their own permissions, granted apart from the base database. `special.read` /
 * `special.write` see and keep the profiles (a role without them gets 404 on every route and sees no flag on
 * anyone); `special.stats` sees the aggregates only (KPIs, the density per grid with small counts hidden).
 */
const special: Action[] = ['special.read', 'special.write', 'special.stats'];

/**
 * Governance files (矛盾纠纷, 信访, 稳评, 预警, 12348 and 法律援助): the centre runs them; the tenant admin may stand in
 * for anyone.
 */
const governance: Action[] = actions.filter((a) =>
  ['dispute.', 'petition.', 'assessment.', 'warning.', 'legal.'].some((prefix) => a.startsWith(prefix)),
);

/** Field work of grid workers (巡查, 走访, 任务) and the review of base-data changes proposed from the field. */
const fieldWork: Action[] = actions.filter(
  (a) => a.startsWith('patrol.') || a.startsWith('visit.') || a.startsWith('task.') || a === 'proposal.review',
);

/**
 * THE role × action table (least privilege, PIPL): the platform operator sees usage but no case or person;
 * the centre files, rejects, dispatches, reviews, closes, follows up (回访) and moves cases up or down a level;
 * departments handle, return, park and ask for extensions; grid workers report and verify on site; leaders approve
 * extensions, supervise (督办) and read dashboards; whoever holds a supervised case answers it; the citizen alone rates
 * on the form (staff record 回访 instead); the tenant admin configures the tenant and may stand in for anyone in its own
 * loop. In the base database the centre reads masked records, grid workers keep their grids' people and may reveal
 * them on a visit, leaders read and reveal, and only the tenant admin and leaders read the access log.
 */
export const permissionTable: Readonly<Record<Role, readonly Action[]>> = {
  platform_admin: ['admin.tenants', 'admin.usage', 'admin.calendar', 'usage.read'],
  tenant_admin: [...readConfig, ...config, ...wholeLoop, ...baseData, ...governance, ...special, ...fieldWork],
  dispatcher: [
    ...readConfig,
    'case.create',
    'case.read',
    'case.register',
    'case.reject',
    'case.transfer',
    'case.dispatch',
    'case.close',
    'case.review',
    'case.answer',
    'case.followUp',
    'case.escalate',
    'case.assignDown',
    'case.evidence',
    'stats.read',
    // the centre looks people up (masked) but may not reveal them; its exports are masked too
    'people.read',
    'places.read',
    // organisations, 部件 and camera points: the centre reads them (a video case names its camera)
    'organisation.read',
    'thing.read',
    'data.export',
    // the centre (综治中心) receives disputes and petitions, mediates and replies
    // …runs 稳评 (the decision is the decision body's: leaders), early warnings (leaders also start emergency mode),
    // the 12348 line and legal aid
    ...governance.filter((a) => a !== 'petition.extend' && a !== 'petition.review' && a !== 'assessment.decide'),
    // the centre keeps the special-population profiles and receives their missed visits
    ...special,
    // the centre assigns tasks, watches patrols and visits, reviews base-data changes proposed from the field
    'patrol.read',
    'visit.read',
    'proposal.review',
    'task.assign',
    'task.read',
    'task.work',
  ],
  grid_worker: [
    'tenant.read',
    // a grid worker verifying on site needs to see which department handled the case
    'department.read',
    'grid.read',
    'category.read',
    'case.create',
    'case.read',
    'case.verify',
    'case.rework',
    'case.evidence',
    // people and buildings of their own grids only (the people service narrows the scope)
    'people.read',
    'people.write',
    'people.reveal',
    'places.read',
    'places.write',
    // organisations, 部件 and cameras: read all, register in their own grids
    'organisation.read',
    'organisation.write',
    'thing.read',
    'thing.write',
    // grid workers find disputes on patrol and mediate in the field (人民调解员)
    'dispute.create',
    'dispute.read',
    'dispute.mediate',
    // grid workers raise early warnings (预警) of gatherings they hear of on patrol
    'warning.create',
    'warning.read',
    // the responsible worker visits the special-population people of their grids
    'special.read',
    'special.write',
    // the day's field work: patrols, visits, the tasks the centre assigned
    'patrol.write',
    'patrol.read',
    'visit.write',
    'visit.read',
    'task.read',
    'task.work',
  ],
  department: [
    'tenant.read',
    'department.read',
    'grid.read',
    'category.read',
    'case.read',
    'case.return',
    'case.handle',
    'case.extend.request',
    'case.park',
    'case.answer',
    'case.evidence',
    // a department maintains 部件 and looks up the one a case names
    'thing.read',
    // a petition assigned (交办) to the department: it reads and replies
    'petition.read',
    'petition.reply',
  ],
  leader: [
    ...readConfig,
    'case.read',
    'case.extend.approve',
    'case.supervise',
    'stats.read',
    'people.read',
    'people.reveal',
    'places.read',
    'organisation.read',
    'thing.read',
    'accessLog.read',
    'data.export',
    // leaders approve petition extensions and decide 复查 / 复核
    'dispute.read',
    'petition.read',
    'petition.extend',
    'petition.review',
    // leaders decide on a stability-risk assessment, watch early warnings (and declare an emergency), read legal services
    'assessment.read',
    'assessment.decide',
    'warning.read',
    'warning.emergency',
    'legal.read',
    // leaders see the special populations in aggregate only (KPIs, density), never a profile
    'special.stats',
    // leaders watch field work (the league table comes from stats.read)
    'patrol.read',
    'visit.read',
    'task.read',
  ],
};

const lookup = new Map<Role, ReadonlySet<Action>>(
  Object.entries(permissionTable).map(([role, allowed]) => [role as Role, new Set(allowed)]),
);

/** True when any of the caller's roles grants `action`; unknown roles grant nothing. */
export function can(callerRoles: readonly string[], action: Action): boolean {
  return callerRoles.some((role) => lookup.get(role as Role)?.has(action) === true);
}

/** The caller's roles that grant `action` (the case machine uses this to decide which scope rule applies). */
export function rolesGranting(callerRoles: readonly string[], action: Action): Role[] {
  return callerRoles.filter((role): role is Role => lookup.get(role as Role)?.has(action) === true);
}
