import { randomBytes } from 'node:crypto';
import { type Store, UserRepository } from '@civicgrid/db';
import { NotFoundError } from '@civicgrid/domain';
import { hashPassword } from './password';

/**
 * The operator's way back in (`npm run admin -- reset-password`): set a staff or platform account's password,
 * generated when none is given, end its sessions and clear its failed logins. Returns the password to print.
 */
export async function resetAccountPassword(
  store: Store,
  email: string,
  password?: string,
): Promise<{ email: string; password: string; generated: boolean }> {
  const users = new UserRepository(store);
  const user = await users.getByEmail(email.toLowerCase());
  if (!user) throw new NotFoundError(`Account ${email}`);
  const chosen = password ?? randomBytes(12).toString('base64url');
  const updated = await users.update(user.tenantPath, user.id, user.version, {
    passwordHash: await hashPassword(chosen),
    status: 'active',
    sessionsValidAfter: new Date().toISOString(),
  });
  await users.clearFailedLogins(updated);
  return { email: user.email, password: chosen, generated: password === undefined };
}
