import { tenantPath } from '@civicgrid/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestTable, dynamoEndpoint } from '../../../test/support/env';
import { createDynamo, type Store } from './client';
import { TenantRepository } from './tenant-repository';
import { UsageRepository } from './usage-repository';

let store: Store;
let usage: UsageRepository;
const path = tenantPath('s901/');

beforeAll(async () => {
  const { client, doc } = createDynamo({ endpoint: dynamoEndpoint() });
  store = { doc, tableName: await createTestTable(client) };
  usage = new UsageRepository(store);
});

describe('UsageRepository', () => {
  it('ADDs counters and user ids per tenant, day and group, and reads a period across months', async () => {
    await usage.apply({ path, day: '2026-01-31', group: 'api', add: { requests: 3 }, users: ['u1', 'u2'] });
    await usage.apply({ path, day: '2026-01-31', group: 'api', add: { requests: 2 }, users: ['u2', 'u3'] });
    await usage.apply({ path, day: '2026-02-01', group: 'public', add: { requests: 7, reports: 1 } });
    await usage.apply({ path, day: '2026-02-02', group: 'api', add: {} }); // nothing to write
    // another tenant's meters stay apart
    await usage.apply({ path: tenantPath('s902/'), day: '2026-01-31', group: 'api', add: { requests: 100 } });

    const rows = await usage.read(path, '2026-01-01', '2026-02-28');
    expect(rows).toHaveLength(2);
    const jan = rows.find((r) => r.day === '2026-01-31');
    expect(jan).toMatchObject({ group: 'api', counters: { requests: 5 } });
    expect(jan?.users.sort()).toEqual(['u1', 'u2', 'u3']);
    expect(rows.find((r) => r.day === '2026-02-01')).toMatchObject({
      group: 'public',
      counters: { requests: 7, reports: 1 },
      users: [],
    });
    expect(await usage.read(path, '2026-02-01', '2026-02-01')).toHaveLength(1);
  });

  it('keeps an all-time storage total beside the daily items', async () => {
    expect(await usage.storedBytes(path)).toBe(0);
    await usage.apply({ path, day: '2026-01-05', group: 'api', add: { storageBytes: 1000 } });
    await usage.apply({ path, day: '2026-03-05', group: 'api', add: { storageBytes: 24 } });
    expect(await usage.storedBytes(path)).toBe(1024);
  });

  it('changes a plan only of an existing tenant', async () => {
    const tenants = new TenantRepository(store);
    const t = await tenants.create({ name: 'T', slug: 'usage-plan', level: 'street', status: 'active' }, new Date());
    expect(t.plan).toBe('trial');
    const changed = await usage.setPlan(t.path, 'standard');
    expect(changed).toMatchObject({ plan: 'standard', version: 2, slug: 'usage-plan' });
    await expect(usage.setPlan(tenantPath('s999/'), 'standard')).rejects.toThrow('Tenant not found');
  });
});
