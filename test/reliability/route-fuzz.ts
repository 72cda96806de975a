import { routeSpecs } from '@civicgrid/api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADMIN, createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

const HIGH = 1_000_000;

/** Values a path parameter may take: the fixture's real ones first (so deep code runs), then odd ones. */
function paramValue(valid: string) {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(valid) },
    { weight: 1, arbitrary: fc.constant(`${valid}x`) },
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom('..', '%2e%2e%2f', '%00', '%E0%A4%A', '%ZZ', 'a%2Fb', ' ', '-', 'd0001-', 'x'.repeat(5000), '😀'),
  );
}

/** A JSON value of the wrong kind, or a very big or very odd one. */
const oddValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constantFrom(null, -1, 0, 1e308, Number.MAX_SAFE_INTEGER + 2, '', ' ', '\u0000', 'x'.repeat(100_000), [], {}),
);

/** A body: a known-good one mutated (field dropped, retyped, added), arbitrary JSON, broken JSON, or none. */
function bodyFor(base: Record<string, unknown>) {
  const fields = Object.keys(base);
  const mutated = fc
    .record({
      drop: fc.subarray(fields),
      retype: fc.dictionary(fc.constantFrom(...(fields.length ? fields : ['x'])), oddValue, { maxKeys: 3 }),
      extra: fc.dictionary(fc.string({ maxLength: 12 }), oddValue, { maxKeys: 3 }),
    })
    .map(({ drop, retype, extra }) => {
      const out: Record<string, unknown> = { ...base, ...retype, ...extra };
      for (const f of drop) delete out[f];
      return JSON.stringify(out);
    });
  return fc.oneof(
    { weight: 4, arbitrary: mutated },
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    fc.string({ unit: 'grapheme', maxLength: 300 }),
    fc.constantFrom(
      '{',
      '{"a":',
      '[1,2',
      'null',
      '"x"',
      '{"__proto__":{"polluted":1}}',
      `{"a":"${'y'.repeat(300_000)}"}`,
    ),
    fc.constant(undefined),
  );
}

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  undefined,
);

const query = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'limit',
      'cursor',
      'step',
      'gridCode',
      'tenantId',
      'from',
      'to',
      'groupBy',
      'key',
      'overdue',
      'format',
      'status',
      'lat',
      'long',
    ),
    fc.string({ maxLength: 10 }),
  ),
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.constantFrom('-1', '0', '1e9', 'NaN', '2025-02-30', 'true', '%', 'x'.repeat(3000)),
  ),
  { maxKeys: 4 },
);

/** Sample bodies a route accepts, the base the mutations start from (routes not listed start from `{}`). */
function sampleBodies(f: { deptId: string; gridCode: string }): Record<string, Record<string, unknown>> {
  return {
    'POST /api/signup': {
      tenant: { name: 'F', slug: 'fuzz-new', level: 'street' },
      admin: { name: 'A', email: 'n@fuzz.test', password: 'pppppppppppp' },
    },
    'POST /api/auth/login': { email: 'victim@fuzz.test', password: 'wrong-password' },
    'POST /api/me/password': { currentPassword: 'not-the-password', newPassword: 'new-password-123' },
    'POST /api/tenants': { name: 'C', slug: 'fuzz-child', level: 'community' },
    'POST /api/users': { name: 'n', email: 'u@fuzz.test', password: 'pppppppppppp', roles: ['leader'] },
    'PATCH /api/users/:id': { name: 'renamed' },
    'POST /api/departments': { name: '部门' },
    'POST /api/grids': { code: '120116009009009', name: 'g' },
    'PUT /api/grids/:code': { code: f.gridCode, name: 'g' },
    'POST /api/categories': {
      code: 'c1',
      name: 'c',
      departmentId: f.deptId,
      timeLimit: { value: 1, unit: 'workingDays' },
    },
    'PUT /api/categories/:code': {
      code: 'garbage',
      name: 'c',
      departmentId: f.deptId,
      timeLimit: { value: 1, unit: 'workingDays' },
    },
    'POST /api/api-keys': { name: 'k', scopes: ['cases:read'] },
    'POST /api/webhooks': { url: 'https://hooks.example.com/fuzz', events: ['case.reported'] },
    'PUT /api/calendar': { weekends: [0, 6], holidays: ['2025-10-01'] },
    'POST /api/cases': { description: '井盖缺失', gridCode: f.gridCode, location: { lat: 39, lng: 117 } },
    'POST /api/cases/:id/actions/:action': { categoryCode: 'garbage', note: 'n', version: 1 },
    'POST /api/cases/:id/evidence': { fileName: 'a.jpg', contentType: 'image/jpeg', size: 10 },
    'POST /public/:slug/uploads': { fileName: 'a.jpg', contentType: 'image/jpeg', size: 10 },
    'POST /public/:slug/reports': { description: '路灯不亮', categoryCode: 'garbage', location: { lat: 39, lng: 117 } },
    'POST /public/:slug/reports/:code/evaluation': { rating: 5, comment: 'ok' },
    'POST /api/admin/tenants/:id/plan': { plan: 'standard' },
    'PUT /api/admin/calendar/:year': { holidays: ['2031-01-01'], makeupWorkdays: ['2031-01-05'] },
  };
}

/** Is this the documented error body `{ error: { code, message, details: [] } }`? */
function isErrorShape(body: unknown): boolean {
  const error = (body as { error?: Record<string, unknown> } | undefined)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string' && Array.isArray(error.details);
}

/** Open311's own error documents (GeoReport v2): `[{ code, description }]` or `<errors>` in XML. */
function isOpen311Error(body: unknown, text: string): boolean {
  if (Array.isArray(body)) return body.every((e) => typeof e?.code === 'number' && typeof e?.description === 'string');
  return /<errors>/.test(text);
}

/**
 * The route fuzzer: every route of the app's registry gets `runs` generated requests (odd path parameters, odd
 * query strings, mutated or broken bodies, wrong content types) with a token of a role it accepts. No answer may
 * be a 5xx, and every 4xx must be in the documented error shape (Open311's in its own).
 */
export async function describeRouteFuzz(runs: number): Promise<void> {
  const p = await createTestPlatform({
    config: {
      rateLimits: {
        signupsPerHour: HIGH,
        loginsPerMinute: HIGH,
        reportsPerMinute: HIGH,
        reportsPerTenantPerMinute: HIGH,
        uploadsPerMinute: HIGH,
        lookupsPerMinute: HIGH,
      },
    },
  });
  const s = await setUpStreet(p, 'fuzz-a');
  // a victim tenant and user for the routes whose success would change the fixture (suspend, rename, lock out)
  const victim = await p.signup('fuzz-victim', 'street');
  const platform = await p.login(ADMIN.email, ADMIN.password);
  const caseId = (await p.call('POST', '/api/cases', { description: '模糊测试' }, s.tokens.grid)).body.id as string;
  const report = await p.call('POST', '/public/fuzz-a/reports', { description: '市民上报', categoryCode: 'garbage' });
  const values: Record<string, string> = {
    id: caseId,
    action: 'register',
    code: s.gridCode,
    slug: 'fuzz-a',
    file: 'services.json',
    year: '2031',
  };
  const idFor = (path: string) =>
    path.startsWith('/api/admin/tenants') || path.startsWith('/api/tenants')
      ? victim.tenant.id
      : path.startsWith('/api/users')
        ? victim.user.id
        : caseId;
  const codeFor = (path: string) => (path.startsWith('/public') ? report.body.trackingCode : s.gridCode);
  const bodies = sampleBodies({ deptId: s.dept.id, gridCode: s.gridCode });

  const specs = routeSpecs(p.app);
  describe.each(specs.map((spec) => [`${spec.method} ${spec.path}`, spec] as const))('%s', (key, spec) => {
    it(`answers ${runs} generated requests without a 5xx, every 4xx in the error shape`, async () => {
      const names = [...spec.path.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
      const params = fc.record(
        Object.fromEntries(
          names.map((n) => [
            n,
            paramValue(n === 'id' ? idFor(spec.path) : n === 'code' ? codeFor(spec.path) : (values[n] ?? n)),
          ]),
        ),
      );
      const token = spec.isolation === 'platform' ? platform : spec.isolation === 'public' ? undefined : s.tokens.admin;
      const hasBody = spec.method !== 'GET';
      await fc.assert(
        fc.asyncProperty(params, query, bodyFor(bodies[key] ?? {}), contentTypes, async (pv, q, body, type) => {
          const path = spec.path.replace(/:(\w+)/g, (_, n: string) => encodeOdd(pv[n] ?? ''));
          const search = new URLSearchParams(q).toString();
          const url = `${path}${search ? `?${search}` : ''}`;
          const res = await p.app.request(url, {
            method: spec.method,
            headers: {
              ...(type && hasBody ? { 'content-type': type } : {}),
              ...(token ? { authorization: `Bearer ${token}` } : {}),
            },
            body: hasBody ? body : undefined,
          });
          const text = await res.text();
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          const where = `${spec.method} ${url.slice(0, 300)} [${type}] ${String(body).slice(0, 300)} → ${res.status} ${text.slice(0, 300)}`;
          expect(res.status, where).toBeLessThan(500);
          if (res.status >= 400) {
            const ok = isErrorShape(json) || (spec.path.startsWith('/open311') && isOpen311Error(json, text));
            expect(ok, `error shape: ${where}`).toBe(true);
          }
        }),
        { numRuns: runs },
      );
    });
  });
}

/** Percent-encode a parameter, but let through already-%-looking text raw (bad escapes are part of the test). */
function encodeOdd(value: string): string {
  return /%/.test(value) && value.length < 20 ? value : encodeURIComponent(value);
}
