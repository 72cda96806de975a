import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, creditCodeProblem, creditCodeSchema, isCreditCode, parseCreditCode } from './credit-code';

describe('creditCodeCheckChar', () => {
  it('computes the GB 32100 example', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('maps a remainder of 0 to check character 0', () => {
    // Search for a body whose weighted sum is a multiple of 31: the check must be "0", never "31".
    let found = false;
    for (let n = 0; n < 1000 && !found; n++) {
      const body = `9112011600000${String(n).padStart(4, '0')}`;
      if (creditCodeCheckChar(body) === '0') found = true;
    }
    expect(found).toBe(true);
  });

  it('rejects bad input', () => {
    expect(() => creditCodeCheckChar('123')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('91350100M000100I4')).toThrow(RangeError);
  });
});

describe('parseCreditCode', () => {
  it('splits a valid code', () => {
    expect(parseCreditCode('91350100M000100Y43')).toEqual({
      code: '91350100M000100Y43',
      registrationAuthority: '9',
      organisationType: '1',
      adminCode: '350100',
      organisationCode: 'M000100Y4',
      checkChar: '3',
    });
  });

  it.each([
    ['valid', '91350100M000100Y43', true],
    ['lower case', '91350100m000100y43', true],
    ['wrong check', '91350100M000100Y44', false],
    ['17 characters', '91350100M000100Y4', false],
    ['letter O', '91350100M000100O43', false],
    ['letter in the admin code', '9135010AM000100Y43', false],
    ['empty', '', false],
  ])('%s: %s → %s', (_label, code, ok) => {
    expect(isCreditCode(code)).toBe(ok);
    expect(creditCodeSchema.safeParse(code).success).toBe(ok);
  });

  it('explains a wrong check character', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toMatch(/check character/);
    expect(creditCodeSchema.parse('91350100m000100y43')).toBe('91350100M000100Y43');
  });
});
