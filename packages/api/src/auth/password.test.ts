import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('verifies what it hashed and refuses anything else', async () => {
    const stored = await hashPassword('Correct-Horse-42');
    expect(await verifyPassword('Correct-Horse-42', stored)).toBe(true);
    expect(await verifyPassword('correct-horse-42', stored)).toBe(false);
  });

  it('has a dummy hash shaped like a real one (same scrypt cost) that no password matches', async () => {
    const real = (await hashPassword('x')).split('$');
    const dummy = DUMMY_HASH.split('$');
    expect(dummy.slice(0, 4)).toEqual(real.slice(0, 4));
    expect(dummy.map((part) => part.length)).toEqual(real.map((part) => part.length));
    expect(await DUMMY_HASH_PROMISE).toBe(DUMMY_HASH);
    expect(await verifyPassword('', DUMMY_HASH)).toBe(false);
  });
});
