import { timingSafeEqual } from 'node:crypto';
import { AppError } from '@civicgrid/domain';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';
import { setViewerAddress } from './context';

/** The header CloudFront adds to every request it sends to the API origin (infra SpaDistribution). */
export const ORIGIN_SECRET_HEADER = 'x-origin-verify';

/**
 * `CloudFront-Viewer-Address` is `<ip>:<port>` (IPv6 without brackets, the port after the last colon). The
 * distribution's viewer-request function also copies the viewer IP into `X-Viewer-Address` (CloudFront only adds
 * its own header when an origin request policy asks for it, which the API behaviour's policy cannot do while it
 * drops `Host`); both are overwritten at the edge, so a viewer cannot choose them.
 */
export function viewerAddressOf(headers: { get(name: string): string | null | undefined }): string | undefined {
  const cloudfront = headers.get('cloudfront-viewer-address')?.trim();
  if (cloudfront) {
    const cut = cloudfront.lastIndexOf(':');
    const ip = cut > 0 ? cloudfront.slice(0, cut) : cloudfront;
    if (/^[0-9a-f.:]{2,45}$/i.test(ip)) return ip;
  }
  const copied = headers.get('x-viewer-address')?.trim();
  return copied && /^[0-9a-f.:]{2,45}$/i.test(copied) ? copied : undefined;
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * With an origin secret configured (AWS behind CloudFront): a request without it came around CloudFront (the
 * execute-api endpoint) and is refused with 403; one with it has its viewer address trusted for rate limits.
 * Without a secret (the embedded runtime) nothing changes.
 */
export function originGuard(secret: string | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!secret) return next();
    if (!sameSecret(c.req.header(ORIGIN_SECRET_HEADER), secret)) {
      throw new AppError(403, 'origin_forbidden', 'Requests reach this API through its web address only');
    }
    const viewer = viewerAddressOf({ get: (name) => c.req.header(name) });
    if (viewer) setViewerAddress(c, viewer);
    await next();
  };
}
