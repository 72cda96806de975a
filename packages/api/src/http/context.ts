import { UnauthorizedError } from '@civicgrid/domain';
import type { Context } from 'hono';
import type { Claims } from '../auth/tokens';

/** Hono environment of the app: per-request variables. */
export type AppEnv = {
  Variables: {
    requestId: string;
    claims?: Claims;
  };
};

/** The verified claims of the caller; only routes behind the auth middleware call this. */
export function claimsOf(c: Context<AppEnv>): Claims {
  const claims = c.get('claims');
  if (!claims) throw new UnauthorizedError();
  return claims;
}

/**
 * The client's address for rate limits: the socket peer on the embedded runtime, API Gateway's sourceIp in AWS.
 * Never a request header, which a client could set to anything.
 */
export function clientIp(c: Context): string {
  const env = c.env as
    | {
        incoming?: { socket?: { remoteAddress?: string } };
        event?: { requestContext?: { http?: { sourceIp?: string } } };
      }
    | undefined;
  return env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
