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

/** What changed on a stored user that the identity provider must learn (each field only when it changed). */
export interface IdentityChange {
  /** the sign-in name (the user's e-mail); never changes */
  email: string;
  name?: string;
  roles?: string[];
  status?: 'active' | 'inactive';
  /** a new password (already checked with `checkPassword`) */
  password?: string;
}

/** The same fields before the change: what a compensation restores. */
export type IdentityBefore = Pick<IdentityChange, 'name' | 'roles' | 'status'>;

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
  /**
   * Push a change of a stored user (roles, status, name, password) to the provider, all or nothing: every step is
   * retried on transient errors; when one still fails, the steps already applied are undone (`before`) and an
   * `IdentitySyncError` (503) is thrown, so the caller can undo its own write. Sessions are signed out whenever
   * rights shrink or the password changes.
   */
  updateUser(change: IdentityChange, before: IdentityBefore): Promise<void>;
}

/** Tokens the identity provider issued for a login or a refresh. */
export interface StaffSession {
  /** the ID token the console sends as `Authorization: Bearer` */
  token: string;
  expiresAt: string;
  /** absent on a refresh (the refresh token stays the same) */
  refreshToken?: string;
}

/** Log-in, refresh and log-out against the identity provider (Cognito on AWS); absent on the embedded runtime. */
export interface StaffAuthenticator {
  /** 401 `invalid_credentials` for a wrong e-mail or password, the same for an unknown e-mail */
  login(email: string, password: string, context: { ip: string; userAgent?: string }): Promise<StaffSession>;
  /** 401 `invalid_refresh_token` when the refresh token is unknown, revoked or expired */
  refresh(refreshToken: string): Promise<StaffSession>;
  /** revokes the refresh token and the tokens issued from it; an unknown token is not an error */
  logout(refreshToken: string): Promise<void>;
}

/** The embedded runtime's provisioner: the table is the identity store, nothing else to create. */
export const localIdentityProvisioner: IdentityProvisioner = {
  checkPassword() {},
  async createUser() {},
  async updateUser() {},
};
