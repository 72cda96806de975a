import { currentTenantPath } from '@civicgrid/db';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { SessionGuard } from '../auth/session';
import { type Claims, PLATFORM_PATH } from '../auth/tokens';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../http/context';
import { createRouter } from '../http/routes';

/** A router whose tokens are the claims themselves (base64 JSON): the tenant context is what is under test. */
function appWith() {
  const app = new Hono<AppEnv>();
  const deps = {
    verifier: { verify: async (token: string) => JSON.parse(Buffer.from(token, 'base64url').toString()) as Claims },
  } as unknown as AppDeps;
  const session = { resolve: async (claims: Claims) => claims } as unknown as SessionGuard;
  const route = createRouter(app, deps, session);
  const seen = () => ({ path: currentTenantPath() ?? null });
  route({ method: 'GET', path: '/t', operationId: 'probeTenant', isolation: 'tenant', summary: 't' }, (c) =>
    c.json(seen()),
  );
  route({ method: 'GET', path: '/p', operationId: 'probePublic', isolation: 'public', summary: 'p' }, (c) =>
    c.json(seen()),
  );
  return app;
}

const token = (claims: Partial<Claims>) =>
  Buffer.from(JSON.stringify({ userId: 'u', tenantId: 'x', roles: ['platform_admin'], ...claims })).toString(
    'base64url',
  );

describe('tenant context per request (the second wall)', () => {
  it('runs a tenant route inside the verified tenant path, public and platform routes outside any', async () => {
    const app = appWith();
    const get = async (path: string, claims?: Partial<Claims>) =>
      (await app.request(path, { headers: claims ? { authorization: `Bearer ${token(claims)}` } : {} })).json();
    expect(await get('/t', { tenantPath: 'd0001/s002/' as Claims['tenantPath'] })).toEqual({ path: 'd0001/s002/' });
    expect(await get('/t', { tenantPath: PLATFORM_PATH })).toEqual({ path: null });
    expect(await get('/p')).toEqual({ path: null });
    expect(currentTenantPath()).toBeUndefined();
  });
});
