import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

const p = await createTestPlatform();
const street = await setUpStreet(p, 'codes-street');
const HERE = { lat: 39.03, lng: 117.72 };
const CODE = /[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}/g;

describe('the tracking code is the citizen’s secret', () => {
  it('no public read returns another citizen’s code, and nothing public opens their report', async () => {
    const first = await p.call('POST', '/public/codes-street/reports', {
      description: '幸福里3号楼前井盖丢失，我是张三，电话13900001111',
      categoryCode: 'garbage',
      location: HERE,
      address: '幸福里3号楼',
      contact: { name: '张三', phone: '13900001111' },
    });
    expect(first.status).toBe(201);
    const secret = first.body.trackingCode as string;

    // a second citizen nearby gets a hint — of the problem, not of the first citizen's code or words
    const second = await p.call('POST', '/public/codes-street/reports', {
      description: '井盖没了',
      categoryCode: 'garbage',
      location: { lat: 39.0301, lng: 117.7201 },
    });
    expect(second.status).toBe(201);
    expect(second.body.duplicates).toHaveLength(1);
    const hintText = JSON.stringify(second.body.duplicates);
    expect(hintText).not.toContain(secret);
    expect(hintText.match(CODE)).toBeNull();
    expect(hintText).not.toContain('张三');

    // Open311 reads, no key: every public id in them, and none is a tracking code
    const list = await p.call('GET', '/open311/v2/requests.json?jurisdiction_id=codes-street');
    expect(list.status).toBe(200);
    expect(list.body.length).toBeGreaterThanOrEqual(2);
    const raw = JSON.stringify(list.body);
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain(second.body.trackingCode);
    expect(raw.match(CODE)).toBeNull();
    for (const word of ['张三', '13900001111', '幸福里3号楼', '井盖没了']) expect(raw).not.toContain(word);
    const xml = await p.app.request('/open311/v2/requests.xml?jurisdiction_id=codes-street');
    const xmlText = await xml.text();
    expect(xmlText).not.toContain(secret);
    expect(xmlText.match(CODE)).toBeNull();

    // what a stranger can take from those reads opens no tracking page and rates nothing
    for (const { service_request_id: id } of list.body as { service_request_id: string }[]) {
      expect((await p.call('GET', `/public/codes-street/reports/${id}`)).status).toBe(404);
      const rated = await p.call('POST', `/public/codes-street/reports/${id}/evaluation`, { rating: 1 });
      expect(rated.status).toBe(404);
    }

    // the citizen, with the code, follows the report
    const own = await p.call('GET', `/public/codes-street/reports/${secret}`);
    expect(own.status).toBe(200);
    expect(own.body.trackingCode).toBe(secret);
    // staff see it (they answer the phone for the citizen)
    const staff = await p.call('GET', '/api/cases?limit=100', undefined, street.tokens.dispatcher);
    expect(JSON.stringify(staff.body)).toContain(secret);
  });
});
