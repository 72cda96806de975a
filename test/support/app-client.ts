/** Anything that answers a Request in-process (a hono app). */
interface Requestable {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/**
 * JSON calls against an in-process app (no socket), plus sign-up and login, shared by the tests and the benches.
 * Bodies are read loosely: a test asserts on the fields it cares about.
 */
export function appClient(app: Requestable) {
  async function call(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    headers: Record<string, string> = {},
  ) {
    const res = await app.request(path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, body: json, headers: res.headers };
  }
  async function login(email: string, password: string): Promise<string> {
    const res = await call('POST', '/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  }
  /** Sign up a tenant and log its admin in. */
  async function signup(slug: string, level: 'district' | 'street', parentSlug?: string) {
    const email = `admin@${slug}.test`;
    const password = 'correct-horse-battery';
    const res = await call('POST', '/api/signup', {
      tenant: { name: `Tenant ${slug}`, slug, level, ...(parentSlug ? { parentSlug } : {}) },
      admin: { name: `Admin ${slug}`, email, password },
    });
    if (res.status !== 201) throw new Error(`signup ${slug} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { tenant: res.body.tenant, user: res.body.user, token: await login(email, password), email, password };
  }
  return { call, login, signup };
}
