import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';
import { schemaErrors, serviceDefinitionSchema, servicesSchema } from './open311-schemas';

const p = await createTestPlatform();
const BASE = '/open311/v2';

describe('category attributes', () => {
  it('are the Open311 service definition of a category (variable, datatype, required, values), with metadata', async () => {
    const street = await p.signup('attr-street', 'street');
    const t = street.token;
    const dept = (await p.call('POST', '/api/departments', { name: '市政科' }, t)).body;
    const manhole = {
      code: 'manhole',
      name: '井盖',
      kind: 'component',
      departmentId: dept.id,
      timeLimit: { value: 4, unit: 'workingHours' },
      attributes: [
        {
          code: 'coverType',
          datatype: 'singlevaluelist',
          required: true,
          description: '井盖类型',
          values: [
            { key: 'rain', name: '雨水' },
            { key: 'sewage', name: '污水' },
          ],
        },
        { code: 'count', datatype: 'number', required: false, description: '缺失数量' },
      ],
    };
    const created = await p.call('POST', '/api/categories', manhole, t);
    expect(created.status).toBe(201);
    // a list attribute without values is refused, naming the field
    const bad = await p.call(
      'POST',
      '/api/categories',
      {
        ...manhole,
        code: 'bad',
        attributes: [{ code: 'x', datatype: 'multivaluelist', required: false, description: 'x' }],
      },
      t,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toContain('attributes.0.values');
    const noise = { code: 'noise', name: '噪音', departmentId: dept.id, timeLimit: { value: 1, unit: 'workingDays' } };
    const plain = await p.call('POST', '/api/categories', noise, t);
    expect(plain.status).toBe(201);

    const services = await (await p.app.request(`${BASE}/services.json?jurisdiction_id=attr-street`)).json();
    expect(schemaErrors(servicesSchema, services)).toBeUndefined();
    const byCode = Object.fromEntries(services.map((s: { service_code: string }) => [s.service_code, s]));
    expect(byCode.manhole.metadata).toBe(true);
    expect(byCode.noise.metadata).toBe(false);

    const res = await p.app.request(`${BASE}/services/manhole.json?jurisdiction_id=attr-street`);
    expect(res.status).toBe(200);
    const definition = await res.json();
    expect(schemaErrors(serviceDefinitionSchema, definition)).toBeUndefined();
    expect(definition).toEqual({
      service_code: 'manhole',
      attributes: [
        {
          variable: true,
          code: 'coverType',
          datatype: 'singlevaluelist',
          required: true,
          datatype_description: '',
          order: 1,
          description: '井盖类型',
          values: [
            { key: 'rain', name: '雨水' },
            { key: 'sewage', name: '污水' },
          ],
        },
        {
          variable: true,
          code: 'count',
          datatype: 'number',
          required: false,
          datatype_description: '',
          order: 2,
          description: '缺失数量',
        },
      ],
    });
    // the XML form carries the same fields
    const xml = await (await p.app.request(`${BASE}/services/manhole.xml?jurisdiction_id=attr-street`)).text();
    expect(xml).toContain('<variable>true</variable>');
    expect(xml).toContain('<datatype>singlevaluelist</datatype>');
    expect(xml).toContain('<key>rain</key>');

    // the citizen form gets the attributes too
    const form = await p.call('GET', '/public/attr-street/categories');
    expect(form.body.items.find((c: { code: string }) => c.code === 'manhole').attributes).toHaveLength(2);

    // answers are checked on the citizen form, the staff form and Open311 POST: required, datatype, values
    const report = (body: unknown) => p.call('POST', '/public/attr-street/reports', body);
    const missing = await report({ description: '井盖没了', categoryCode: 'manhole' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([
      { path: 'attributes.coverType', message: expect.stringMatching(/required/) },
    ]);
    const wrong = await report({
      description: '井盖没了',
      categoryCode: 'manhole',
      attributes: { coverType: 'gas', count: 'many', colour: 'red' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'attributes.colour',
      'attributes.count',
      'attributes.coverType',
    ]);
    const good = await report({
      description: '井盖没了',
      categoryCode: 'manhole',
      attributes: { coverType: 'rain', count: 2 },
    });
    expect(good.status).toBe(201);
    const staffBad = await p.call('POST', '/api/cases', { description: '井盖', categoryCode: 'manhole' }, t);
    expect(staffBad.status).toBe(400);
    expect(staffBad.body.error.details[0].path).toBe('attributes.coverType');
    const noCategory = await p.call('POST', '/api/cases', { description: '井盖', attributes: { count: 1 } }, t);
    expect(noCategory.status).toBe(400);
    expect(noCategory.body.error.details[0].path).toBe('attributes');
    const staffGood = await p.call(
      'POST',
      '/api/cases',
      { description: '井盖破损', categoryCode: 'manhole', attributes: { coverType: 'sewage', count: '3' } },
      t,
    );
    expect(staffGood.status).toBe(201);
    const staffCase = await p.call('GET', `/api/cases/${staffGood.body.id}`, undefined, t);
    expect(staffCase.body.attributes).toEqual({ coverType: 'sewage', count: 3 });
    const key = (await p.call('POST', '/api/api-keys', { name: '12345 热线' }, t)).body.key;
    const open311 = (fields: Record<string, string>) =>
      p.app.request(`${BASE}/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          api_key: key,
          jurisdiction_id: 'attr-street',
          service_code: 'manhole',
          address_string: '幸福路',
          ...fields,
        }),
      });
    const o311bad = await open311({ 'attribute[coverType]': 'gas' });
    expect(o311bad.status).toBe(400);
    expect(JSON.stringify(await o311bad.json())).toContain('attributes.coverType');
    const o311 = await open311({
      'attribute[coverType]': 'rain',
      'attribute[count]': '1',
      'attribute[FILING_CRITERIA]': 'x',
    });
    expect(o311.status).toBe(201);
    const o311Id = (await o311.json())[0].service_request_id;
    expect((await p.call('GET', `/api/cases/${o311Id}`, undefined, t)).body.attributes).toEqual({
      coverType: 'rain',
      count: 1,
    });

    // edit, then deactivate: no longer offered or filed under; old cases keep it
    const renamed = await p.call('PUT', '/api/categories/noise', { ...noise, name: '噪音扰民' }, t);
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: '噪音扰民', version: 2 });
    const stale = await p.call('PUT', '/api/categories/noise', { ...noise, version: 1 }, t);
    expect(stale.status).toBe(409);
    expect((await p.call('PUT', '/api/categories/noise', { ...noise, code: 'other' }, t)).status).toBe(400);
    expect((await p.call('PUT', '/api/categories/noise', { ...noise, active: false }, t)).status).toBe(200);
    const offered = await p.call('GET', '/public/attr-street/categories');
    expect(offered.body.items.map((c: { code: string }) => c.code)).toEqual(['manhole']);
    const refused = await p.call('POST', '/api/cases', { description: '噪音', categoryCode: 'noise' }, t);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({ path: 'categoryCode' });
    const after = await (await p.app.request(`${BASE}/services.json?jurisdiction_id=attr-street`)).json();
    expect(after.map((x: { service_code: string }) => x.service_code)).toEqual(['manhole']);
  });
});

describe('the category library', () => {
  it('offers 部件 and 事件 (大类 → 小类) a tenant adopts and then edits as its own', async () => {
    const street = await p.signup('library-street', 'street');
    const t = street.token;
    const dept = (await p.call('POST', '/api/departments', { name: '城管科' }, t)).body;
    const library = await p.call('GET', '/api/category-library', undefined, t);
    expect(library.status).toBe(200);
    const kinds = new Set(library.body.items.map((c: { kind: string }) => c.kind));
    expect(kinds).toEqual(new Set(['component', 'event']));
    expect(library.body.items.find((c: { code: string }) => c.code === 'C0102')).toMatchObject({
      name: '污水井盖',
      majorCode: '01',
      majorName: '公用设施',
      urgentTimeLimit: { value: 1, unit: 'naturalHours' },
    });
    const adopted = await p.call(
      'POST',
      '/api/category-library/adopt',
      { departmentId: dept.id, codes: ['C0102', 'E0102'] },
      t,
    );
    expect(adopted.status).toBe(201);
    expect(adopted.body).toEqual({ created: ['C0102', 'E0102'], kept: [] });
    const again = await p.call('POST', '/api/category-library/adopt', { departmentId: dept.id, codes: ['C0102'] }, t);
    expect(again.body).toEqual({ created: [], kept: ['C0102'] });
    const bad = await p.call('POST', '/api/category-library/adopt', { departmentId: dept.id, codes: ['X9'] }, t);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('codes.0');
    const own = await p.call('GET', '/api/categories', undefined, t);
    expect(own.body.items.find((c: { code: string }) => c.code === 'C0102')).toMatchObject({
      kind: 'component',
      departmentId: dept.id,
      filingCriteria: expect.stringContaining('井盖丢失'),
    });
  });
});
