import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '@civicgrid/domain';

/**
 * Opaque page cursors: the DynamoDB LastEvaluatedKey, base64url-encoded and signed so a client can neither read
 * nor forge one (a forged key could point the Query at another tenant's partition). The signing secret comes
 * from configuration.
 */
export class CursorCodec {
  constructor(private readonly secret: string) {}

  /** Encode a LastEvaluatedKey; undefined when there is no next page. */
  encode(key: Record<string, unknown> | undefined): string | undefined {
    if (!key) return undefined;
    const body = Buffer.from(JSON.stringify(key)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** Decode a cursor the client sent back; a tampered or foreign cursor is a 400 on `cursor`. */
  decode(cursor: string | undefined, expectedPK?: (key: Record<string, unknown>) => boolean) {
    if (!cursor) return undefined;
    const [body, mac] = cursor.split('.');
    const valid =
      body !== undefined &&
      mac !== undefined &&
      mac.length === this.sign(body).length &&
      timingSafeEqual(Buffer.from(mac), Buffer.from(this.sign(body)));
    if (!valid) throw invalidCursor();
    let key: Record<string, unknown>;
    try {
      key = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw invalidCursor();
    }
    if (expectedPK && !expectedPK(key)) throw invalidCursor();
    return key;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url').slice(0, 22);
  }
}

function invalidCursor(): ValidationError {
  return new ValidationError('Invalid cursor', [{ path: 'cursor', message: 'not a cursor this list issued' }]);
}
