import { describe, expect, it } from 'vitest';
import { idNumberCheckChar, idNumberProblem, idNumberSchema, isIdNumber, parseIdNumber } from './id-number';

describe('idNumberCheckChar', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
  ])('%s → %s (GB 11643 examples)', (first17, check) => {
    expect(idNumberCheckChar(first17)).toBe(check);
  });

  it('rejects input that is not 17 digits', () => {
    expect(() => idNumberCheckChar('123')).toThrow(RangeError);
  });
});

describe('parseIdNumber', () => {
  it('parses the standard example', () => {
    expect(parseIdNumber('11010519491231002X')).toEqual({
      idNumber: '11010519491231002X',
      regionCode: '110105',
      birthDate: '1949-12-31',
      sequence: '002',
      gender: 'female',
      checkChar: 'X',
    });
    expect(parseIdNumber('440524188001010014')).toBeUndefined(); // born 1880: before 1900
  });

  it('accepts a lower-case x and tells a man by the odd 17th digit', () => {
    const first17 = '12011619900307001';
    const id = `${first17}${idNumberCheckChar(first17)}`;
    expect(parseIdNumber(id)?.gender).toBe('male');
    expect(isIdNumber('11010519491231002x')).toBe(true);
  });

  const valid = (first17: string) => `${first17}${idNumberCheckChar(first17)}`;
  it.each([
    ['too short', '11010519491231002', /17 digits/],
    ['letters', '1101051949123100AX', /17 digits/],
    ['X in the middle', '110105194X12310021', /17 digits/],
    ['unknown province', valid('99010519491231002'), /province/],
    ['February 30th', valid('11010520000230002'), /birth date/],
    ['month 13', valid('11010520001301002'), /birth date/],
    ['born 1899', valid('11010518991231002'), /birth date/],
    ['wrong check digit', '110105194912310021', /check digit/],
  ])('rejects %s', (_label, id, reason) => {
    expect(idNumberProblem(id)).toMatch(reason);
    expect(isIdNumber(id)).toBe(false);
  });

  it('rejects a birth date after today when today is given', () => {
    const id = valid('11010520300101002');
    expect(isIdNumber(id)).toBe(true);
    expect(idNumberProblem(id, '2026-03-01')).toMatch(/future/);
  });
});

describe('idNumberSchema', () => {
  it('normalises the check character to upper case', () => {
    expect(idNumberSchema.parse(' 11010519491231002x ')).toBe('11010519491231002X');
  });

  it('reports the reason', () => {
    expect(idNumberSchema.safeParse('110105194912310021').error?.issues[0]?.message).toMatch(/check digit/);
  });
});
