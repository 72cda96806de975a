import { BatchWriteCommand, DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { backfillCaseListIndex, CaseRepository, type Store, viewPK } from '@civicgrid/db';
import type { TenantPath } from '@civicgrid/domain';
import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

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

  it('searches free text by the description’s terms and lists a 协办 department’s own cases', async () => {
    const street = await p.signup('text-street', 'street');
    const s = street.token;
    const lead = (await p.call('POST', '/api/departments', { name: '城管科' }, s)).body;
    const assist = (await p.call('POST', '/api/departments', { name: '市政科' }, s)).body;
    const cat = { code: 'road', name: '道路', departmentId: lead.id, timeLimit: { value: 2, unit: 'workingDays' } };
    expect((await p.call('POST', '/api/categories', cat, s)).status).toBe(201);
    const report = async (description: string) =>
      (await p.call('POST', '/api/cases', { description, categoryCode: 'road' }, s)).body as { id: string };
    const garbage = await report('小区门口垃圾堆放三天无人清理');
    const manhole = await report('幸福路井盖丢失，夜间有人掉落危险');
    const both = await report('井盖旁垃圾成堆');
    const list = async (query: string, token = s) => p.call('GET', `/api/cases?${query}`, undefined, token);
    const ids = (res: Awaited<ReturnType<typeof list>>) => res.body.items.map((c: { id: string }) => c.id);
    const q = (text: string) => `scope=subtree&q=${encodeURIComponent(text)}`;

    expect(ids(await list(q('垃圾')))).toEqual([both.id, garbage.id]);
    expect(ids(await list(q('井盖丢失')))).toEqual([manhole.id]); // every term of the query
    expect(ids(await list(q('垃圾 井盖')))).toEqual([both.id]);
    expect(ids(await list(q('停车')))).toEqual([]);
    const one = await list(q('井'));
    expect(one.status).toBe(400);
    expect(one.body.error.details[0].path).toBe('q');

    // 主办 + 协办: the assisting department lists the case as its own 协办 work
    const dispatched = await p.call(
      'POST',
      `/api/cases/${manhole.id}/actions/dispatch`,
      { departmentId: lead.id, assistingDepartmentIds: [assist.id] },
      s,
    );
    expect(dispatched.status).toBe(409); // not registered yet
    await p.call('POST', `/api/cases/${manhole.id}/actions/register`, { categoryCode: 'road' }, s);
    const sent = await p.call(
      'POST',
      `/api/cases/${manhole.id}/actions/dispatch`,
      { departmentId: lead.id, assistingDepartmentIds: [assist.id] },
      s,
    );
    expect(sent.status).toBe(200);
    const assistUser = await p.call(
      'POST',
      '/api/users',
      {
        name: '市政',
        email: 'assist@text.test',
        password: 'assist-password',
        roles: ['department'],
        departmentId: assist.id,
      },
      s,
    );
    expect(assistUser.status).toBe(201);
    const assistToken = (
      await p.call('POST', '/api/auth/login', { email: 'assist@text.test', password: 'assist-password' })
    ).body.token as string;
    expect(ids(await list('assisting=true', assistToken))).toEqual([manhole.id]);
    // its ordinary list is the cases it leads: none
    expect(ids(await list('', assistToken))).toEqual([]);
    // the centre names the department
    expect(ids(await list(`assisting=true&departmentId=${assist.id}`))).toEqual([manhole.id]);
    expect(ids(await list(`assisting=true&departmentId=${lead.id}`))).toEqual([]);
    const unnamed = await list('assisting=true');
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error.details[0].path).toBe('departmentId');
    // a department still cannot search the tenant
    expect((await list(q('垃圾'), assistToken)).status).toBe(403);
  }, 120_000);

  it('serves the own list’s category and a department’s step from views, refuses other combinations, backfills old cases', async () => {
    const s = await setUpStreet(p, 'own-views');
    const rare = { code: 'rare', name: '少见', departmentId: s.dept.id, timeLimit: { value: 2, unit: 'workingDays' } };
    expect((await p.call('POST', '/api/categories', rare, s.tokens.admin)).status).toBe(201);
    const report = async (description: string) =>
      (await p.call('POST', '/api/cases', { description, gridCode: s.gridCode }, s.tokens.grid)).body.id as string;
    const act = (id: string, action: string, body: unknown, token = s.tokens.dispatcher) =>
      p.call('POST', `/api/cases/${id}/actions/${action}`, body, token);
    const a = await report('路灯不亮');
    const b = await report('垃圾满溢');
    const c = await report('井盖松动');
    await act(a, 'register', { categoryCode: 'rare' });
    await act(a, 'dispatch', { departmentId: s.dept.id });
    await act(b, 'register', { categoryCode: 'garbage' });
    await act(b, 'dispatch', { departmentId: s.dept.id });
    await act(b, 'handle', { note: '已清运' }, s.tokens.department);
    const list = (query: string, token = s.tokens.dispatcher) => p.call('GET', `/api/cases?${query}`, undefined, token);
    const ids = (res: Awaited<ReturnType<typeof list>>) => res.body.items.map((x: { id: string }) => x.id);

    expect(ids(await list('categoryCode=rare'))).toEqual([a]);
    expect(ids(await list('categoryCode=garbage'))).toEqual([b]);
    // a department's own list at one step (its 待办), and the centre naming the department
    expect(ids(await list('step=dispatched', s.tokens.department))).toEqual([a]);
    expect(ids(await list('step=handled', s.tokens.department))).toEqual([b]);
    expect(ids(await list(`step=dispatched&departmentId=${s.dept.id}`))).toEqual([a]);
    expect(ids(await list('step=dispatched', s.tokens.otherDepartment))).toEqual([]);
    // one key each: step, grid, department
    expect(ids(await list('step=reported'))).toEqual([c]);
    expect(ids(await list(`gridCode=${s.gridCode}`))).toEqual([c, b, a]);
    expect(ids(await list(`departmentId=${s.dept.id}`))).toEqual([b, a]);
    // two filters no one key serves: a 400 naming them, never a read until the page is full
    for (const [query, named] of [
      ['step=reported&categoryCode=garbage', 'step + categoryCode'],
      [`step=reported&gridCode=${s.gridCode}`, 'step + gridCode'],
      [`categoryCode=rare&gridCode=${s.gridCode}`, 'gridCode + categoryCode'],
      ['categoryCode=rare', 'categoryCode + departmentId'],
    ] as const) {
      const token = named.endsWith('departmentId') ? s.tokens.department : s.tokens.dispatcher;
      const refused = await list(query, token);
      expect(refused.status, query).toBe(400);
      expect(refused.body.error.code).toBe('unsupported_filter_combination');
      expect(refused.body.error.details[0].params.filters).toBe(named);
    }

    // cases stored before the views existed: the list misses them until the backfill has run (once, idempotent)
    const path = s.path as TenantPath;
    const own = viewPK(path, 'OWN', 'CAT#rare');
    const entry = await p.deps.store.doc.send(
      new QueryCommand({
        TableName: p.deps.store.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': own },
      }),
    );
    expect(entry.Items).toHaveLength(1);
    await p.deps.store.doc.send(
      new DeleteCommand({
        TableName: p.deps.store.tableName,
        Key: { PK: own, SK: String(entry.Items?.[0]?.SK) },
      }),
    );
    expect(ids(await list('categoryCode=rare'))).toEqual([]);
    const first = await backfillCaseListIndex(p.deps.store, path);
    expect(first.cases).toBe(3);
    expect(ids(await list('categoryCode=rare'))).toEqual([a]);
    const second = await backfillCaseListIndex(p.deps.store, path);
    expect(second).toEqual(first);
    expect(ids(await list('categoryCode=rare'))).toEqual([a]);
  }, 120_000);
});
