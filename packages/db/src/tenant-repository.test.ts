import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type TenantPath, tenantPath } from '@civicgrid/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestTable, dynamoEndpoint } from '../../../test/support/env';
import { createDynamo, type Store } from './client';
import { keys } from './keys';
import { TenantRepository } from './tenant-repository';
import type { UserRecord } from './user-repository';

let store: Store;
let tenants: TenantRepository;
const now = new Date('2026-11-25T02:00:00Z');

function admin(email: string): UserRecord {
  return {
    id: `u-${email}`,
    tenantPath: '' as TenantPath,
    tenantId: '',
    name: 'Admin',
    email,
    roles: ['tenant_admin'],
    status: 'active',
    passwordHash: 'x',
    failedLogins: 0,
    createdAt: now.toISOString(),
    version: 1,
  };
}

beforeAll(async () => {
  const { client, doc } = createDynamo({ endpoint: dynamoEndpoint() });
  store = { doc, tableName: await createTestTable(client) };
  tenants = new TenantRepository(store);
});

describe('TenantRepository', () => {
  it('allocates hierarchical paths and lists a subtree from its index', async () => {
    const district = await tenants.create(
      { name: 'D', slug: 'repo-district', level: 'district', status: 'active' },
      now,
    );
    expect(district.path).toMatch(/^d\d{4}\/$/);
    const street = await tenants.create(
      { name: 'S', slug: 'repo-street', level: 'street', parentPath: district.path, status: 'pending' },
      now,
    );
    expect(street.path).toBe(`${district.path}s001/`);
    const community = await tenants.create(
      { name: 'C', slug: 'repo-community', level: 'community', parentPath: street.path, status: 'active' },
      now,
    );
    expect(community.path).toBe(`${street.path}c001/`);
    expect(community.id).toBe(community.path.slice(0, -1).replaceAll('/', '.'));

    const below = await tenants.listSubtree(district.path);
    expect(below.map((t) => t.slug)).toEqual(['repo-street', 'repo-community']);
    expect(await tenants.listSubtree(street.path)).toHaveLength(1);
    expect((await tenants.getBySlug('repo-street'))?.status).toBe('pending');
  });

  it('writes nothing when the slug is taken (the transaction is all or nothing)', async () => {
    await tenants.create({ name: 'A', slug: 'repo-taken', level: 'street', status: 'active' }, now, admin('a@x.test'));
    await expect(
      tenants.create({ name: 'B', slug: 'repo-taken', level: 'street', status: 'active' }, now, admin('b@x.test')),
    ).rejects.toMatchObject({ status: 409, code: 'slug_taken' });
    // the second tenant's e-mail was not registered, so it is free for a later sign-up
    const email = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: keys.email('b@x.test') }));
    expect(email.Item).toBeUndefined();
    const again = await tenants.create(
      { name: 'B', slug: 'repo-free', level: 'street', status: 'active' },
      now,
      admin('b@x.test'),
    );
    expect(again.slug).toBe('repo-free');
  });

  it('refuses a second tenant for an e-mail already registered', async () => {
    await expect(
      tenants.create({ name: 'C', slug: 'repo-other', level: 'street', status: 'active' }, now, admin('a@x.test')),
    ).rejects.toMatchObject({ status: 409, code: 'email_taken' });
    expect(await tenants.getBySlug('repo-other')).toBeUndefined();
  });

  it('changes status only from an allowed status (conditional write)', async () => {
    const district = await tenants.create({ name: 'D2', slug: 'repo-d2', level: 'district', status: 'active' }, now);
    const street = await tenants.create(
      { name: 'S2', slug: 'repo-s2', level: 'street', parentPath: tenantPath(district.path), status: 'pending' },
      now,
    );
    const approved = await tenants.setStatus(street.path, ['pending'], 'active');
    expect(approved).toMatchObject({ status: 'active', version: 2 });
    await expect(tenants.setStatus(street.path, ['pending'], 'active')).rejects.toMatchObject({ status: 409 });
  });

  it('allocates distinct paths to concurrent sign-ups', async () => {
    const created = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        tenants.create({ name: `P${i}`, slug: `repo-par-${i}`, level: 'street', status: 'active' }, now),
      ),
    );
    expect(new Set(created.map((t) => t.path)).size).toBe(10);
  });
});

describe('getBySlug with maxAgeMs', () => {
  it('reuses a resolved slug within the window; a status change through any repository drops it', async () => {
    let clock = 1_000;
    const here = new TenantRepository(store, () => clock);
    const t = await here.create({ name: 'Cached', slug: 'cached-slug', level: 'street', status: 'active' }, now);
    expect((await here.getBySlug('cached-slug', { maxAgeMs: 5_000 }))?.status).toBe('active');
    // same store, another repository (another route of this process): the cached answer goes at once
    await new TenantRepository(store).setStatus(t.path, ['active'], 'suspended');
    expect((await here.getBySlug('cached-slug', { maxAgeMs: 5_000 }))?.status).toBe('suspended');
    // a change by another process (another client on the table) is seen when the window ends
    const { doc } = createDynamo({ endpoint: dynamoEndpoint() });
    const other = new TenantRepository({ doc, tableName: store.tableName });
    await other.setStatus(t.path, ['suspended'], 'active');
    expect((await here.getBySlug('cached-slug', { maxAgeMs: 5_000 }))?.status).toBe('suspended');
    expect((await here.getBySlug('cached-slug'))?.status).toBe('active'); // without maxAgeMs: always the store
    clock += 5_000;
    expect((await here.getBySlug('cached-slug', { maxAgeMs: 5_000 }))?.status).toBe('active');
    expect(await here.getBySlug('no-such-slug', { maxAgeMs: 5_000 })).toBeUndefined();
  });
});
