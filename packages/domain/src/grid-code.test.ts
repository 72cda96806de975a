import { describe, expect, it } from 'vitest';
import { gridCodeProblem, gridCodeSchema, isGridCode, parseGridCode } from './grid-code';

describe('parseGridCode', () => {
  it('splits a Binhai New Area grid code', () => {
    expect(parseGridCode('120116001002003')).toEqual({
      code: '120116001002003',
      adminCode: '120116',
      provinceCode: '12',
      streetCode: '001',
      communityCode: '002',
      gridSeq: '003',
      communityKey: '120116001002',
    });
  });

  it.each([
    ['110101001001001', true],
    ['650102999999999', true],
    ['820001001001001', true],
    ['12011600100200', false],
    ['1201160010020030', false],
    ['12011600100200a', false],
    [' 120116001002003', false],
    ['100116001002003', false],
    ['660116001002003', false],
    ['700116001002003', false],
    ['120116000002003', false],
    ['120116001000003', false],
    ['120116001002000', false],
  ])('%s valid=%s', (code, ok) => {
    expect(isGridCode(code)).toBe(ok);
    expect(parseGridCode(code) !== undefined).toBe(ok);
    expect(gridCodeSchema.safeParse(code).success).toBe(ok);
  });

  it.each([
    ['1201', /15 digits/],
    ['990116001002003', /province/],
    ['120116000002003', /street/],
    ['120116001000003', /community/],
    ['120116001002000', /grid sequence/],
  ])('%s explains %s', (code, reason) => {
    expect(gridCodeProblem(code)).toMatch(reason);
    expect(gridCodeSchema.safeParse(code).error?.issues[0]?.message).toMatch(reason);
  });
});
