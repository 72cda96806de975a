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

const viewerAddresses = new WeakMap<Request, string>();

/** Records the viewer address CloudFront vouched for (http/origin.ts, only on requests carrying the origin secret). */
export function setViewerAddress(c: Context, address: string): void {
  viewerAddresses.set(c.req.raw, address);
}

/**
 * The client's address for rate limits: the socket peer on the embedded runtime, API Gateway's sourceIp in AWS —
 * except behind CloudFront, where sourceIp is the edge's address and the viewer's comes from CloudFront's header,
 * trusted only on requests that carry the distribution's origin secret (http/origin.ts). Never a header a client
 * could set to anything.
 */
export function clientIp(c: Context): string {
  const viewer = viewerAddresses.get(c.req.raw);
  if (viewer) return viewer;
  const env = c.env as
    | {
        incoming?: { socket?: { remoteAddress?: string } };
        event?: { requestContext?: { http?: { sourceIp?: string } } };
      }
    | undefined;
  return env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
