import { randomBytes } from 'node:crypto';

// Crockford base32 without I, L, O, U: unambiguous when read aloud or typed from a phone call.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Random identifier of `length` Crockford base32 characters (5 bits each, from the CSPRNG). */
export function randomCode(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[(bytes[i] ?? 0) & 31];
  return out;
}

/** A new id for a tenant-scoped object: time-ordered prefix (for readable sorting in logs) plus 10 random chars. */
export function newId(now = new Date()): string {
  return `${now.getTime().toString(36)}${randomCode(10)}`.toLowerCase();
}
