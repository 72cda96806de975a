import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, type RuntimeProcess, startRuntimeProcess } from '../support/runtime-process';

/**
 * Issue 11, items 6 and 8, attacked as they were found: over a real socket on the runtime `npm start` runs
 * (@hono/node-server + the static web app), not through `app.request()`.
 */

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'strict-transport-security': /^max-age=\d{8,}; includeSubDomains$/,
  'referrer-policy': 'strict-origin-when-cross-origin',
  'content-security-policy': /frame-ancestors 'none'/,
} as const;

function expectSecurityHeaders(headers: Headers | Record<string, string>, where: string) {
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : headers[name]) ?? null;
  for (const [name, want] of Object.entries(SECURITY_HEADERS)) {
    const value = get(name);
    expect(value, `${where}: ${name}`).not.toBeNull();
    if (typeof want === 'string') expect(value, `${where}: ${name}`).toBe(want);
    else expect(value, `${where}: ${name}`).toMatch(want);
  }
}

/** One raw HTTP/1.1 exchange: the request bytes exactly as given, the response parsed loosely. */
function raw(url: string, request: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      data += chunk;
    });
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const at = line.indexOf(':');
        if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

describe('the HTTP surface over a real socket (npm start)', { timeout: 240_000 }, () => {
  let runtime: RuntimeProcess;
  let dataDir: string;
  let url: string;
  let token: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'civicgrid-security-'));
    runtime = await startRuntimeProcess({
      CIVICGRID_DATA_DIR: dataDir,
      CIVICGRID_ADMIN_EMAIL: 'ops@security.test',
      CIVICGRID_ADMIN_PASSWORD: 'ops-security-password',
    });
    url = runtime.url.replace(/\/$/, '');
    const signup = await http(url, 'POST', '/api/signup', {
      tenant: { name: '安全街道', slug: 'sec-street', level: 'street' },
      admin: { name: '管理员', email: 'admin@security.test', password: 'admin-password-1' },
    });
    expect(signup.status, JSON.stringify(signup.body)).toBe(201);
    const login = await http(url, 'POST', '/api/auth/login', {
      email: 'admin@security.test',
      password: 'admin-password-1',
    });
    expect(login.status).toBe(200);
    token = login.body.token;
  }, 180_000);

  afterAll(async () => {
    await runtime?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('puts the security headers and a CSP on the API, the pages, static files and errors', async () => {
    const index = await fetch(`${url}/`);
    const html = await index.text();
    const asset = /<script[^>]*\bsrc="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset, 'the console page names its entry script').toBeDefined();
    const targets: [string, string | undefined][] = [
      ['/api/me', token],
      ['/api/me', undefined], // 401
      ['/api/cases/nope', token], // 404
      ['/api/no-such-route', undefined],
      ['/health', undefined],
      ['/', undefined],
      ['/login', undefined],
      ['/cases/abc', undefined],
      ['/r/sec-street', undefined],
      ['/r/sec-street/t/ABCDE-FGHJK', undefined],
      [asset!, undefined],
      ['/assets/missing-file.js', undefined],
      ['/openapi.json', undefined],
      ['/docs', undefined],
      ['/open311/v2/services.json?jurisdiction_id=sec-street', undefined],
    ];
    for (const [path, auth] of targets) {
      const res = await fetch(`${url}${path}`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} });
      await res.arrayBuffer();
      expectSecurityHeaders(res.headers, `GET ${path} (${res.status})`);
      // the request id survives too (it was the header whose late write dropped the others)
      if (path.startsWith('/api/')) expect(res.headers.get('x-request-id'), path).toMatch(/.+/);
    }
    const me = await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(me.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('gives the console and citizen pages a strict CSP that names the evidence store, and they hold no inline script', async () => {
    // the presigned upload URL tells where evidence lives: the CSP must allow exactly that origin for XHR and images
    const created = await http(url, 'POST', '/api/cases', { description: 'CSP 检查' }, token);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const upload = await http(
      url,
      'POST',
      `/api/cases/${created.body.id}/evidence`,
      { fileName: 'a.png', contentType: 'image/png', size: 10 },
      token,
    );
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const evidenceOrigin = new URL(upload.body.uploadUrl).origin;

    for (const path of ['/', '/workbench', '/r/sec-street', '/r/sec-street/t/ABCDE-FGHJK']) {
      const res = await fetch(`${url}${path}`);
      const html = await res.text();
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      const directives = Object.fromEntries(
        csp.split(';').map((d) => {
          const [name = '', ...values] = d.trim().split(/\s+/);
          return [name, values];
        }),
      );
      expect(directives['script-src'], `${path}: ${csp}`).toEqual(["'self'"]);
      expect(directives['object-src']).toEqual(["'none'"]);
      expect(directives['frame-ancestors']).toEqual(["'none'"]);
      expect(directives['base-uri']).toEqual(["'self'"]);
      expect(directives['default-src']).toEqual(["'self'"]);
      expect(directives['img-src']).toEqual(expect.arrayContaining(["'self'", 'data:', 'blob:', evidenceOrigin]));
      // 天地图's geocoder (address search when an office sets its key) besides the evidence store
      expect(directives['connect-src']).toEqual(["'self'", 'https://api.tianditu.gov.cn', evidenceOrigin]);
      expect(csp).not.toMatch(/unsafe-eval|\*(?!\.)|https?:(?!\/\/)/);

      // every script the page carries is an external file of this origin: nothing the CSP would refuse to run
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const [, attrs = '', body = ''] of scripts) {
        expect(attrs, `${path}: inline script`).toMatch(/\bsrc="\/assets\//);
        expect(body.trim(), `${path}: inline script body`).toBe('');
      }
      expect(html, `${path}: inline event handler`).not.toMatch(/\son[a-z]+\s*=/i);
      expect(html, `${path}: javascript: URL`).not.toMatch(/javascript:/i);
    }
  });

  it('answers malformed URLs with 400 in the JSON error shape, on every path family', async () => {
    for (const path of [
      '/%E0%A4%A',
      '/api/%E0%A4%A',
      '/api/cases/%E0%A4%A',
      '/r/%E0%A4%A',
      '/assets/%E0%A4%A.js',
      '/public/%E0%A4%A/categories',
      '/open311/v2/requests.json?jurisdiction_id=%E0%A4%A',
      '/api/cases?step=%',
      '/%',
    ]) {
      const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const body = await res.json().catch(() => undefined);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(body, path).toMatchObject({ error: { code: 'malformed_url', message: expect.any(String) } });
      expect(body.error.details[0].path, path).toMatch(/^\((path|query)\)$/);
      expectSecurityHeaders(res.headers, path);
    }
  });

  it('answers unparsable bodies with 400 JSON naming the body', async () => {
    for (const path of ['/api/auth/login', '/api/signup', '/public/sec-street/reports', '/api/cases']) {
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{"description": "unterminated',
      });
      const body = await res.json();
      expect(res.status, path).toBe(400);
      expect(body, path).toMatchObject({ error: { code: 'invalid_json' } });
      expectSecurityHeaders(res.headers, path);
    }
  });

  it('answers requests node or the adapter cannot parse with 400 JSON and the headers, not a bare 400/500', async () => {
    const cases = [
      'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n', // a space in the target: node's parser rejects it
      'GET / HTTP/1.1\r\nHost: bad host\r\nConnection: close\r\n\r\n', // a Host the adapter cannot make a URL of
      'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', // a malformed header
    ];
    for (const request of cases) {
      const res = await raw(url, request);
      expect(res.status, JSON.stringify(request)).toBe(400);
      expect(res.headers['content-type'], JSON.stringify(request)).toMatch(/^application\/json/);
      expect(JSON.parse(res.body), JSON.stringify(request)).toMatchObject({ error: { code: expect.any(String) } });
      expectSecurityHeaders(res.headers, JSON.stringify(request));
    }
  });
});
