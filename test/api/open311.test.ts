import { CaseRepository } from '@civicgrid/db';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';
import {
  discoverySchema,
  errorsSchema,
  postResponseSchema,
  schemaErrors,
  serviceDefinitionSchema,
  serviceRequestsSchema,
  servicesSchema,
  tokenSchema,
} from './open311-schemas';

const p = await createTestPlatform({
  config: {
    rateLimits: {
      signupsPerHour: 10_000,
      loginsPerMinute: 10_000,
      reportsPerMinute: 10_000,
      reportsPerTenantPerMinute: 10_000,
      lookupsPerMinute: 10_000,
    },
  },
});
const repo = new CaseRepository(p.deps.store, p.deps.config.cursorSecret);
const BASE = '/open311/v2';
const J = 'o311-street';
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
const xml = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ['service', 'request', 'error', 'attribute', 'endpoint', 'format', 'value'].includes(name),
});

let street: Awaited<ReturnType<typeof setUpStreet>>;
let apiKey: string;
let otherKey: string;

/** A raw request: the status, the content type and the body (parsed JSON, or parsed XML, or text). */
async function get(path: string) {
  const res = await p.app.request(path);
  return decode(res);
}
async function post(path: string, form: Record<string, string>) {
  const res = await p.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return decode(res);
}
async function decode(res: Response) {
  const type = res.headers.get('content-type') ?? '';
  const raw = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: documents are checked against schemas and by field
  let body: any = raw;
  if (type.startsWith('application/json')) body = JSON.parse(raw);
  if (type.startsWith('text/xml')) {
    expect(raw.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    body = xml.parse(raw);
  }
  return { status: res.status, type, body, raw };
}
const valid = (schema: object, data: unknown) => expect(schemaErrors(schema, data)).toBeUndefined();

beforeAll(async () => {
  street = await setUpStreet(p, J);
  const lights = await p.call(
    'POST',
    '/api/categories',
    {
      code: 'lights',
      name: '路灯损坏',
      departmentId: street.dept.id,
      timeLimit: { value: 8, unit: 'workingHours' },
      filingCriteria: '路灯不亮、倾斜或灯杆破损 <须注明灯杆编号>',
    },
    street.tokens.admin,
  );
  expect(lights.status).toBe(201);
  const key = await p.call('POST', '/api/api-keys', { name: 'FixMyStreet bridge' }, street.tokens.admin);
  expect(key.status).toBe(201);
  apiKey = key.body.key;
  const other = await setUpStreet(p, 'o311-other');
  otherKey = (await p.call('POST', '/api/api-keys', { name: 'other' }, other.tokens.admin)).body.key;
});

describe('Open311 GeoReport v2, walked in spec order', () => {
  it('discovery → services → definition → POST → GET by id → token → list with filters', async () => {
    // discovery, both formats
    const discovery = await get(`${BASE}/discovery.json`);
    expect(discovery.status).toBe(200);
    valid(discoverySchema, discovery.body);
    expect(discovery.body.endpoints[0].url).toMatch(/\/open311\/v2$/);
    const discoveryXml = await get(`${BASE}/discovery.xml`);
    expect(discoveryXml.type).toBe('text/xml; charset=utf-8');
    expect(discoveryXml.body.discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);

    // services = categories
    const services = await get(`${BASE}/services.json?jurisdiction_id=${J}`);
    expect(services.status).toBe(200);
    valid(servicesSchema, services.body);
    expect(services.body).toEqual([
      {
        service_code: 'garbage',
        service_name: '暴露垃圾',
        description: '暴露垃圾',
        metadata: false,
        type: 'realtime',
        keywords: 'garbage',
        group: '城市管理局',
      },
      expect.objectContaining({ service_code: 'lights', metadata: true, group: '城市管理局' }),
    ]);
    const servicesXml = await get(`${BASE}/services.xml?jurisdiction_id=${J}`);
    expect(servicesXml.body.services.service.map((s: { service_code: string }) => s.service_code)).toEqual([
      'garbage',
      'lights',
    ]);
    expect(servicesXml.body.services.service[1]).toMatchObject({ metadata: 'true', type: 'realtime' });
    // the filing criteria's "<" survives the XML round trip
    expect(servicesXml.raw).toContain('&lt;须注明灯杆编号&gt;');
    expect(servicesXml.body.services.service[1].description).toBe('路灯不亮、倾斜或灯杆破损 <须注明灯杆编号>');

    // service definitions
    const definition = await get(`${BASE}/services/lights.json?jurisdiction_id=${J}`);
    valid(serviceDefinitionSchema, definition.body);
    expect(definition.body.attributes).toEqual([
      expect.objectContaining({ variable: false, code: 'FILING_CRITERIA', datatype: 'text', required: false }),
    ]);
    const plain = await get(`${BASE}/services/garbage.xml?jurisdiction_id=${J}`);
    expect(plain.body.service_definition).toEqual({ service_code: 'garbage', attributes: '' });

    // POST a request (form-encoded, API key)
    const created = await post(`${BASE}/requests.json`, {
      api_key: apiKey,
      jurisdiction_id: J,
      service_code: 'lights',
      lat: '39.0301',
      long: '117.7202',
      address_string: '幸福路 12 号',
      description: '路灯不亮 <已经一周> & 晚上很黑',
      first_name: '小明',
      last_name: '王',
      phone: '+86 139-0000-1111',
      email: 'Citizen@Example.org',
      account_id: 'fms-42',
      device_id: 'ios-abc',
      media_url: 'https://photos.example.org/42.jpg',
      'attribute[FILING_CRITERIA]': 'ignored',
    });
    expect(created.status).toBe(201);
    valid(postResponseSchema, created.body);
    const id = created.body[0].service_request_id as string;
    // the public id is the case id, never the citizen's tracking code
    expect(id).toMatch(/^[a-z0-9.]+-[0-9a-z]+$/);
    expect(created.body[0]).toMatchObject({ service_notice: '处理时限 8 个工作小时', account_id: 'fms-42' });

    // a second request in XML, by address only
    const createdXml = await post(`${BASE}/requests.xml`, {
      api_key: apiKey,
      jurisdiction_id: J,
      service_code: 'garbage',
      address_string: '新港路口',
    });
    expect(createdXml.status).toBe(201);
    const secondId = createdXml.body.service_requests.request[0].service_request_id as string;
    expect(secondId).toMatch(/^[a-z0-9.]+-[0-9a-z]+$/);
    expect(createdXml.body.service_requests.request[0].account_id).toBe('');

    // staff see Open311 cases with their source and the reporter kept privately
    const list = await p.call('GET', '/api/cases?limit=100', undefined, street.tokens.dispatcher);
    const item = list.body.items.find((c: { description: string }) => c.description.startsWith('路灯不亮'));
    expect(item.source).toBe('open311');
    const staffView = await p.call('GET', `/api/cases/${item.id}`, undefined, street.tokens.dispatcher);
    expect(staffView.body.reporter).toEqual({ name: '王小明', phone: '13900001111', email: 'citizen@example.org' });
    expect(staffView.body.id).toBe(id);
    const trackingCode = staffView.body.trackingCode as string;
    expect(trackingCode).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    // the second one fell back to the service name as its description
    expect(list.body.items.some((c: { description: string }) => c.description === '暴露垃圾')).toBe(true);

    // GET one request before staff published it: every field the spec lists, dates with +08:00, none of the
    // citizen's words, address or photo, the point rounded to about 100 m, no personal data, no tracking code
    const unpublished = await get(`${BASE}/requests/${id}.json?jurisdiction_id=${J}`);
    expect(unpublished.status).toBe(200);
    valid(serviceRequestsSchema, unpublished.body);
    expect(unpublished.body[0]).toMatchObject({
      service_request_id: id,
      status: 'open',
      description: null,
      address: null,
      lat: 39.03,
      long: 117.72,
      media_url: null,
    });
    for (const secret of [
      '13900001111',
      '王小明',
      'citizen@example.org',
      'fms-42',
      'ios-abc',
      trackingCode,
      '已经一周',
    ]) {
      expect(unpublished.raw).not.toContain(secret);
    }
    // the tracking code names nothing on the public surface
    expect((await get(`${BASE}/requests/${trackingCode}.json?jurisdiction_id=${J}`)).status).toBe(404);

    // the centre publishes a reviewed text: now the request shows it with the exact place
    const published = await p.call(
      'PUT',
      `/api/cases/${id}/publication`,
      { description: '路灯不亮 <已经一周> & 晚上很黑' },
      street.tokens.dispatcher,
    );
    expect(published.status).toBe(200);
    expect(
      (await p.call('PUT', `/api/cases/${id}/publication`, {}, street.tokens.dispatcher)).body.error.details[0].path,
    ).toBe('description');
    expect((await p.call('PUT', `/api/cases/${id}/publication`, { description: 'x' }, street.tokens.grid)).status).toBe(
      403,
    );
    const one = await get(`${BASE}/requests/${id}.json?jurisdiction_id=${J}`);
    expect(one.status).toBe(200);
    valid(serviceRequestsSchema, one.body);
    expect(one.body).toHaveLength(1);
    const request = one.body[0];
    expect(request).toMatchObject({
      service_request_id: id,
      status: 'open',
      status_notes: 'reported',
      service_name: '路灯损坏',
      service_code: 'lights',
      description: '路灯不亮 <已经一周> & 晚上很黑',
      agency_responsible: null,
      service_notice: '处理时限 8 个工作小时',
      address: '幸福路 12 号',
      lat: 39.0301,
      long: 117.7202,
      media_url: 'https://photos.example.org/42.jpg',
    });
    expect(request.requested_datetime).toMatch(ZONED);
    expect(request.updated_datetime).toMatch(ZONED);
    for (const secret of ['13900001111', '王小明', 'citizen@example.org', 'fms-42', 'ios-abc', trackingCode]) {
      expect(one.raw).not.toContain(secret);
    }
    const oneXml = await get(`${BASE}/requests/${id}.xml?jurisdiction_id=${J}`);
    const x = oneXml.body.service_requests.request[0];
    expect(x).toMatchObject({
      service_request_id: id,
      status: 'open',
      description: '路灯不亮 <已经一周> & 晚上很黑',
      lat: '39.0301',
      long: '117.7202',
      address_id: '',
    });
    expect(oneXml.raw).toContain('&lt;已经一周&gt; &amp; 晚上很黑');

    // tokens: requests are realtime, so the id is its own token
    const token = await get(`${BASE}/tokens/${id}.json?jurisdiction_id=${J}`);
    valid(tokenSchema, token.body);
    expect(token.body).toEqual([{ service_request_id: id, token: id }]);

    // the centre rejects the garbage report: closed in Open311, the step in status_notes; dispatches the other
    const garbageCase = list.body.items.find((c: { description: string }) => c.description === '暴露垃圾');
    await waitForTask(garbageCase.id, 'reported');
    const rejected = await p.call(
      'POST',
      `/api/cases/${garbageCase.id}/actions/reject`,
      { reason: '重复上报' },
      street.tokens.dispatcher,
    );
    expect(rejected.status).toBe(200);
    await waitForTask(item.id, 'reported');
    const act = (action: string, body: unknown) =>
      p.call('POST', `/api/cases/${item.id}/actions/${action}`, body, street.tokens.dispatcher);
    expect((await act('register', { categoryCode: 'lights' })).status).toBe(200);
    await waitForTask(item.id, 'registered');
    expect((await act('dispatch', { departmentId: street.dept.id })).status).toBe(200);

    const all = await get(`${BASE}/requests.json?jurisdiction_id=${J}`);
    valid(serviceRequestsSchema, all.body);
    expect(all.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([secondId, id]);
    const dispatched = all.body[1];
    expect(dispatched).toMatchObject({ status: 'open', status_notes: 'dispatched', agency_responsible: '城市管理局' });
    expect(dispatched.expected_datetime).toMatch(ZONED);

    const ids = async (query: string) => {
      const res = await get(`${BASE}/requests.json?jurisdiction_id=${J}&${query}`);
      expect(res.status, query).toBe(200);
      valid(serviceRequestsSchema, res.body);
      return res.body.map((r: { service_request_id: string }) => r.service_request_id);
    };
    expect(await ids('status=closed')).toEqual([secondId]);
    expect((await get(`${BASE}/requests.json?jurisdiction_id=${J}&status=closed`)).body[0].status_notes).toBe(
      'rejected',
    );
    expect(await ids('status=open')).toEqual([id]);
    expect(await ids('status=open,closed')).toEqual([secondId, id]);
    expect(await ids('service_code=lights')).toEqual([id]);
    expect(await ids('service_code=lights,garbage&status=closed')).toEqual([secondId]);
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(await ids(`start_date=${iso(now - 3_600_000)}`)).toEqual([secondId, id]);
    expect(await ids(`start_date=${iso(now + 3_600_000)}`)).toEqual([]);
    expect(await ids(`end_date=${iso(now - 3_600_000)}`)).toEqual([]);
    // +08:00 in a query (encoded and, as clients often send it, unencoded)
    const shanghai = new Date(now - 3_600_000 + 8 * 3_600_000).toISOString().slice(0, 19);
    expect(await ids(`start_date=${encodeURIComponent(`${shanghai}+08:00`)}`)).toEqual([secondId, id]);
    expect(await ids(`start_date=${shanghai}+08:00`)).toEqual([secondId, id]);
    // several ids at once override every other filter
    expect(await ids(`service_request_id=${id},${secondId}&status=closed`)).toEqual([id, secondId]);
    expect(await ids(`service_request_id=${id.toUpperCase()},ZZZZZ-ZZZZZ`)).toEqual([id]);
    const listXml = await get(`${BASE}/requests.xml?jurisdiction_id=${J}&status=closed`);
    expect(listXml.body.service_requests.request.map((r: { status: string }) => r.status)).toEqual(['closed']);
    const empty = await get(`${BASE}/requests.xml?jurisdiction_id=${J}&service_code=none`);
    expect(empty.body.service_requests).toBe('');
  });

  it('answers errors in the spec’s shape and status, in both formats', async () => {
    const expectError = async (
      res: Awaited<ReturnType<typeof get>>,
      status: number,
      format: 'json' | 'xml',
      mention?: string,
    ) => {
      expect(res.status, res.raw).toBe(status);
      if (format === 'json') {
        valid(errorsSchema, res.body);
        expect(res.body[0].code).toBe(status);
        if (mention) expect(res.body[0].description).toContain(mention);
      } else {
        const errors = res.body.errors.error;
        expect(errors[0].code).toBe(String(status));
        expect(errors[0].description.length).toBeGreaterThan(0);
        if (mention) expect(errors[0].description).toContain(mention);
      }
    };
    for (const f of ['json', 'xml'] as const) {
      await expectError(await get(`${BASE}/services.${f}`), 400, f, 'jurisdiction_id');
      await expectError(await get(`${BASE}/services.${f}?jurisdiction_id=nowhere`), 404, f);
      await expectError(await get(`${BASE}/services/none.${f}?jurisdiction_id=${J}`), 404, f);
      await expectError(await get(`${BASE}/requests/ZZZZZ-ZZZZZ.${f}?jurisdiction_id=${J}`), 404, f);
      await expectError(await get(`${BASE}/tokens/ZZZZZ-ZZZZZ.${f}?jurisdiction_id=${J}`), 404, f);
      await expectError(await get(`${BASE}/requests.${f}?jurisdiction_id=${J}&status=pending`), 400, f, 'status');
      await expectError(
        await get(`${BASE}/requests.${f}?jurisdiction_id=${J}&start_date=2024-01-01&end_date=2024-06-01`),
        400,
        f,
        'end_date',
      );
      await expectError(await get(`${BASE}/requests.${f}?jurisdiction_id=${J}&start_date=yesterday`), 400, f);

      const form = { jurisdiction_id: J, service_code: 'garbage', lat: '39.03', long: '117.72', description: 'x' };
      await expectError(await post(`${BASE}/requests.${f}`, form), 403, f, 'api_key');
      await expectError(await post(`${BASE}/requests.${f}`, { ...form, api_key: 'cg_wrong' }), 403, f);
      // a real key of another jurisdiction is no key here
      await expectError(await post(`${BASE}/requests.${f}`, { ...form, api_key: otherKey }), 403, f);
      const withKey = { ...form, api_key: apiKey };
      await expectError(await post(`${BASE}/requests.${f}`, { ...withKey, jurisdiction_id: 'nowhere' }), 404, f);
      await expectError(await post(`${BASE}/requests.${f}`, { ...withKey, service_code: '' }), 400, f, 'service_code');
      await expectError(await post(`${BASE}/requests.${f}`, { ...withKey, service_code: 'none' }), 404, f);
      const { lat: _lat, long: _long, ...noLocation } = withKey;
      await expectError(await post(`${BASE}/requests.${f}`, noLocation), 400, f, 'lat');
      await expectError(await post(`${BASE}/requests.${f}`, { ...withKey, long: '' }), 400, f, 'long');
      await expectError(await post(`${BASE}/requests.${f}`, { ...withKey, lat: '91' }), 400, f, 'lat');
      await expectError(await post(`${BASE}/requests.${f}`, { ...withKey, phone: '123' }), 400, f, 'phone');
      await expectError(await post(`${BASE}/requests.${f}`, { ...withKey, media_url: 'ftp://x' }), 400, f, 'media_url');
    }
    // an unknown format is a 404 in XML, the one format every client reads
    await expectError(await get(`${BASE}/requests/ABCDE-FGHJK.txt?jurisdiction_id=${J}`), 404, 'xml');
    // JSON bodies are not the spec's form encoding
    const json = await p.app.request(`${BASE}/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: apiKey }),
    });
    expect(json.status).toBe(415);
    // nothing above created a case beyond the walk's two
    const cases = await p.call('GET', '/api/cases?limit=100', undefined, street.tokens.dispatcher);
    expect(cases.body.items.filter((c: { source: string }) => c.source === 'open311')).toHaveLength(2);
  });
});

async function waitForTask(id: string, step: string) {
  for (let i = 0; i < 100; i++) {
    const stored = await repo.get(street.path as never, id);
    if (stored?.taskToken && stored.taskStep === step) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no task token for ${id} at ${step}`);
}
