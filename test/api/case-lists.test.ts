import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { CaseRepository, type Store, viewPK } from '@civicgrid/db';
import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';

const p = await createTestPlatform();

/** A repository whose store counts the requests and the items DynamoDB examined. */
function countingRepository() {
  const real = p.deps.store;
  const cost = { requests: 0, examined: 0 };
  const doc = {
    send: async (command: Parameters<Store['doc']['send']>[0]) => {
      cost.requests++;
      const out = (await real.doc.send(command as never)) as {
        ScannedCount?: number;
        Responses?: Record<string, unknown[]>;
      };
      cost.examined += out.ScannedCount ?? Object.values(out.Responses ?? {}).flat().length;
      return out;
    },
  };
  const store = { ...real, doc } as unknown as Store;
  return { repo: new CaseRepository(store, p.deps.config.cursorSecret), cost };
}

/** `n` more index entries of a common category under `listing` (what n more cases there would add to the index). */
async function padIndex(listing: string, casePath: string, n: number, offset: number) {
  for (let i = 0; i < n; i += 25) {
    const items = Array.from({ length: Math.min(25, n - i) }, (_, j) => ({
      PutRequest: {
        Item: {
          PK: viewPK(listing, 'TREE', 'CAT#common'),
          SK: `2026-01-01T00:00:00.000Z#pad-${offset + i + j}`,
          caseId: `pad-${offset + i + j}`,
          casePath,
        },
      },
    }));
    await p.deps.store.doc.send(new BatchWriteCommand({ RequestItems: { [p.deps.store.tableName]: items } }));
  }
}

describe('subtree and flag lists', () => {
  it('list the subtree by category, search, date range and deadline from the index; refuse what it cannot serve', async () => {
    const district = await p.signup('lists-district', 'district');
    const street = await p.signup('lists-street', 'street', 'lists-district');
    await p.call('POST', `/api/tenants/${street.tenant.id}/approve`, {}, district.token);
    const s = street.token;
    const dept = (await p.call('POST', '/api/departments', { name: '城管' }, s)).body;
    for (const code of ['rare', 'common']) {
      const res = await p.call(
        'POST',
        '/api/categories',
        { code, name: code, departmentId: dept.id, timeLimit: { value: 2, unit: 'workingDays' } },
        s,
      );
      expect(res.status).toBe(201);
    }
    const report = async (categoryCode: string) =>
      (await p.call('POST', '/api/cases', { description: `${categoryCode} 案件`, categoryCode }, s)).body;
    const rare = await report('rare');
    const common = await report('common');
    await p.call('POST', `/api/cases/${common.id}/actions/register`, { categoryCode: 'common' }, s);
    await p.call('POST', `/api/cases/${common.id}/actions/dispatch`, { departmentId: dept.id }, s);

    const list = async (query: string, token = district.token) =>
      p.call('GET', `/api/cases?${query}`, undefined, token);
    const ids = (res: Awaited<ReturnType<typeof list>>) => res.body.items.map((c: { id: string }) => c.id);

    const tree = await list('scope=subtree');
    expect(tree.status).toBe(200);
    expect(ids(tree)).toEqual([common.id, rare.id]);
    expect(tree.body.items[0]).toMatchObject({ tenantId: street.tenant.id });
    expect(ids(await list('scope=subtree&categoryCode=rare'))).toEqual([rare.id]);
    const page = await p.call('GET', `/api/cases/${rare.id}`, undefined, s);
    expect(ids(await list(`scope=subtree&q=${page.body.number}`))).toEqual([rare.id]);
    expect(ids(await list(`scope=subtree&from=${encodeURIComponent(page.body.createdAt)}`))).toEqual([
      common.id,
      rare.id,
    ]);
    expect(ids(await list('scope=subtree&to=2020-01-01T00:00:00%2B08:00'))).toEqual([]);
    expect(ids(await list('scope=subtree&sort=deadline'))).toEqual([common.id]); // the only running clock
    expect(ids(await list('scope=subtree&sort=deadline&overdue=true'))).toEqual([]);
    // the street sees its own subtree
    expect(ids(await list('scope=subtree', s))).toEqual([common.id, rare.id]);

    // two views at once cannot be one indexed read: 400 naming the combination
    const both = await list('scope=subtree&categoryCode=rare&supervised=true');
    expect(both.status).toBe(400);
    expect(both.body.error.code).toBe('unsupported_filter_combination');
    expect(both.body.error.message).toContain('categoryCode + supervised');
    const legacy = await list('scope=subtree&step=reported');
    expect(legacy.status).toBe(400);
    expect(legacy.body.error.message).toContain('step');

    // the rare category's page costs the same with 1 000 or 6 000 other cases in the subtree's index
    const { repo, cost } = countingRepository();
    const districtPath = district.tenant.path;
    await padIndex(districtPath, street.tenant.path, 1000, 0);
    await repo.listByIndex(districtPath, { scope: 'subtree', categoryCode: 'rare', limit: 20 }, new Date());
    const small = { ...cost };
    await padIndex(districtPath, street.tenant.path, 5000, 1000);
    cost.requests = 0;
    cost.examined = 0;
    const big = await repo.listByIndex(districtPath, { scope: 'subtree', categoryCode: 'rare', limit: 20 }, new Date());
    expect(big.items.map((i) => i.state.id)).toEqual([rare.id]);
    expect(cost).toEqual(small);
    expect(cost).toEqual({ requests: 2, examined: 2 }); // one Query (1 entry) + one BatchGet (1 case)
  }, 120_000);
});
