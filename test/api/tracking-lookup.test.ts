import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

const p = await createTestPlatform();

describe('finding a citizen’s case by tracking code', () => {
  it('lists the one case a code names, however the citizen reads it out; another tenant finds nothing', async () => {
    const s = await setUpStreet(p, 'lookup-street');
    const other = await setUpStreet(p, 'lookup-other');
    const report = await p.call('POST', '/public/lookup-street/reports', {
      categoryCode: 'garbage',
      description: '路灯不亮',
    });
    expect(report.status).toBe(201);
    const code: string = report.body.trackingCode;
    const spoken = code.toLowerCase().replace('-', ' ');
    const found = await p.call(
      'GET',
      `/api/cases?trackingCode=${encodeURIComponent(spoken)}`,
      undefined,
      s.tokens.dispatcher,
    );
    expect(found.status).toBe(200);
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0]).toMatchObject({ trackingCode: code, source: 'citizen', step: 'reported' });
    const listed = await p.call('GET', '/api/cases?step=reported', undefined, s.tokens.dispatcher);
    expect(listed.body.items[0].trackingCode).toBe(code);
    expect(
      (await p.call('GET', `/api/cases?trackingCode=${code}`, undefined, other.tokens.dispatcher)).body.items,
    ).toEqual([]);
    expect(
      (await p.call('GET', '/api/cases?trackingCode=not-a-code', undefined, s.tokens.dispatcher)).body.items,
    ).toEqual([]);
  });
});
