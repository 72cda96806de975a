import { decodeJwt } from 'jose';
import { createTokenVerifier, type TokenVerifier } from '../auth/tokens';

export interface CognitoVerifierOptions {
  issuer: string;
  jwksUrl: string;
  /** the app client id */
  clientId: string;
}

/**
 * Verifies Cognito **ID tokens** through the one verification path (jose + remote JWKS, cached by jose): issuer,
 * signature, expiry and `aud` = the app client id. Access tokens carry `client_id` instead of `aud` and are
 * refused; the console sends the ID token. Cognito's `sub` is its own uuid, so the table's user id travels in the
 * `userId` claim, copied from `custom:userId` by the pre-token trigger, and replaces `sub` once the signature is
 * verified.
 */
export function createCognitoTokenVerifier(options: CognitoVerifierOptions): TokenVerifier {
  // Built by the first token: jose's remote key set creates a `Headers`, which makes Node load its fetch
  // implementation (undici, tens of ms) — a cost for the first authenticated request, not for every cold start.
  let verifier: TokenVerifier | undefined;
  return {
    async verify(token) {
      verifier ??= createTokenVerifier({
        issuer: options.issuer,
        audience: options.clientId,
        jwks: { url: options.jwksUrl },
      });
      const claims = await verifier.verify(token);
      const payload = decodeJwt(token); // already verified above
      const userId = payload.userId ?? payload['custom:userId'];
      return typeof userId === 'string' && userId !== '' ? { ...claims, userId } : claims;
    },
  };
}
