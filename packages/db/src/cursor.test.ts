import { describe, expect, it } from 'vitest';
import { CursorCodec } from './cursor';

describe('CursorCodec', () => {
  const codec = new CursorCodec('secret');
  const key = { PK: 'd0001/s001/CASES', SK: 'META', GSI1SK: '2026#x' };

  it('round-trips a key and hides it from the client', () => {
    const cursor = codec.encode(key)!;
    expect(cursor).not.toContain('d0001');
    expect(codec.decode(cursor)).toEqual(key);
  });

  it('rejects a tampered or foreign cursor as a 400 on `cursor`', () => {
    const cursor = codec.encode(key)!;
    const forged = `${Buffer.from(JSON.stringify({ ...key, PK: 'd0001/s002/CASES' })).toString('base64url')}.${cursor.split('.')[1]}`;
    expect(() => codec.decode(forged)).toThrow(
      expect.objectContaining({ status: 400, details: [expect.objectContaining({ path: 'cursor' })] }),
    );
    expect(() => new CursorCodec('other').decode(cursor)).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => codec.decode('garbage')).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('rejects a valid cursor for another partition', () => {
    const cursor = codec.encode(key)!;
    expect(() => codec.decode(cursor, (k) => String(k.PK).startsWith('d0001/s002/'))).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });
});
