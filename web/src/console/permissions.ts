import type { Role } from './types';

/** The actions of the incident loop. */
export const ACTIONS = [
  'register',
  'reject',
  'dispatch',
  'return',
  'handle',
  'extend',
  'verify',
  'rework',
  'close',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Which actions each step accepts (the server's state machine has the final word). */
const BY_STEP: Record<string, Action[]> = {
  reported: ['register', 'reject'],
  registered: ['dispatch'],
  dispatched: ['handle', 'return', 'extend'],
  handled: ['verify', 'rework'],
  verified: ['close'],
};

/** Who does what (综治中心 files, dispatches and closes; departments handle; grid workers verify on site). */
const BY_ROLE: Record<Role, Action[]> = {
  tenant_admin: [...ACTIONS],
  dispatcher: ['register', 'reject', 'dispatch', 'close'],
  department: ['handle', 'return', 'extend'],
  grid_worker: ['verify', 'rework'],
  leader: ['extend', 'close'],
  platform_admin: [],
};

/** The buttons to show: the server's `allowedActions` when it sends them, else the table above. */
export function actionsFor(roles: readonly Role[], step: string, serverAllowed?: string[]): Action[] {
  if (serverAllowed) return ACTIONS.filter((a) => serverAllowed.includes(a));
  const mine = new Set(roles.flatMap((r) => BY_ROLE[r] ?? []));
  return (BY_STEP[step] ?? []).filter((a) => mine.has(a));
}

export const hasRole = (roles: readonly Role[] | undefined, ...wanted: Role[]) =>
  !!roles?.some((r) => wanted.includes(r));
