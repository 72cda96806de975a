import { describe, expect, it } from 'vitest';
import { maskDigitRuns, publicExcerpt } from './duplicates';

describe('maskDigitRuns / publicExcerpt', () => {
  it('masks phone and ID numbers in free text but keeps dates and house numbers', () => {
    expect(maskDigitRuns('电话13812345678，或 138-1234-5678')).toBe('电话138****5678，或 138****5678');
    expect(maskDigitRuns('身份证120101199001011234')).toBe('身份证120***********1234');
    expect(maskDigitRuns('2024-05-01 幸福路12号 1号楼302室')).toBe('2024-05-01 幸福路12号 1号楼302室');
  });

  it('cuts after 80 characters (not UTF-16 units) and marks the cut', () => {
    const long = '垃'.repeat(100);
    expect(publicExcerpt(long)).toBe(`${'垃'.repeat(80)}…`);
    expect(publicExcerpt('短')).toBe('短');
    expect(Array.from(publicExcerpt('😀'.repeat(90))).length).toBe(81);
  });
});
