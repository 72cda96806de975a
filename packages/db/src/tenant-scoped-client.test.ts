import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  createTenantScopedDocumentClient,
  currentTenantPath,
  type ScopedCredentials,
  TenantCredentialCache,
  tenantContext,
  withPlatformCredentials,
} from './tenant-scoped-client';

/** An STS stand-in: hands out numbered sessions lasting `ttlMs` from the injected clock. */
function fakeSts(clock: { t: number }, ttlMs = 900_000) {
  const calls: string[] = [];
  let n = 0;
  const assumeRole = async (tenantPath: string): Promise<ScopedCredentials> => {
    calls.push(tenantPath);
    n += 1;
    return {
      accessKeyId: `AKIA${n}`,
      secretAccessKey: 'secret',
      sessionToken: `token-${n}`,
      expiration: new Date(clock.t + ttlMs),
    };
  };
  return { assumeRole, calls };
}

describe('TenantCredentialCache', () => {
  it('assumes the role once per tenant path and reuses the session until 2 minutes before it expires', async () => {
    const clock = { t: 1_000_000 };
    const sts = fakeSts(clock);
    const cache = new TenantCredentialCache({
      assumeRole: sts.assumeRole,
      create: (c) => c.accessKeyId,
      now: () => clock.t,
    });
    expect(await cache.get('d0001/')).toBe('AKIA1');
    expect(await cache.get('d0001/')).toBe('AKIA1');
    expect(await cache.get('d0002/')).toBe('AKIA2');
    clock.t += 900_000 - 120_001; // just inside the margin
    expect(await cache.get('d0001/')).toBe('AKIA1');
    clock.t += 2; // now within 2 minutes of expiry
    expect(await cache.get('d0001/')).toBe('AKIA3');
    expect(sts.calls).toEqual(['d0001/', 'd0002/', 'd0001/']);
  });

  it('shares one AssumeRole between concurrent first requests and does not cache failures', async () => {
    const clock = { t: 0 };
    const sts = fakeSts(clock);
    let fail = true;
    const cache = new TenantCredentialCache({
      assumeRole: (path) => (fail ? Promise.reject(new Error('throttled')) : sts.assumeRole(path)),
      create: (c) => c.accessKeyId,
      now: () => clock.t,
    });
    await expect(cache.get('s001/')).rejects.toThrow('throttled');
    expect(cache.size).toBe(0);
    fail = false;
    const all = await Promise.all([cache.get('s001/'), cache.get('s001/'), cache.get('s001/')]);
    expect(all).toEqual(['AKIA1', 'AKIA1', 'AKIA1']);
    expect(sts.calls).toEqual(['s001/']);
  });

  it('drops the least recently used session beyond maxEntries', async () => {
    const clock = { t: 0 };
    const sts = fakeSts(clock);
    const cache = new TenantCredentialCache({
      assumeRole: sts.assumeRole,
      create: (c) => c.accessKeyId,
      maxEntries: 2,
      now: () => clock.t,
    });
    await cache.get('a/');
    await cache.get('b/');
    await cache.get('a/'); // a is now the most recent
    await cache.get('c/'); // evicts b
    expect(cache.size).toBe(2);
    await cache.get('a/');
    await cache.get('b/');
    expect(sts.calls).toEqual(['a/', 'b/', 'c/', 'b/']);
  });
});

describe('createTenantScopedDocumentClient', () => {
  function setup() {
    const clock = { t: 0 };
    const sts = fakeSts(clock);
    const sent: Array<{ via: string; key: unknown }> = [];
    const client = (via: string) => ({
      send: async (command: unknown) => {
        sent.push({ via, key: (command as GetCommand).input.Key });
        return {};
      },
    });
    const doc = createTenantScopedDocumentClient({
      base: client('base') as never,
      assumeRole: sts.assumeRole,
      createClient: (c) => client(c.accessKeyId) as never,
      now: () => clock.t,
    });
    return { doc, sent, sts };
  }
  const get = (pk: string) => new GetCommand({ TableName: 't', Key: { PK: pk, SK: 'X' } });

  it('uses the base client outside a tenant context and the tenant session inside one', async () => {
    const { doc, sent, sts } = setup();
    await doc.send(get('_platform/SLUG#x'));
    await tenantContext.run({ tenantPath: 'd0001/s001/' }, async () => {
      expect(currentTenantPath()).toBe('d0001/s001/');
      await doc.send(get('d0001/s001/USERS'));
      await doc.send(get('d0001/s001/CASE#1'));
    });
    await tenantContext.run({ tenantPath: 'd0001/s002/' }, () => doc.send(get('d0001/s002/USERS')));
    expect(sent.map((s) => s.via)).toEqual(['base', 'AKIA1', 'AKIA1', 'AKIA2']);
    expect(sts.calls).toEqual(['d0001/s001/', 'd0001/s002/']);
  });

  it('switches to the base client for withPlatformCredentials and back afterwards', async () => {
    const { doc, sent } = setup();
    await tenantContext.run({ tenantPath: 'd0001/' }, async () => {
      await withPlatformCredentials(async () => {
        expect(currentTenantPath()).toBeUndefined();
        await doc.send(get('_platform/EMAIL#a@b.cn'));
      });
      await doc.send(get('d0001/USERS'));
    });
    expect(sent.map((s) => s.via)).toEqual(['base', 'AKIA1']);
  });
});
