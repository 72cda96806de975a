import { describe, expect, it } from 'vitest';
import { LambdaConfigError, readLambdaSettings } from './aws/lambda-env';
import { createLambdaApp } from './lambda';

const ENV = {
  AWS_REGION: 'cn-north-1',
  TABLE_NAME: 'CivicGrid-Data-CaseTable',
  BUCKET_NAME: 'civicgrid-evidence',
  STATE_MACHINE_ARN: 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:IncidentWorkflow',
  TENANT_ROLE_ARN: 'arn:aws-cn:iam::123456789012:role/TenantDataAccessRole',
  USER_POOL_ID: 'cn-north-1_AbC123',
  USER_POOL_CLIENT_ID: 'client123',
  WEB_ORIGINS: 'https://civicgrid.example.gov.cn, https://d111.cloudfront.net',
};

describe('readLambdaSettings', () => {
  it('derives the Cognito issuer and JWKS URL from the pool id (China partition domain)', () => {
    const s = readLambdaSettings(ENV);
    expect(s.issuer).toBe('https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_AbC123');
    expect(s.jwksUrl).toBe(`${s.issuer}/.well-known/jwks.json`);
    expect(s.webOrigins).toEqual(['https://civicgrid.example.gov.cn', 'https://d111.cloudfront.net']);
  });

  it('prefers explicit JWKS_URL and JWT_ISSUER', () => {
    const s = readLambdaSettings({
      ...ENV,
      USER_POOL_ID: undefined,
      JWKS_URL: 'https://idp.example/jwks.json',
      JWT_ISSUER: 'https://idp.example',
    });
    expect(s).toMatchObject({ issuer: 'https://idp.example', jwksUrl: 'https://idp.example/jwks.json' });
  });

  it('names every missing or malformed variable', () => {
    try {
      readLambdaSettings({ TABLE_NAME: 't', STATE_MACHINE_ARN: 'nope', USER_POOL_CLIENT_ID: 'c' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LambdaConfigError);
      const text = (error as Error).message;
      for (const name of ['BUCKET_NAME', 'STATE_MACHINE_ARN', 'TENANT_ROLE_ARN', 'JWKS_URL', 'JWT_ISSUER']) {
        expect(text).toContain(name);
      }
    }
  });
});

describe('createLambdaApp', () => {
  // Building the app sends nothing to AWS: clients connect lazily. These routes answer without a call.
  it('serves the OpenAPI document and validates log-in input before calling Cognito', async () => {
    // the Cognito log-in itself runs in test/deploy (the synthesized bundle against a Cognito stand-in)
    const app = await createLambdaApp({ env: ENV, log: () => {} });
    expect((await app.request('/openapi.json')).status).toBe(200);
    const refresh = await app.request('/api/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({}),
    });
    expect(refresh.status).toBe(400);
    const body = (await refresh.json()) as { error: { details: Array<{ path: string }> } };
    expect(body.error.details[0]?.path).toBe('refreshToken');
  });

  it('refuses a sign-up password the user pool would refuse, before anything is written', async () => {
    const app = await createLambdaApp({ env: ENV, log: () => {} });
    const res = await app.request('/api/signup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        tenant: { name: '泰达街道', slug: 'taida-lambda', level: 'street' },
        admin: { name: '王敏', email: 'admin@taida.cn', password: 'lowercase-only' },
      }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: Array<{ path: string; message: string }> } };
    expect(body.error.details[0]?.path).toBe('admin.password');
    expect(body.error.details[0]?.message).toMatch(/upper-case.*digit/);
  });

  it('answers a request without a token with 401 (no credentials are needed for that)', async () => {
    const app = await createLambdaApp({ env: ENV, log: () => {} });
    expect((await app.request('/api/me')).status).toBe(401);
  });
});
