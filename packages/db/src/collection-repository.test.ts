import { tenantPath } from '@civicgrid/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestTable, dynamoEndpoint } from '../../../test/support/env';
import { createDynamo, type Store } from './client';
import { CollectionRepository } from './collection-repository';

interface Dept {
  id: string;
  name: string;
  version: number;
  createdAt: string;
}

let store: Store;
let depts: CollectionRepository<Dept>;
const a = tenantPath('d0001/s001/');
const b = tenantPath('d0001/s002/');

beforeAll(async () => {
  const { client, doc } = createDynamo({ endpoint: dynamoEndpoint() });
  store = { doc, tableName: await createTestTable(client) };
  depts = new CollectionRepository<Dept>(store, 'DEPTS', 'Department');
});

describe('CollectionRepository', () => {
  it('keeps each tenant’s items in its own partition', async () => {
    await depts.create(a, 'x', { id: 'x', name: 'A-x', version: 1, createdAt: 'now' });
    await depts.create(b, 'x', { id: 'x', name: 'B-x', version: 1, createdAt: 'now' });
    expect((await depts.get(a, 'x'))?.name).toBe('A-x');
    expect((await depts.list(b)).map((d) => d.name)).toEqual(['B-x']);
  });

  it('refuses a duplicate id with a 409 naming the field', async () => {
    await expect(depts.create(a, 'x', { id: 'x', name: 'again', version: 1, createdAt: 'now' })).rejects.toMatchObject({
      status: 409,
      details: [{ path: 'id', message: 'already exists', code: 'already_exists' }],
    });
  });

  it('lets exactly one of two concurrent updates with the same version win', async () => {
    await depts.create(a, 'race', { id: 'race', name: 'r', version: 1, createdAt: 'now' });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => depts.update(a, 'race', 1, { name: `writer-${i}` })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.status === 409),
    ).toBe(true);
    expect((await depts.get(a, 'race'))?.version).toBe(2);
  });

  it('pages through a partition larger than one response', async () => {
    const big = tenantPath('d0002/');
    const name = 'x'.repeat(30_000); // ~30 KB each: 40 items exceed DynamoDB's 1 MB page
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        depts.create(big, `k${String(i).padStart(2, '0')}`, { id: `k${i}`, name, version: 1, createdAt: 'now' }),
      ),
    );
    expect(await depts.list(big)).toHaveLength(40);
  });

  it('404s an update or removal of an item that does not exist', async () => {
    await expect(depts.update(b, 'missing', 1, { name: 'n' })).rejects.toMatchObject({ status: 404 });
    await expect(depts.remove(b, 'missing')).rejects.toMatchObject({ status: 404 });
  });
});

describe('CollectionRepository with a cache', () => {
  it('answers from its copy within maxAgeMs, drops it on its own writes, asks the store on a miss', async () => {
    let clock = 1_000;
    const cached = new CollectionRepository<Dept>(store, 'CDEPTS', 'Department', { maxAgeMs: 5_000, now: () => clock });
    const elsewhere = new CollectionRepository<Dept>(store, 'CDEPTS', 'Department'); // another process
    const c = tenantPath('d0001/s009/');
    await cached.create(c, 'x', { id: 'x', name: 'x1', version: 1, createdAt: 'now' });
    expect((await cached.list(c)).map((d) => d.name)).toEqual(['x1']);
    await elsewhere.update(c, 'x', 1, { name: 'x2' });
    expect((await cached.get(c, 'x'))?.name).toBe('x1'); // stale within the window, as documented
    // created elsewhere a moment ago: not in the copy, so the store is asked
    await elsewhere.create(c, 'y', { id: 'y', name: 'y1', version: 1, createdAt: 'now' });
    expect((await cached.get(c, 'y'))?.name).toBe('y1');
    expect(await cached.get(c, 'nope')).toBeUndefined();
    // a write through the cached instance drops its copy at once
    await cached.create(c, 'z', { id: 'z', name: 'z1', version: 1, createdAt: 'now' });
    expect((await cached.list(c)).map((d) => d.name)).toEqual(['x2', 'y1', 'z1']);
    // and the window ends
    await elsewhere.update(c, 'x', 2, { name: 'x3' });
    clock += 5_000;
    expect((await cached.get(c, 'x'))?.name).toBe('x3');
  });
});
