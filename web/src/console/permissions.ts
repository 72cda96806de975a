import type { Role } from './types';

/** The actions of the incident loop a staff member can take (evaluate is the citizen's). */
export const ACTIONS = [
  'register',
  'reject',
  'dispatch',
  'return',
  'handle',
  'extend',
  'park',
  'unpark',
  'verify',
  'rework',
  'close',
  'review',
  'supervise',
  'answer',
  'followUp',
  'escalate',
  'assignDown',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Which actions each step accepts (the server's state machine has the final word). */
const BY_STEP: Record<string, Action[]> = {
  reported: ['register', 'reject', 'escalate', 'assignDown', 'supervise'],
  registered: ['dispatch', 'escalate', 'assignDown', 'supervise'],
  dispatched: ['return', 'handle', 'extend', 'park', 'supervise'],
  handled: ['review', 'verify', 'rework', 'supervise'],
  verified: ['close', 'supervise'],
  closed: ['followUp'],
  evaluated: ['followUp'],
};

/**
 * Who does what (综治中心 files, dispatches, reviews, closes, follows up and moves cases up or down; departments
 * handle; grid workers verify on site; leaders supervise).
 */
const BY_ROLE: Record<Role, Action[]> = {
  tenant_admin: [...ACTIONS],
  dispatcher: ['register', 'reject', 'dispatch', 'close', 'review', 'answer', 'followUp', 'escalate', 'assignDown'],
  department: ['return', 'handle', 'extend', 'park', 'unpark', 'answer'],
  grid_worker: ['verify', 'rework'],
  leader: ['extend', 'supervise'],
  platform_admin: [],
};

/**
 * The buttons to show: the server's `allowedActions` (what `GET /api/cases/{id}` computes from the domain's state
 * machine for this user, department and grids) when present, else the table above as a fallback.
 */
export function actionsFor(roles: readonly Role[], step: string, serverAllowed?: string[]): Action[] {
  if (serverAllowed) return ACTIONS.filter((a) => serverAllowed.includes(a));
  const mine = new Set(roles.flatMap((r) => BY_ROLE[r] ?? []));
  return (BY_STEP[step] ?? []).filter((a) => mine.has(a));
}

export const hasRole = (roles: readonly Role[] | undefined, ...wanted: Role[]) =>
  !!roles?.some((r) => wanted.includes(r));
