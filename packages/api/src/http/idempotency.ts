import { ValidationError } from '@civicgrid/domain';
import type { Context } from 'hono';

/** The optional `Idempotency-Key` header: 1–100 visible ASCII characters, or a 400 naming the header. */
export function idempotencyKeyOf(c: Context): string | undefined {
  const raw = c.req.header('idempotency-key');
  if (raw === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,100}$/.test(raw)) {
    throw new ValidationError('Bad Idempotency-Key', [
      { path: 'Idempotency-Key', message: 'must be 1–100 visible ASCII characters' },
    ]);
  }
  return raw;
}
