import type { UserRecord } from '@civicgrid/db';

/** A user as the API shows it: never the password hash; the failed-login count so an administrator can unlock. */
export function publicUser(user: UserRecord) {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    roles: user.roles,
    departmentId: user.departmentId,
    gridCodes: user.gridCodes,
    phone: user.phone,
    status: user.status,
    failedLogins: user.failedLogins ?? 0,
    createdAt: user.createdAt,
    version: user.version,
  };
}
