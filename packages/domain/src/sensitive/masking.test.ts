import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskPhone } from './masking';

describe('maskIdNumber', () => {
  it('keeps the first three and the last four (API.md: 120***********1234)', () => {
    expect(maskIdNumber('120101199001011234')).toBe('120***********1234');
    expect(maskIdNumber('11010519491231002x')).toBe('110***********002X');
  });
  it('masks anything that is not 18 long entirely', () => {
    expect(maskIdNumber('12345')).toBe('*****');
  });
});

describe('maskPhone', () => {
  it('keeps three and four digits', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
  });
});
