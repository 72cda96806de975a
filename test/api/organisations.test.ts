import { describe, expect, it } from 'vitest';
import { creditCodeOf, enterpriseCode, socialCode, withBadCheckChar } from '../support/codes';
import { idNumberOf } from '../support/people';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

const p = await createTestPlatform();
const s = await setUpStreet(p, 'org-a');
const other = await setUpStreet(p, 'org-b');
const grid2 = '120116001001002';

const haibin = {
  name: '天津海滨物流有限公司',
  creditCode: enterpriseCode(1),
  kind: 'enterprise',
  address: '天津市滨海新区第一大街18号',
  gridCode: s.gridCode,
};

describe('organisations: the credit code, references and stages', () => {
  it('refuses a bad credit code with a 400 naming creditCode', async () => {
    const bad = await p.call(
      'POST',
      '/api/organisations',
      { ...haibin, creditCode: withBadCheckChar(haibin.creditCode) },
      s.tokens.admin,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      expect.objectContaining({ path: 'creditCode', message: expect.stringMatching(/check character/) }),
    ]);
    const shape = await p.call('POST', '/api/organisations', { ...haibin, creditCode: '91120116' }, s.tokens.admin);
    expect(shape.status).toBe(400);
    expect(shape.body.error.details[0].path).toBe('creditCode');
  });

  it('stores a good one (201), refuses its code twice in a tenant (409 on creditCode), another street may hold it', async () => {
    const res = await p.call('POST', '/api/organisations', haibin, s.tokens.admin);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      name: haibin.name,
      creditCode: haibin.creditCode,
      status: 'active',
      contacts: [],
    });
    const again = await p.call('POST', '/api/organisations', { ...haibin, name: '另一个' }, s.tokens.admin);
    expect(again.status).toBe(409);
    expect(again.body.error.details[0].path).toBe('creditCode');
    expect((await p.call('POST', '/api/organisations', haibin, other.tokens.admin)).status).toBe(201);
  });

  it('accepts a lower-case code and stores it upper-case', async () => {
    const code = creditCodeOf('12120116MB0000001');
    const res = await p.call(
      'POST',
      '/api/organisations',
      { ...haibin, name: '滨海新区社区卫生服务中心', kind: 'institution', creditCode: code.toLowerCase() },
      s.tokens.admin,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.creditCode).toBe(code);
  });

  it('keeps cultivation stages to social organisations, with a rating exactly when rated', async () => {
    const stageOnEnterprise = await p.call(
      'POST',
      '/api/organisations',
      { ...haibin, creditCode: enterpriseCode(2), stage: 'incubating' },
      s.tokens.admin,
    );
    expect(stageOnEnterprise.status).toBe(400);
    expect(stageOnEnterprise.body.error.details[0].path).toBe('stage');
    const ratedWithout = await p.call(
      'POST',
      '/api/organisations',
      { ...haibin, name: '社区志愿者协会', kind: 'social', creditCode: socialCode(1), stage: 'rated' },
      s.tokens.admin,
    );
    expect(ratedWithout.status).toBe(400);
    expect(ratedWithout.body.error.details[0].path).toBe('rating');
    const social = await p.call(
      'POST',
      '/api/organisations',
      { ...haibin, name: '社区志愿者协会', kind: 'social', creditCode: socialCode(1), stage: 'incubating' },
      s.tokens.admin,
    );
    expect(social.status).toBe(201);
    const rated = await p.call(
      'PATCH',
      `/api/organisations/${social.body.id}`,
      { version: 1, stage: 'rated', rating: '3A' },
      s.tokens.admin,
    );
    expect(rated.status, JSON.stringify(rated.body)).toBe(200);
    expect(rated.body).toMatchObject({ stage: 'rated', rating: '3A', version: 2 });
    const stale = await p.call(
      'PATCH',
      `/api/organisations/${social.body.id}`,
      { version: 1, stage: 'registered' },
      s.tokens.admin,
    );
    expect(stale.status).toBe(409);
    const one = await p.call('GET', `/api/organisations/${social.body.id}`, undefined, s.tokens.dispatcher);
    expect(one.body.history.map((e: { type: string }) => e.type)).toEqual(['registered', 'changed']);
  });

  it('links the legal representative, contacts and employees to people (a person’s workplace is known)', async () => {
    const person = await p.call(
      'POST',
      '/api/people',
      {
        name: '刘建华',
        idNumber: idNumberOf('120116', '19760305', 135),
        registration: 'resident',
        gridCode: s.gridCode,
      },
      s.tokens.admin,
    );
    expect(person.status).toBe(201);
    const unknown = await p.call(
      'POST',
      '/api/organisations',
      { ...haibin, creditCode: enterpriseCode(3), legalRepresentativeId: `${s.tenantId}-nobody` },
      s.tokens.admin,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('legalRepresentativeId');
    const org = await p.call(
      'POST',
      '/api/organisations',
      {
        ...haibin,
        name: '滨海餐饮管理有限公司',
        creditCode: enterpriseCode(3),
        legalRepresentativeId: person.body.id,
        contacts: [{ personId: person.body.id, role: '安全负责人' }],
      },
      s.tokens.admin,
    );
    expect(org.status, JSON.stringify(org.body)).toBe(201);
    const hired = await p.call(
      'POST',
      `/api/organisations/${org.body.id}/employees`,
      { personId: person.body.id, position: '经理', since: '2020-03-01' },
      s.tokens.grid,
    );
    expect(hired.status, JSON.stringify(hired.body)).toBe(201);
    const twice = await p.call(
      'POST',
      `/api/organisations/${org.body.id}/employees`,
      { personId: person.body.id },
      s.tokens.admin,
    );
    expect(twice.status).toBe(409);
    expect(twice.body.error.details[0].path).toBe('personId');
    const nobody = await p.call(
      'POST',
      `/api/organisations/${org.body.id}/employees`,
      { personId: `${s.tenantId}-nobody` },
      s.tokens.admin,
    );
    expect(nobody.status).toBe(400);
    expect(nobody.body.error.details[0].path).toBe('personId');
    const employees = await p.call('GET', `/api/organisations/${org.body.id}/employees`, undefined, s.tokens.admin);
    expect(employees.body.items).toEqual([
      expect.objectContaining({ personId: person.body.id, personName: '刘建华', position: '经理' }),
    ]);
    const workplaces = await p.call('GET', `/api/people/${person.body.id}/workplaces`, undefined, s.tokens.dispatcher);
    expect(workplaces.body.items).toEqual([
      expect.objectContaining({ organisationId: org.body.id, organisationName: '滨海餐饮管理有限公司' }),
    ]);
  });

  it('searches by name prefix and credit code, lists by grid and by kind', async () => {
    await p.call(
      'POST',
      '/api/organisations',
      { ...haibin, name: '天津滨城建筑工程有限公司', creditCode: enterpriseCode(4), gridCode: grid2 },
      s.tokens.admin,
    );
    const names = async (query: string) =>
      (await p.call('GET', `/api/organisations?${query}`, undefined, s.tokens.admin)).body.items
        .map((o: { name: string }) => o.name)
        .sort();
    expect(await names(`q=${encodeURIComponent('天津')}`)).toEqual(
      ['天津海滨物流有限公司', '天津滨城建筑工程有限公司'].sort(),
    );
    expect(await names(`q=${enterpriseCode(4)}`)).toEqual(['天津滨城建筑工程有限公司']);
    expect(await names(`gridCode=${grid2}`)).toEqual(['天津滨城建筑工程有限公司']);
    expect(await names('kind=social')).toEqual(['社区志愿者协会']);
    expect(await names(`kind=enterprise&gridCode=${grid2}`)).toEqual(['天津滨城建筑工程有限公司']);
    const bad = await p.call('GET', '/api/organisations?kind=company', undefined, s.tokens.admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('kind');
  });

  it('hides an organisation from another tenant (404 on read, change and its employees)', async () => {
    const list = await p.call('GET', '/api/organisations', undefined, s.tokens.admin);
    const id = list.body.items[0].id;
    expect((await p.call('GET', `/api/organisations/${id}`, undefined, other.tokens.admin)).status).toBe(404);
    expect(
      (await p.call('PATCH', `/api/organisations/${id}`, { version: 1, name: 'x' }, other.tokens.admin)).status,
    ).toBe(404);
    expect((await p.call('GET', `/api/organisations/${id}/employees`, undefined, other.tokens.admin)).status).toBe(404);
    expect(
      JSON.stringify((await p.call('GET', '/api/organisations', undefined, other.tokens.admin)).body),
    ).not.toContain(id);
  });
});
