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
    const plain = await p.call(
      'POST',
      '/api/categories',
      { code: 'noise', name: '噪音', departmentId: dept.id, timeLimit: { value: 1, unit: 'workingDays' } },
      t,
    );
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
  });
});
