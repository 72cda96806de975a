import { describe, expect, it } from 'vitest';
import { canonicalTrackingCode, newTrackingCode } from './citizen-channel';
import { citizenNotice } from './citizen-notices';

describe('tracking codes', () => {
  it('are 10 Crockford base32 characters in two groups, and differ', () => {
    const codes = new Set(Array.from({ length: 1000 }, newTrackingCode));
    expect(codes.size).toBe(1000);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
  });

  it('are read forgivingly: case, spaces, dashes and the letters people confuse with digits', () => {
    expect(canonicalTrackingCode('abcde fghjk')).toBe('ABCDE-FGHJK');
    expect(canonicalTrackingCode('ABCDEFGHJK')).toBe('ABCDE-FGHJK');
    expect(canonicalTrackingCode('O1LI0-00000')).toBe('01110-00000');
    expect(canonicalTrackingCode('ABCDE-FGHJU')).toBeUndefined();
    expect(canonicalTrackingCode('ABCDE')).toBeUndefined();
    expect(canonicalTrackingCode('../../x')).toBeUndefined();
  });

  it('is named in the SMS notices, signed by the office, with the tracking link', () => {
    const sender = { office: '泰达街道', slug: 'taida', publicUrl: 'https://grid.example.gov.cn/' };
    expect(citizenNotice('reported', 'ABCDE-FGHJK', sender)).toBe(
      '【泰达街道】您反映的问题已收到，我们将尽快处理：https://grid.example.gov.cn/r/taida/t/ABCDE-FGHJK 查询码 ABCDE-FGHJK',
    );
    expect(citizenNotice('closed', 'ABCDE-FGHJK', { office: '泰达街道', slug: 'taida' })).toBe(
      '【泰达街道】您反映的问题已办结，处理结果及评价请查看：/r/taida/t/ABCDE-FGHJK 查询码 ABCDE-FGHJK',
    );
    expect(citizenNotice('verified', 'ABCDE-FGHJK', sender)).toBeUndefined();
    expect(citizenNotice('closed', 'X', sender)).not.toContain('CivicGrid');
  });
});
