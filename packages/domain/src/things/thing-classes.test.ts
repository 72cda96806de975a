import { describe, expect, it } from 'vitest';
import { categoryLibrary } from '../category-library';
import { parseThingCode, thingCodeProblem } from './thing';
import { thingClasses } from './thing-classes';

describe('部件 classes and object codes', () => {
  it('are the category library’s 部件 entries', () => {
    const components = categoryLibrary.filter((c) => c.kind === 'component');
    expect(thingClasses.map((c) => c.categoryCode)).toEqual(components.map((c) => c.code));
    expect(thingClasses.find((c) => c.categoryCode === 'C0110')).toMatchObject({
      majorCode: '01',
      minorCode: '10',
      name: '路灯',
      majorName: '公用设施',
    });
  });

  it('parse a 16-digit code into county, 大类, 小类 and sequence', () => {
    expect(parseThingCode('1201160110000123')).toMatchObject({
      countyCode: '120116',
      majorCode: '01',
      minorCode: '10',
      sequence: '000123',
      thingClass: { categoryCode: 'C0110' },
    });
  });

  it('refuse the wrong length, no county, an unknown or 事件 class and a zero sequence', () => {
    expect(thingCodeProblem('120116011000012')).toMatch(/16 digits/);
    expect(thingCodeProblem('9901160101000001')).toMatch(/county/);
    expect(thingCodeProblem('1200000101000001')).toMatch(/county/);
    expect(thingCodeProblem('1201160199000001')).toMatch(/class/);
    expect(thingCodeProblem('1201160101000000')).toMatch(/sequence/);
    expect(thingCodeProblem('1201160101000001')).toBeUndefined();
  });
});
