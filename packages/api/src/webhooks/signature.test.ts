import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signDelivery, verifyDelivery } from './signature';

describe('delivery signatures', () => {
  const secret = 'whsec_0123456789abcdefghijklmnop';
  const body = '{"id":"evt_1","type":"case.reported"}';
  it('is the hex HMAC-SHA256 of "<timestamp>.<body>" with the prefix sha256=', () => {
    const expected = createHmac('sha256', secret).update(`1767225600.${body}`).digest('hex');
    expect(signDelivery(secret, 1767225600, body)).toBe(`sha256=${expected}`);
  });
  it('verifies, and refuses another body, another secret or an old timestamp', () => {
    const signature = signDelivery(secret, 1000, body);
    expect(verifyDelivery(secret, { timestamp: '1000', signature }, body, 1100)).toBe(true);
    expect(verifyDelivery(secret, { timestamp: '1000', signature }, `${body} `, 1100)).toBe(false);
    expect(verifyDelivery(`${secret}x`, { timestamp: '1000', signature }, body, 1100)).toBe(false);
    expect(verifyDelivery(secret, { timestamp: '1000', signature }, body, 1000 + 301)).toBe(false);
    expect(verifyDelivery(secret, { timestamp: '1001', signature }, body, 1001)).toBe(false);
    expect(verifyDelivery(secret, { timestamp: undefined, signature }, body, 1000)).toBe(false);
  });
});
