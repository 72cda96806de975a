import type { IdentityBefore, IdentityChange, IdentityProvisioner } from './identity-provisioner';

/**
 * After a stored user changed (the table write succeeded), push the change to the identity provider; when the
 * provider refuses it for good (it has already undone its own partial steps), undo the table write with `revert`
 * and rethrow — the request fails and the account is as it was. Nothing to do without a provider (embedded
 * runtime) or without a change it needs to know about.
 */
export async function syncIdentity(
  identity: IdentityProvisioner | undefined,
  change: IdentityChange,
  before: IdentityBefore,
  revert: () => Promise<unknown>,
  log: (entry: Record<string, unknown>) => void,
): Promise<void> {
  if (!identity) return;
  const { email: _email, ...fields } = change;
  if (Object.values(fields).every((value) => value === undefined)) return;
  try {
    await identity.updateUser(change, before);
  } catch (error) {
    try {
      await revert();
    } catch (revertError) {
      log({
        level: 'ERROR',
        message: 'identity sync: the table write could not be undone',
        user: change.email,
        error: String(revertError),
      });
    }
    throw error;
  }
}

/** The fields of `next` that differ from `current` and the identity provider keeps (name, roles, status). */
export function identityChangeOf(
  current: { email: string; name: string; roles: string[]; status: string },
  next: { name?: string; roles?: string[]; status?: 'active' | 'inactive' },
): { change: IdentityChange; before: IdentityBefore } {
  const sameRoles = next.roles === undefined || next.roles.join(',') === current.roles.join(',');
  return {
    change: {
      email: current.email,
      name: next.name !== undefined && next.name !== current.name ? next.name : undefined,
      roles: sameRoles ? undefined : next.roles,
      status: next.status !== undefined && next.status !== current.status ? next.status : undefined,
    },
    before: { name: current.name, roles: current.roles, status: current.status as 'active' | 'inactive' },
  };
}
