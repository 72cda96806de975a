import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TargetPolicy } from './target-policy';

/** What one try came to: the receiver's status, or why there was none. */
export type SendOutcome = { status: number } | { error: string };

/** The longest a receiver may take to answer one try. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * POST one delivery. No redirects are followed (a 3xx is a failed try), the answer's body is read and dropped, and
 * the connection uses the policy's lookup so the address it reaches is the address that was checked.
 */
export function sendDelivery(
  url: URL,
  headers: Record<string, string>,
  body: string,
  policy: TargetPolicy,
  timeoutMs = DELIVERY_TIMEOUT_MS,
): Promise<SendOutcome> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        timeout: timeoutMs,
        ...(policy.lookup ? { lookup: policy.lookup } : {}),
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({
        error: error.code === 'EREFUSEDTARGET' ? 'target_refused' : (error.code ?? error.message).slice(0, 100),
      }),
    );
    req.end(body);
  });
}
