import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type ActionName, applyAction, createCase, tenantPath } from '@civicgrid/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestTable, dynamoEndpoint } from '../../../test/support/env';
import { fixtureActors, fixtureContext } from '../../domain/src/case/fixtures';
import { CaseRepository } from './case-repository';
import { createDynamo, type Store } from './client';
import { caseIndexKeys, keys } from './keys';
import { readCarry, readCounters } from './kpi-counters';
import { recomputeCohortCounters } from './kpi-migration';

let store: Store;
let repo: CaseRepository;
const path = tenantPath('d0007/s001/');

/** A case taken through `steps` (action, China time, actor), stored transition by transition. */
async function run(id: string, steps: [ActionName, string, keyof typeof fixtureActors, unknown][]) {
  const created = createCase(
    { id, source: 'grid_worker', description: 'x', gridCode: '120116001002003' },
    fixtureActors.grid_worker,
    new Date('2026-03-02T09:30:00+08:00'),
  );
  await repo.create(path, created);
  for (const [action, at, who, body] of steps) {
    const stored = await repo.get(path, id);
    if (!stored) throw new Error('lost');
    const result = applyAction(stored.state, action, body, fixtureActors[who], new Date(`${at}+08:00`), fixtureContext);
    await repo.transition(path, stored, result);
  }
}

async function snapshot() {
  const out: Record<string, unknown> = {};
  for (const dimension of ['tenant', 'department', 'grid', 'user'] as const) {
    const rows = await readCounters(store, path, dimension, '2026-01-01', '2026-12-31', { byDay: true });
    out[dimension] = rows
      .map((r) => ({
        day: r.day,
        value: r.value,
        counters: Object.fromEntries(
          Object.entries(r.counters).filter(([k, v]) =>
            k.startsWith('due') || /Late|Backlog/.test(k) ? v !== 0 : false,
          ),
        ),
      }))
      .filter((r) => Object.keys(r.counters).length > 0)
      .sort((a, b) => `${a.day}${a.value}`.localeCompare(`${b.day}${b.value}`));
    out[`${dimension}-carry-04-01`] = Object.fromEntries(await readCarry(store, path, dimension, '2026-04-01'));
  }
  return out;
}

beforeAll(async () => {
  const { client, doc } = createDynamo({ endpoint: dynamoEndpoint() });
  store = { doc, tableName: await createTestTable(client) };
  repo = new CaseRepository(store, 'test-cursor-secret-0123456789');
  const toDept = [
    ['register', '2026-03-02T10:00:00', 'dispatcher', { categoryCode: 'GARBAGE' }],
    ['dispatch', '2026-03-02T10:05:00', 'dispatcher', { departmentId: 'dept-1' }],
  ] as [ActionName, string, keyof typeof fixtureActors, unknown][];
  await run('m-1', [
    ...toDept,
    ['handle', '2026-03-02T11:00:00', 'department', { note: 'ok' }],
    ['verify', '2026-03-02T11:30:00', 'grid_worker', {}],
    ['close', '2026-03-02T11:45:00', 'dispatcher', {}],
  ]);
  await run('m-2', [
    ...toDept,
    ['extend', '2026-03-02T11:00:00', 'leader', { reason: 'r', until: '2026-03-20T09:00:00Z' }],
  ]);
  await run('m-3', [
    ...toDept,
    ['handle', '2026-03-09T11:00:00', 'department', { note: 'late' }],
    ['verify', '2026-03-09T11:30:00', 'grid_worker', {}],
    ['close', '2026-04-02T10:00:00', 'dispatcher', {}],
  ]);
});

describe('recomputeCohortCounters', () => {
  it('rebuilds the counters the transitions wrote, fixes stray and legacy ones, and changes nothing the second time', async () => {
    const live = await snapshot();
    expect(live.tenant).not.toEqual([]);

    // corrupt: a wrong value on a live item, a stray item in another month, and a case stored before closeDeadline
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: keys.kpi(path, '2026-03-02', 'tenant', 'all'),
        UpdateExpression: 'ADD dueClose :five',
        ExpressionAttributeValues: { ':five': 5 },
      }),
    );
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: {
          ...keys.kpi(path, '2026-06-10', 'tenant', 'all'),
          day: '2026-06-10',
          dimension: 'tenant',
          value: 'all',
          dueClose: 3,
          reported: 7,
        },
      }),
    );
    const legacy = (await repo.get(path, 'm-2'))?.state;
    if (!legacy) throw new Error('lost');
    const { closeDeadline: _c, ...old } = legacy;
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...keys.caseMeta(path, old.id), ...caseIndexKeys(path, old), type: 'case', ...old, private: {} },
      }),
    );
    expect(await snapshot()).not.toEqual(live);

    const first = await recomputeCohortCounters(store, path, new Date('2026-05-01T00:00:00Z'));
    expect(first).toMatchObject({ cases: 3, casesBackfilled: 1 });
    expect(first.itemsWritten).toBeGreaterThanOrEqual(2);
    expect(await snapshot()).toEqual(live);
    // activity counters are left alone
    const june = await readCounters(store, path, 'tenant', '2026-06-01', '2026-06-30', { byDay: true });
    expect(june[0]?.counters.reported).toBe(7);
    expect(june[0]?.counters.dueClose).toBeUndefined();
    expect((await repo.get(path, 'm-2'))?.state.closeDeadline).toBe(legacy.deadline);

    const second = await recomputeCohortCounters(store, path, new Date('2026-05-01T00:00:00Z'));
    expect(second).toEqual({ tenantPath: path, cases: 3, itemsWritten: 0, casesBackfilled: 0 });
    expect(await snapshot()).toEqual(live);
  });
});
