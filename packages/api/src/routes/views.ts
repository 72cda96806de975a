import type { UserRecord } from '@civicgrid/db';

/** A user as the API shows it: never the password hash or the lock-out counters. */
export function publicUser(user: UserRecord) {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    roles: user.roles,
    departmentId: user.departmentId,
    gridCodes: user.gridCodes,
    status: user.status,
    createdAt: user.createdAt,
    version: user.version,
  };
}
