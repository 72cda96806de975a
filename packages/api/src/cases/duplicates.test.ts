import { describe, expect, it } from 'vitest';
import { maskDigitRuns } from './duplicates';

describe('maskDigitRuns', () => {
  it('masks phone and ID numbers in free text but keeps dates and house numbers', () => {
    expect(maskDigitRuns('电话13812345678，或 138-1234-5678')).toBe('电话138****5678，或 138****5678');
    expect(maskDigitRuns('身份证120101199001011234')).toBe('身份证120***********1234');
    expect(maskDigitRuns('2024-05-01 幸福路12号 1号楼302室')).toBe('2024-05-01 幸福路12号 1号楼302室');
  });
});
