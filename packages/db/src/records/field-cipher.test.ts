import { describe, expect, it } from 'vitest';
import { FieldCipher } from './field-cipher';

describe('FieldCipher', () => {
  const cipher = new FieldCipher('a-test-secret-of-enough-length');

  it('seals to a value without the clear text and opens it again', () => {
    const sealed = cipher.seal('120101199001011237');
    expect(sealed).not.toContain('1990');
    expect(sealed).not.toBe(cipher.seal('120101199001011237'));
    expect(cipher.open(sealed)).toBe('120101199001011237');
  });

  it('refuses a tampered value and a value of another key', () => {
    const sealed = cipher.seal('13912345678');
    const parts = sealed.split('.');
    parts[2] = Buffer.from('x').toString('base64url');
    expect(() => cipher.open(parts.join('.'))).toThrow();
    expect(() => new FieldCipher('another-secret-of-enough-length').open(sealed)).toThrow();
  });

  it('gives one blind index per value and kind, case-insensitive on X', () => {
    expect(cipher.blindIndex('idNumber', '11010519491231002x')).toBe(
      cipher.blindIndex('idNumber', '11010519491231002X'),
    );
    expect(cipher.blindIndex('idNumber', '1')).not.toBe(cipher.blindIndex('phone', '1'));
    expect(cipher.blindIndex('idNumber', '1')).not.toBe(
      new FieldCipher('another-secret-of-enough-length').blindIndex('idNumber', '1'),
    );
  });
});
