import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

// Low limits so a short burst trips them. Each client is told apart by its socket address, passed as the
// runtime's `incoming` binding (what @hono/node-server gives the app).
const p = await createTestPlatform({
  config: {
    rateLimits: {
      signupsPerHour: 10_000,
      loginsPerMinute: 10_000,
      reportsPerMinute: 3,
      reportsPerTenantPerMinute: 5,
      uploadsPerMinute: 2,
      lookupsPerMinute: 4,
    },
  },
});

async function from(ip: string, method: string, path: string, body?: unknown) {
  const res = await p.app.request(
    path,
    {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    },
    { incoming: { socket: { remoteAddress: ip } } },
  );
  return { status: res.status, headers: res.headers, body: await res.json().catch(() => undefined) };
}

describe('abuse limits of the citizen channel', () => {
  it('limits reports per client, then per tenant, with 429 and Retry-After', async () => {
    await setUpStreet(p, 'lim-reports');
    const send = (ip: string) => from(ip, 'POST', '/public/lim-reports/reports', { description: '噪音扰民' });
    for (let i = 0; i < 3; i++) expect((await send('10.0.0.1')).status).toBe(201);
    const limited = await send('10.0.0.1');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    const retry = Number(limited.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);

    // another client still gets through until the tenant's own ceiling (5 a minute) is reached
    expect((await send('10.0.0.2')).status).toBe(201);
    expect((await send('10.0.0.3')).status).toBe(201);
    const tenantLimited = await send('10.0.0.4');
    expect(tenantLimited.status).toBe(429);
    expect(tenantLimited.headers.get('retry-after')).toBeTruthy();
  });

  it('limits photo uploads and tracking lookups per client (guessing codes is slow)', async () => {
    await setUpStreet(p, 'lim-lookups');
    const upload = () =>
      from('10.0.1.1', 'POST', '/public/lim-lookups/uploads', {
        fileName: 'a.jpg',
        contentType: 'image/jpeg',
        size: 9,
      });
    expect((await upload()).status).toBe(201);
    expect((await upload()).status).toBe(201);
    expect((await upload()).status).toBe(429);

    for (let i = 0; i < 4; i++) {
      expect((await from('10.0.1.2', 'GET', `/public/lim-lookups/reports/ABCDE-FGH${i}K`)).status).toBe(404);
    }
    const limited = await from('10.0.1.2', 'GET', '/public/lim-lookups/reports/ABCDE-FGHJK');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeTruthy();
    // evaluations count as lookups too (a code can be probed through them)
    expect(
      (await from('10.0.1.2', 'POST', '/public/lim-lookups/reports/ABCDE-FGHJK/evaluation', { rating: 5 })).status,
    ).toBe(429);
    expect((await from('10.0.1.3', 'GET', '/public/lim-lookups/reports/ABCDE-FGHJK')).status).toBe(404);
  });
});
