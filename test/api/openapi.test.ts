import { describe, expect, it } from 'vitest';
import { createTestPlatform } from '../support/platform';

const p = await createTestPlatform();

describe('GET /openapi.json', () => {
  it('documents every route with the schemas the handlers validate with', async () => {
    const res = await p.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    // two methods on one path are both documented
    expect(Object.keys(doc.paths['/api/cases'])).toEqual(expect.arrayContaining(['get', 'post']));
    const signup = doc.paths['/api/signup'].post.requestBody.content['application/json'].schema;
    expect(signup.required).toEqual(expect.arrayContaining(['tenant', 'admin']));
    expect(signup.properties.tenant.properties.slug.pattern).toBe('^[a-z0-9-]{3,40}$');
    expect(signup.properties.admin.properties.password.minLength).toBe(10);
    const list = doc.paths['/api/cases'].get.parameters.map((q: { name: string }) => q.name);
    expect(list).toEqual(expect.arrayContaining(['step', 'gridCode', 'categoryCode', 'cursor', 'limit']));
    const act = doc.paths['/api/cases/{id}/actions/{action}'].post;
    expect(act.parameters.map((q: { name: string }) => q.name)).toEqual(['id', 'action']);
    expect(act.requestBody.content['application/json'].schema.anyOf.length).toBeGreaterThanOrEqual(9);
    expect(doc.paths['/api/admin/usage'].get['x-isolation']).toBe('platform');
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(doc.components.schemas.Error.required).toEqual(['error']);
  });

  it('serves a readable reference page without any outside request', async () => {
    const res = await p.app.request('/docs');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/https?:\/\//);
  });
});
