import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildOpenApiDocument,
  calendarViewSchema,
  caseDetailSchema,
  casePageSchema,
  categoryListSchema,
  departmentListSchema,
  errorSchema,
  gridListSchema,
  kpiReportSchema,
  meSchema,
  outboxPageSchema,
  rankingSchema,
  routingRuleListSchema,
  tenantListSchema,
  tenantUsageSchema,
  userPageSchema,
} from '@civicgrid/api';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

const p = await createTestPlatform();
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// biome-ignore lint/suspicious/noExplicitAny: the document is read loosely
type Doc = any;
type Operation = { operationId?: string; responses: Record<string, { $ref?: string; content?: Doc }> };

function operations(doc: Doc): [string, Operation][] {
  return Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
  );
}

/** `redocly lint` (the pinned @redocly/cli, run as a child process, offline) over a document: its JSON report. */
async function redoclyLint(doc: unknown) {
  const dir = await mkdtemp(join(tmpdir(), 'civicgrid-openapi-'));
  const file = join(dir, 'openapi.json');
  await writeFile(file, JSON.stringify(doc));
  const cli = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
  const args = [cli, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json'];
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  const stdout = await new Promise<string>((resolve) =>
    // a lint with errors exits 1: its report is on stdout all the same
    execFile(process.execPath, args, { env, cwd: dir, maxBuffer: 64 * 1024 * 1024 }, (_error, out) => resolve(out)),
  );
  return JSON.parse(stdout) as {
    totals: { errors: number; warnings: number };
    problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
  };
}

describe('GET /openapi.json', () => {
  let doc: Doc;
  beforeAll(async () => {
    const res = await p.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
  });

  it('documents every route with the schemas the handlers validate with', async () => {
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

  it('is the document the client is generated from (built offline from the same route registry)', async () => {
    expect(await buildOpenApiDocument()).toEqual(doc);
  });

  it("passes Redocly's recommended rules with zero errors and zero warnings (redocly.yaml)", {
    timeout: 120_000,
  }, async () => {
    const report = await redoclyLint(doc);
    const problems = report.problems.map((x) => `${x.severity} ${x.ruleId}: ${x.message} at ${x.location[0]?.pointer}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('the lint itself finds what it must: an operation without operationId or 4xx is reported', {
    timeout: 120_000,
  }, async () => {
    const broken = structuredClone(doc);
    delete broken.paths['/api/cases'].get.operationId;
    broken.paths['/api/me'].get.responses = { '2XX': { description: 'Success' } };
    const rules = (await redoclyLint(broken)).problems.map((x) => x.ruleId);
    expect(rules).toEqual(expect.arrayContaining(['operation-operationId', 'operation-4xx-response']));
  });

  it('gives every operation a unique readable operationId, a tag, security and 4xx responses on the Error schema', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(150);
    const ids = ops.map(([, op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tagNames = new Set((doc.tags as { name: string }[]).map((t) => t.name));
    for (const [key, op] of ops) {
      expect(op.operationId, key).toMatch(/^[a-z][a-zA-Z0-9]+$/);
      const o = op as Operation & { tags: string[]; security: unknown[] };
      expect(
        o.tags.every((t) => tagNames.has(t)),
        key,
      ).toBe(true);
      expect(Array.isArray(o.security), key).toBe(true);
      const clientErrors = Object.keys(op.responses).filter((s) => /^4\d\d$/.test(s));
      expect(clientErrors.length, key).toBeGreaterThan(0);
      for (const status of clientErrors) {
        const r = op.responses[status];
        if (key.includes(' /open311/')) {
          expect(JSON.stringify(r?.content), key).toMatch(/Open311Errors|application\/xml/);
        } else {
          expect(r?.$ref, `${key} ${status}`).toMatch(/^#\/components\/responses\//);
          const target = doc.components.responses[(r?.$ref ?? '').split('/').pop() ?? ''];
          expect(target.content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
        }
      }
      // a staff route documents the token and role answers; a route with an id the 404 of another tenant's object
      if (!key.includes(' /public/') && !key.includes(' /open311/') && o.security.length > 0) {
        expect(clientErrors, key).toEqual(expect.arrayContaining(['401', '403']));
      }
      if (/\{\w+\}/.test(key)) expect(clientErrors, key).toContain('404');
    }
    expect(doc.paths['/open311/v2/requests.json'].post.security).toEqual([{ api_key: [] }]);
    // staff by token; a route an integration scope opens also by its key
    expect(doc.paths['/api/cases/{id}'].get.security).toEqual([{ bearer: [] }, { integrationKey: [] }]);
    expect(doc.paths['/api/users'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/disputes/{id}/actions/{action}'].post.responses['422']).toBeDefined();
    expect(doc.servers.length).toBeGreaterThan(0);
  });
});

describe('the documented bodies are what the API answers', () => {
  let street: Awaited<ReturnType<typeof setUpStreet>>;
  let caseId: string;
  beforeAll(async () => {
    street = await setUpStreet(p, 'oa-street');
    const created = await p.call(
      'POST',
      '/api/cases',
      {
        description: '井盖缺失',
        categoryCode: 'garbage',
        location: { lat: 39.0391, lng: 117.7066 },
        gridCode: street.gridCode,
      },
      street.tokens.grid,
    );
    expect(created.status).toBe(201);
    caseId = created.body.id;
  });

  /** A response checked against its documented schema (zod `safeParse`: every documented field, typed). */
  async function expectBody(schema: z.ZodType, url: string, token: string) {
    const res = await p.call('GET', url, undefined, token);
    expect(res.status, url).toBe(200);
    const parsed = schema.safeParse(res.body);
    expect(parsed.success ? [] : parsed.error.issues, url).toEqual([]);
    return res.body;
  }

  it('the main routes answer their response schemas', { timeout: 60_000 }, async () => {
    const { admin, dispatcher } = street.tokens;
    await expectBody(meSchema, '/api/me', dispatcher);
    const page = await expectBody(casePageSchema, '/api/cases', dispatcher);
    expect(page.items.length).toBeGreaterThan(0);
    const detail = await expectBody(caseDetailSchema, `/api/cases/${caseId}`, dispatcher);
    expect(detail.events.length).toBeGreaterThan(0);
    await expectBody(userPageSchema, '/api/users', admin);
    await expectBody(tenantListSchema, '/api/tenants', admin);
    await expectBody(categoryListSchema, '/api/categories', admin);
    await expectBody(gridListSchema, '/api/grids', admin);
    await expectBody(departmentListSchema, '/api/departments', admin);
    await expectBody(calendarViewSchema, '/api/calendar', admin);
    await expectBody(outboxPageSchema, '/api/outbox', admin);
    await expectBody(routingRuleListSchema, '/api/routing-rules', admin);
    await expectBody(tenantUsageSchema, '/api/usage', admin);
    await expectBody(kpiReportSchema, '/api/stats/kpis', admin);
    await expectBody(rankingSchema, '/api/stats/ranking', admin);
  });

  it('errors have exactly the documented Error shape', async () => {
    const strict = errorSchema.extend({ error: errorSchema.shape.error.strict() }).strict();
    const answers = [
      await p.call('POST', '/api/cases', { description: '' }, street.tokens.grid),
      await p.call('GET', '/api/cases'),
      await p.call('GET', '/api/cases/nope', undefined, street.tokens.dispatcher),
      await p.call('POST', '/api/users', { email: 'x@y.test' }, street.tokens.dispatcher),
    ];
    expect(answers.map((a) => a.status)).toEqual([400, 401, 404, 403]);
    for (const a of answers) expect(strict.safeParse(a.body).success, JSON.stringify(a.body)).toBe(true);
    expect(answers[0]?.body.error.details.length).toBeGreaterThan(0);
  });

  it('serves a readable reference page without any outside request', async () => {
    const res = await p.app.request('/docs');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/https?:\/\//);
  });
});
