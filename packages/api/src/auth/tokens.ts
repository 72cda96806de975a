import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRole, isTenantPath, type Role, type TenantPath, UnauthorizedError } from '@civicgrid/domain';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from 'jose';

/** What a verified token tells the app: who, in which tenant, with which roles. Nothing else is trusted. */
export interface Claims {
  userId: string;
  tenantId: string;
  tenantPath: TenantPath;
  /** as the token carries them; the router replaces them with the stored user's (auth/session.ts) */
  roles: Role[];
  email?: string;
  /**
   * When the token was issued, ms since the epoch: the local issuer's exact `iat_ms`, else `iat` (whole seconds, as
   * Cognito issues them) read as the end of its second — so a login in the same second right after a password
   * change counts as newer than the change (a token minted before the change in that same second would too: the
   * price of second-precision tokens, preferred to refusing the fresh login).
   */
  issuedAtMs?: number;
  /** set when an integration API key, not a staff token, authenticated the request (the route's scope) */
  integration?: { keyId: string; name: string; scope: string };
}

/** Verifies bearer tokens; the one path for the local issuer and Cognito alike (jose + JWKS). */
export interface TokenVerifier {
  verify(token: string): Promise<Claims>;
}

/** Signs tokens (the embedded runtime's built-in issuer; in AWS Cognito issues them instead). */
export interface TokenIssuer {
  issue(claims: Claims): Promise<{ token: string; expiresAt: string }>;
  jwks(): { keys: JWK[] };
}

export interface VerifierOptions {
  issuer: string;
  audience?: string;
  /** a remote JWKS (Cognito's `/.well-known/jwks.json`) or a local key set */
  jwks: { url: string } | { keys: JWK[] };
}

/** Build the verifier from a JWKS; claims are read from plain names or Cognito's `custom:` attributes. */
export function createTokenVerifier(options: VerifierOptions): TokenVerifier {
  const keySet: JWTVerifyGetKey =
    'url' in options.jwks
      ? createRemoteJWKSet(new URL(options.jwks.url))
      : createLocalJWKSet({ keys: options.jwks.keys });
  return {
    async verify(token) {
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, keySet, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: ['ES256', 'RS256'],
        }));
      } catch {
        throw new UnauthorizedError('Invalid or expired token', 'invalid_token');
      }
      return claimsFrom(payload);
    },
  };
}

function claimsFrom(payload: Record<string, unknown>): Claims {
  const read = (name: string) => payload[name] ?? payload[`custom:${name}`];
  const tenantPath = read('tenantPath');
  const tenantId = read('tenantId');
  const rawRoles = read('roles');
  const roles = (typeof rawRoles === 'string' ? rawRoles.split(',') : Array.isArray(rawRoles) ? rawRoles : []).filter(
    isRole,
  );
  if (typeof payload.sub !== 'string' || typeof tenantPath !== 'string' || typeof tenantId !== 'string') {
    throw new UnauthorizedError('Token lacks tenant claims', 'invalid_token');
  }
  // The platform admin lives in its own pseudo-tenant `_platform/`; every other path must be well formed.
  if (tenantPath !== PLATFORM_PATH && !isTenantPath(tenantPath)) {
    throw new UnauthorizedError('Token carries a malformed tenant path', 'invalid_token');
  }
  return {
    userId: payload.sub,
    tenantId,
    tenantPath: tenantPath as TenantPath,
    roles,
    email: typeof payload.email === 'string' ? payload.email : undefined,
    issuedAtMs:
      typeof payload.iat_ms === 'number'
        ? payload.iat_ms
        : typeof payload.iat === 'number'
          ? payload.iat * 1000 + 999
          : undefined,
  };
}

/** The platform operator's pseudo-tenant path. */
export const PLATFORM_PATH = '_platform/' as TenantPath;

const ALG = 'ES256';

/** The embedded runtime's issuer: an ES256 key pair kept (created once) under `<dataDir>/keys`. */
export async function createLocalIssuer(options: {
  keyDir: string;
  issuer: string;
  audience: string;
  ttlSeconds?: number;
}): Promise<TokenIssuer & { verifier: TokenVerifier }> {
  const file = join(options.keyDir, 'jwt-signing-key.json');
  let privateJwk: JWK;
  try {
    privateJwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
  } catch {
    const { privateKey } = await generateKeyPair(ALG, { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: `local-${Date.now().toString(36)}`, alg: ALG };
    await mkdir(options.keyDir, { recursive: true, mode: 0o700 });
    await writeFile(file, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  const { d: _secret, ...publicJwk } = privateJwk;
  const signingKey = await importJWK(privateJwk, ALG);
  const ttl = options.ttlSeconds ?? 8 * 3600;
  const keys = { keys: [{ ...publicJwk, use: 'sig' }] };
  return {
    async issue(claims) {
      const issuedAtMs = Date.now();
      const exp = Math.floor(issuedAtMs / 1000) + ttl;
      const token = await new SignJWT({
        iat_ms: issuedAtMs,
        tenantId: claims.tenantId,
        tenantPath: claims.tenantPath,
        roles: claims.roles,
        email: claims.email,
      })
        .setProtectedHeader({ alg: ALG, kid: privateJwk.kid })
        .setSubject(claims.userId)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(signingKey);
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },
    jwks: () => keys,
    verifier: createTokenVerifier({ issuer: options.issuer, audience: options.audience, jwks: keys }),
  };
}
