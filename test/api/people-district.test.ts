import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { idNumberOf, withBadCheckDigit } from '../support/people';
import { createTestPlatform } from '../support/platform';

const p = await createTestPlatform();
const district = await p.signup('dl-district', 'district');
const s1 = await p.signup('dl-street-1', 'street', 'dl-district');
const s2 = await p.signup('dl-street-2', 'street', 'dl-district');
const pending = await p.signup('dl-street-pending', 'street', 'dl-district');
const otherDistrict = await p.signup('dl-other', 'district');
const foreign = await p.signup('dl-foreign', 'street', 'dl-other');
for (const [street, by] of [
  [s1, district],
  [s2, district],
  [foreign, otherDistrict],
] as const) {
  const approved = await p.call('POST', `/api/tenants/${street.tenant.id}/approve`, {}, by.token);
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
}

const ID = idNumberOf('120116', '19800315', 41);
const register = async (token: string, name: string, idNumber = ID) => {
  const res = await p.call('POST', '/api/people', { name, idNumber, registration: 'floating' }, token);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
};
const inS1 = await register(s1.token, '王一');
const inS2 = await register(s2.token, '王一');
await register(pending.token, '王一');
await register(foreign.token, '王一');
await register(s1.token, '李二', idNumberOf('120116', '19800316', 42));

describe('a district finds one person across its streets by the ID hash', () => {
  it('reads one indexed Query per approved tenant of its subtree, never a Scan, and answers masked', async () => {
    const send = vi.spyOn(p.deps.store.doc, 'send');
    const res = await p.call('POST', '/api/people/lookup', { idNumber: ID }, district.token);
    const calls = send.mock.calls.map(([command]) => command);
    const results = await Promise.all(send.mock.results.map((r) => r.value));
    send.mockRestore();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.tenantsSearched).toBe(3); // the district itself and its two approved streets
    expect(res.body.items.map((x: { id: string; tenantId: string }) => [x.id, x.tenantId]).sort()).toEqual(
      [
        [inS1, s1.tenant.id],
        [inS2, s2.tenant.id],
      ].sort(),
    );
    for (const item of res.body.items) {
      expect(item.idNumber).toMatch(/^120\*{11}\d{3}[\dX]$/);
      expect(item.idNumber).not.toBe(ID);
      expect(item.masked).toBe(true);
    }
    expect(calls.some((command) => command instanceof ScanCommand)).toBe(false);
    const idQueries = calls
      .map((command, i) => ({ command, result: results[i] }))
      .filter(({ command }) => command instanceof QueryCommand)
      .filter(({ command }) =>
        String((command as QueryCommand).input.ExpressionAttributeValues?.[':pk']).includes('PERSON#IX#idn#'),
      );
    expect(idQueries).toHaveLength(3);
    for (const { command, result } of idQueries) {
      // only keys within the district's own subtree, each query reading at most one item
      expect(String((command as QueryCommand).input.ExpressionAttributeValues?.[':pk'])).toMatch(
        new RegExp(`^${district.tenant.path}`),
      );
      expect(result.ScannedCount).toBeLessThanOrEqual(1);
    }
  });

  it('finds only its own people for a street, nobody of another district, and names a bad ID number', async () => {
    const own = await p.call('POST', '/api/people/lookup', { idNumber: ID }, s1.token);
    expect(own.body).toMatchObject({ tenantsSearched: 1, items: [{ id: inS1, tenantId: s1.tenant.id }] });
    const other = await p.call('POST', '/api/people/lookup', { idNumber: ID }, otherDistrict.token);
    expect(other.body.items.map((x: { tenantId: string }) => x.tenantId)).toEqual([foreign.tenant.id]);
    const bad = await p.call('POST', '/api/people/lookup', { idNumber: withBadCheckDigit(ID) }, district.token);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('idNumber');
    const missing = await p.call('POST', '/api/people/lookup', {}, district.token);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].path).toBe('idNumber');
  });

  it('reveals a street’s person to the district only with a reason, logged in the street’s access log', async () => {
    const noReason = await p.call('POST', `/api/people/${inS2}/reveal`, {}, district.token);
    expect(noReason.status).toBe(400);
    const revealed = await p.call('POST', `/api/people/${inS2}/reveal`, { reason: '区级核查重复登记' }, district.token);
    expect(revealed.status, JSON.stringify(revealed.body)).toBe(200);
    expect(revealed.body.idNumber).toBe(ID);
    const log = await p.call('GET', `/api/access-log?subject=${inS2}`, undefined, s2.token);
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0]).toMatchObject({
      action: 'reveal',
      subjectId: inS2,
      reason: '区级核查重复登记',
      actorId: district.user.id,
    });
    // another district's admin gets a 404 for the street's person, on read and on reveal
    expect((await p.call('GET', `/api/people/${inS2}`, undefined, otherDistrict.token)).status).toBe(404);
    expect(
      (await p.call('POST', `/api/people/${inS2}/reveal`, { reason: 'curious' }, otherDistrict.token)).status,
    ).toBe(404);
  });
});
