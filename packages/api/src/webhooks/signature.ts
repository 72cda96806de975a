import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers of a delivery (docs/api.md, "Webhooks"). */
export const SIGNATURE_HEADER = 'X-CivicGrid-Signature';
export const TIMESTAMP_HEADER = 'X-CivicGrid-Timestamp';
export const EVENT_ID_HEADER = 'X-CivicGrid-Event-Id';
export const EVENT_TYPE_HEADER = 'X-CivicGrid-Event';

/**
 * The signature of a delivery: `sha256=` and the hex HMAC-SHA256, keyed with the webhook's secret, of the
 * timestamp (Unix seconds, as sent in `X-CivicGrid-Timestamp`), a full stop and the exact body bytes.
 */
export function signDelivery(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver checks: the signature matches (compared in constant time) and the timestamp is within
 * `toleranceSeconds` of its clock (a replayed old delivery is refused; retries are signed afresh).
 */
export function verifyDelivery(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowSeconds - ts) > toleranceSeconds || !headers.signature) return false;
  const expected = Buffer.from(signDelivery(secret, ts, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
