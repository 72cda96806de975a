/** A staff account as the identity provider needs it: sign-in e-mail, password and the tenant claims. */
export interface NewIdentity {
  /** the user's id in the table; becomes the token's `userId` claim (Cognito's own `sub` is its own uuid) */
  userId: string;
  email: string;
  password: string;
  name: string;
  tenantId: string;
  tenantPath: string;
  roles: string[];
}

/**
 * Creates sign-in identities for the accounts the API stores. In AWS, Cognito issues the tokens, so a user
 * created by `POST /api/signup` or `POST /api/users` must exist there too; on the embedded runtime the API's
 * own issuer reads the table, so nothing needs to happen.
 */
export interface IdentityProvisioner {
  /** Throw a 400 `ValidationError` naming `field` when the provider would refuse `password`; before any write. */
  checkPassword(password: string, field: string): void;
  /** Create the identity of a stored user, with a permanent password (no forced change at first sign-in). */
  createUser(identity: NewIdentity): Promise<void>;
}

/** The embedded runtime's provisioner: the table is the identity store, nothing else to create. */
export const localIdentityProvisioner: IdentityProvisioner = {
  checkPassword() {},
  async createUser() {},
};
