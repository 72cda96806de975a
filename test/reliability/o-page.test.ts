import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { caseIndexKeys, keys } from '@civicgrid/db';
import type { TenantPath } from '@civicgrid/domain';
import { describe, expect, it } from 'vitest';
import { idNumberOf } from '../support/people';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

/**
 * Every read path is O(page) (issue 22): each list route costs the same store calls with 1 000 and with 20 000
 * items in the partitions it could read. The items are written straight to the store (what 20 000 cases, people
 * or dispute files leave there), newer than the few real ones, so a route that read until its page was full, or
 * read everything to filter, would cost more the second time.
 */
const p = await createTestPlatform();
const s = await setUpStreet(p, 'opage');
const path = s.path as TenantPath;
const { store } = p.deps;
const SMALL = 1_000;
const BIG = 20_000;

const call = (method: string, url: string, body: unknown, token: string) => p.call(method, url, body, token);
const act = (id: string, action: string, body: unknown, token = s.tokens.dispatcher) =>
  call('POST', `/api/cases/${id}/actions/${action}`, body, token);
const rare = { code: 'rare', name: '少见', departmentId: s.dept.id, timeLimit: { value: 2, unit: 'workingDays' } };
expect((await call('POST', '/api/categories', rare, s.tokens.admin)).status).toBe(201);
const newCase = async (description: string) =>
  (await call('POST', '/api/cases', { description, gridCode: s.gridCode }, s.tokens.grid)).body.id as string;
const a = await newCase('路灯不亮');
await act(a, 'register', { categoryCode: 'rare' });
await act(a, 'dispatch', { departmentId: s.dept.id });
const b = await newCase('垃圾满溢');
await act(b, 'register', { categoryCode: 'garbage' });
const citizen = await p.call('POST', '/public/opage/reports', { description: '楼道堆物', categoryCode: 'garbage' });
expect(citizen.status).toBe(201);
await p.call('POST', '/public/opage/reports', { description: '重复上报', categoryCode: 'garbage' });
const rejected = (await call('GET', '/api/cases?step=reported&limit=1', undefined, s.tokens.dispatcher)).body.items[0]
  .id as string;
expect((await act(rejected, 'reject', { reason: '重复' })).status).toBe(200);
const number = (await call('GET', `/api/cases/${a}`, undefined, s.tokens.dispatcher)).body.number as string;
for (const [i, name] of ['张伟', '李娜', '王芳'].entries()) {
  const person = { name, idNumber: idNumberOf('120116', '19800512', 100 + i), registration: 'resident' };
  expect((await call('POST', '/api/people', person, s.tokens.admin)).status).toBe(201);
}
const parties = [
  { name: '张三', role: 'applicant', phone: '13900001111' },
  { name: '李四', role: 'respondent' },
];
for (const summary of ['邻里噪音纠纷', '楼道占用纠纷']) {
  const dispute = { kind: 'neighbourhood', summary, source: 'patrol', parties, gridCode: s.gridCode };
  expect((await call('POST', '/api/disputes', dispute, s.tokens.grid)).status).toBe(201);
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const at = encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString());
/** The list routes, each as the user who reads it. */
const routes: Array<[string, string]> = [
  ['/api/cases', 'dispatcher'],
  ['/api/cases?step=reported', 'dispatcher'],
  ['/api/cases?step=rejected', 'dispatcher'],
  [`/api/cases?gridCode=${s.gridCode}`, 'dispatcher'],
  [`/api/cases?departmentId=${s.dept.id}`, 'dispatcher'],
  ['/api/cases?categoryCode=rare', 'dispatcher'],
  [`/api/cases?departmentId=${s.dept.id}&step=dispatched`, 'dispatcher'],
  [`/api/cases?departmentId=${s.dept.id}&dueFrom=${day(-30)}&dueTo=${day(30)}`, 'dispatcher'],
  ['/api/cases?dueFrom=2020-01-01&dueTo=2020-01-31', 'dispatcher'],
  ['/api/cases?overdue=true', 'leader'],
  ['/api/cases?supervised=true', 'leader'],
  ['/api/cases?step=dispatched', 'department'],
  ['/api/cases', 'department'],
  ['/api/cases?scope=subtree', 'dispatcher'],
  ['/api/cases?scope=subtree&categoryCode=rare', 'dispatcher'],
  [`/api/cases?scope=subtree&departmentId=${s.dept.id}`, 'dispatcher'],
  [`/api/cases?scope=subtree&q=${number}`, 'dispatcher'],
  [`/api/cases?scope=subtree&q=${encodeURIComponent('路灯')}`, 'dispatcher'],
  [`/api/cases?scope=subtree&from=${at}`, 'dispatcher'],
  ['/api/cases?scope=subtree&sort=deadline', 'dispatcher'],
  ['/api/cases?scope=subtree&overdue=true', 'leader'],
  ['/api/cases-export?categoryCode=rare', 'dispatcher'],
  ['/api/worklists/counts', 'dispatcher'],
  [`/api/cases/${b}/duplicates`, 'dispatcher'],
  ['/open311/v2/requests.json?jurisdiction_id=opage', 'public'],
  ['/open311/v2/requests.json?jurisdiction_id=opage&service_code=garbage&status=open', 'public'],
  ['/api/people', 'admin'],
  ['/api/disputes', 'dispatcher'],
];

/** The store calls one request makes, and the list partitions (Queries with a Limit) it read. */
async function counted(
  request: () => Promise<number>,
): Promise<{ status: number; calls: string[]; queried: string[] }> {
  const doc = store.doc as unknown as { send: (command: unknown) => Promise<unknown> };
  const send = doc.send;
  const calls: string[] = [];
  const queried = new Set<string>();
  doc.send = (command: unknown) => {
    calls.push((command as object).constructor.name);
    const input = (command as { input?: { ExpressionAttributeValues?: Record<string, unknown>; Limit?: number } })
      .input;
    const pk = input?.ExpressionAttributeValues?.[':pk'];
    if (command instanceof QueryCommand && typeof pk === 'string' && input?.Limit !== undefined) queried.add(pk);
    return send.call(store.doc, command);
  };
  try {
    return { status: await request(), calls, queried: [...queried] };
  } finally {
    doc.send = send;
  }
}

/** Count the store calls of each list route in steady use (caches warm). */
async function measure(): Promise<Record<string, { status: number; calls: string[]; queried: string[] }>> {
  const out: Record<string, { status: number; calls: string[]; queried: string[] }> = {};
  for (const [url, role] of routes) {
    const token = role === 'public' ? undefined : s.tokens[role as keyof typeof s.tokens];
    const request = async () => {
      const res = await p.app.request(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      await res.arrayBuffer();
      return res.status;
    };
    await request();
    // the fewer of two calls: a per-user cache that expires between them costs one call its lookups again
    const [one, two] = [await counted(request), await counted(request)];
    out[`${role} ${url}`] = one.calls.length <= two.calls.length ? one : two;
  }
  return out;
}

/** Write items 25 a call, 8 calls at a time. */
async function writeAll(items: Record<string, unknown>[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const batch = items.slice(next, next + 25);
      next += 25;
      let pending: Record<string, unknown>[] = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const res = await store.doc.send(new BatchWriteCommand({ RequestItems: { [store.tableName]: pending } }));
        pending = (res.UnprocessedItems?.[store.tableName] ?? []) as Record<string, unknown>[];
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** The noise's creation instant: after every real case, before any list's window ends (ids order them). */
const createdAt = new Date().toISOString();
const noiseId = (i: number) => `${rejected}n${String(i).padStart(6, '0')}`;

/**
 * Cases `from`…`to` of the noise: copies of the rejected citizen report, newer than every real case, in the grid
 * and the department (so in every case index a list could read), closed, of the common category.
 */
async function noiseCases(from: number, to: number): Promise<void> {
  const item = (
    await store.doc.send(new GetCommand({ TableName: store.tableName, Key: keys.caseMeta(path, rejected) }))
  ).Item as Record<string, unknown>;
  const items = [];
  for (let i = from; i < to; i++) {
    const id = noiseId(i);
    const state = { id, createdAt, step: 'rejected', gridCode: s.gridCode, departmentId: s.dept.id };
    items.push({ ...item, ...state, ...keys.caseMeta(path, id), ...caseIndexKeys(path, state) });
  }
  await writeAll(items);
}

/** Fill the list partitions a route read to `size` items with copies of their own newest item. */
async function padPartitions(pks: string[], from: number, to: number): Promise<void> {
  for (const pk of pks) {
    const res = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const newest = res.Items?.[0];
    if (!newest) continue;
    const items = [];
    for (let i = from; i < to; i++)
      items.push({ ...newest, SK: `${String(newest.SK)}~pad${String(i).padStart(6, '0')}` });
    await writeAll(items);
  }
}

describe('every list route is O(page)', () => {
  it(`costs the same store calls with ${SMALL} and ${BIG} items`, async () => {
    const base = await measure();
    for (const [route, m] of Object.entries(base)) expect(m.status, route).toBe(200);
    // the generic stores' list partitions (people, dispute files): padded like the cases
    const generic = [
      ...new Set([...(base['admin /api/people']?.queried ?? []), ...(base['dispatcher /api/disputes']?.queried ?? [])]),
    ];
    expect(generic.length).toBeGreaterThanOrEqual(2);

    await Promise.all([noiseCases(0, SMALL), padPartitions(generic, 0, SMALL)]);
    const small = await measure();
    await Promise.all([noiseCases(SMALL, BIG), padPartitions(generic, SMALL, BIG)]);
    const big = await measure();

    for (const [route, m] of Object.entries(small)) {
      expect(big[route], route).toEqual(m);
      expect(m.status, route).toBe(200);
    }
    // the noise is where a read-until-full would have met it: the newest cases of the tenant's own list
    const newest = await call('GET', '/api/cases?limit=1', undefined, s.tokens.dispatcher);
    expect(newest.body.items[0].id).toBe(noiseId(BIG - 1));
    // and the rare category's own list still finds its one case under 20 000 newer ones
    const found = await call('GET', '/api/cases?categoryCode=rare', undefined, s.tokens.dispatcher);
    expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([a]);
  }, 600_000);
});
