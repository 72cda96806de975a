import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Field-level protection of sensitive values (ID numbers, phones), on top of the table's encryption at rest:
 * - `seal`/`open`: AES-256-GCM with a random 96-bit IV per value; stored as `v1.<iv>.<ciphertext>.<tag>` (base64url).
 *   A copy of the table (backup, export, a stolen dump) shows no ID numbers without the key.
 * - `blindIndex`: HMAC-SHA256 of the normalised value under a second key — the exact-match search key. The same
 *   value gives the same index in every tenant (a district links one person's records in two streets by it), but
 *   the index cannot be reversed without the key (ID numbers are guessable; a bare hash would not protect them).
 * Both keys derive from one secret from configuration (the data directory locally, Secrets Manager in AWS).
 */
export class FieldCipher {
  private readonly encKey: Buffer;
  private readonly indexKey: Buffer;

  constructor(secret: string) {
    if (secret.length < 16) throw new RangeError('field secret must be at least 16 characters');
    this.encKey = Buffer.from(hkdfSync('sha256', secret, 'civicgrid', 'field-encryption-v1', 32));
    this.indexKey = Buffer.from(hkdfSync('sha256', secret, 'civicgrid', 'field-index-v1', 32));
  }

  /** Encrypt one value. */
  seal(value: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return ['v1', iv, body, cipher.getAuthTag()]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** Decrypt a sealed value; throws when it was tampered with or sealed under another key. */
  open(sealed: string): string {
    const [version, iv, body, tag] = sealed.split('.');
    if (version !== 'v1' || !iv || body === undefined || !tag) throw new Error('not a sealed field');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** The search key of a value of one kind (`idNumber`, `phone`): equal values, equal keys. */
  blindIndex(kind: string, value: string): string {
    return createHmac('sha256', this.indexKey)
      .update(`${kind}:${value.trim().toUpperCase()}`)
      .digest('base64url')
      .slice(0, 32);
  }
}
