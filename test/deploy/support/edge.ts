import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Loose, Template } from './synth';

/** What the API Lambda returns to API Gateway (payload v2). */
export interface LambdaResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

export interface EdgeRequest {
  method: string;
  /** path with query string */
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** the viewer's address as CloudFront sees it */
  viewerIp?: string;
}

export interface EdgeResponse {
  status: number;
  headers: Record<string, string>;
  json: Loose;
  text: string;
  /** the Lambda was not invoked (API Gateway answered: no route, authorizer) */
  byGateway: boolean;
}

type CfFunction = (event: unknown) => { uri: string; headers: Record<string, { value: string }> };

/** The code of a CloudFront function from the template, run in Node as the JS 2.0 runtime runs it. */
export function cloudFrontFunction(template: Template, logicalIdPart: string): CfFunction {
  const [, fn] = Object.entries(template.Resources).find(
    ([id, r]) => r.Type === 'AWS::CloudFront::Function' && id.includes(logicalIdPart),
  ) ?? [undefined, undefined];
  if (!fn) throw new Error(`no CloudFront function ${logicalIdPart}`);
  return new Function(`${String(fn.Properties.FunctionCode)}\nreturn handler;`)() as CfFunction;
}

interface Route {
  method: string;
  path: string;
  authorizationType: string;
}

/**
 * CloudFront in front of API Gateway in front of the API Lambda, as the templates configure them: the cache
 * behaviours' path patterns, the API behaviour's viewer-request function and origin custom headers, the HTTP API's
 * routes and JWT authorizer (issuer and audience from the template, keys from the issuer's JWKS), and API Gateway's
 * payload v2 event. Public routes get no claims; JWT routes get the claims the authorizer passes.
 */
export function createEdge(options: {
  web: Template;
  api: Template;
  /** resolves the template values that are only known after deployment (origin secret, issuer, audience) */
  resolve: (value: unknown) => unknown;
  /** the JWKS the authorizer fetches (the issuer's `/.well-known/jwks.json`) */
  jwksUrl: string;
  handler: (event: unknown, context: unknown) => Promise<LambdaResult>;
  /** the CloudFront edge's own address (API Gateway's sourceIp behind CloudFront) */
  edgeIp?: string;
  domainName: string;
}) {
  const resources = (t: Template, type: string) => Object.values(t.Resources).filter((r) => r.Type === type);
  const distribution = resources(options.web, 'AWS::CloudFront::Distribution')[0]?.Properties.DistributionConfig;
  const apiPatterns = (distribution.CacheBehaviors as Array<{ PathPattern: string }>).map((b) => b.PathPattern);
  const apiOrigin = (distribution.Origins as Array<Record<string, Loose>>).find((o) => o.CustomOriginConfig);
  const originHeaders = Object.fromEntries(
    ((apiOrigin?.OriginCustomHeaders ?? []) as Array<{ HeaderName: string; HeaderValue: unknown }>).map((h) => [
      h.HeaderName.toLowerCase(),
      String(options.resolve(h.HeaderValue)),
    ]),
  );
  const spaRouting = cloudFrontFunction(options.web, 'SpaFallback');
  const viewerAddress = cloudFrontFunction(options.web, 'ViewerAddress');
  const routes: Route[] = resources(options.api, 'AWS::ApiGatewayV2::Route').map((r) => {
    const [method, path] = String(r.Properties.RouteKey).split(' ') as [string, string];
    return { method, path, authorizationType: String(r.Properties.AuthorizationType ?? 'NONE') };
  });
  const authorizer = resources(options.api, 'AWS::ApiGatewayV2::Authorizer')[0]?.Properties;
  const issuer = String(options.resolve(authorizer?.JwtConfiguration.Issuer));
  const audience = ((authorizer?.JwtConfiguration.Audience ?? []) as unknown[]).map((a) => String(options.resolve(a)));
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl));

  const pathMatches = (pattern: string, path: string) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(path);

  /** API Gateway's route selection: the most specific match, greedy `{proxy+}` last. */
  const routeFor = (method: string, path: string) => {
    const candidates = routes.filter((r) => {
      if (r.method !== 'ANY' && r.method !== method) return false;
      if (r.path.endsWith('/{proxy+}'))
        return path.startsWith(r.path.slice(0, -'{proxy+}'.length)) && path.length > r.path.length - 8;
      return r.path === path;
    });
    return candidates.sort((a, b) => Number(a.path.includes('{proxy+}')) - Number(b.path.includes('{proxy+}')))[0];
  };

  /** API Gateway HTTP API with its JWT authorizer, then the Lambda (payload format 2.0). */
  async function apiGateway(
    method: string,
    rawPath: string,
    headers: Record<string, string>,
    body: string | undefined,
    sourceIp: string,
  ): Promise<EdgeResponse> {
    const url = new URL(rawPath, 'https://api.invalid');
    const route = routeFor(method, url.pathname);
    const gatewayAnswer = (status: number, message: string): EdgeResponse => ({
      status,
      headers: { 'content-type': 'application/json' },
      json: { message },
      text: JSON.stringify({ message }),
      byGateway: true,
    });
    if (!route) return gatewayAnswer(404, 'Not Found');
    let authorizerContext: unknown;
    if (route.authorizationType === 'JWT') {
      const token = /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1];
      if (!token) return gatewayAnswer(401, 'Unauthorized');
      try {
        const { payload } = await jwtVerify(token, jwks, { issuer, audience });
        const claims = Object.fromEntries(
          Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]),
        );
        authorizerContext = { jwt: { claims, scopes: null } };
      } catch {
        return gatewayAnswer(401, 'Unauthorized');
      }
    }
    const now = new Date();
    const routeKey = `${route.method} ${route.path}`;
    const event = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
      ...(route.path.includes('{proxy+}')
        ? { pathParameters: { proxy: url.pathname.slice(route.path.indexOf('{proxy+}')) } }
        : {}),
      requestContext: {
        accountId: '123456789012',
        apiId: 'localapi',
        domainName: 'localapi.execute-api.invalid',
        domainPrefix: 'localapi',
        http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp, userAgent: headers['user-agent'] ?? '' },
        requestId: randomUUID(),
        routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
        ...(authorizerContext ? { authorizer: authorizerContext } : {}),
      },
      ...(body !== undefined ? { body, isBase64Encoded: false } : { isBase64Encoded: false }),
    };
    const result = await options.handler(event, {
      awsRequestId: randomUUID(),
      functionName: 'api',
      getRemainingTimeInMillis: () => 29_000,
    });
    const text = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString() : (result.body ?? '');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: result.statusCode, headers: result.headers ?? {}, json, text, byGateway: false };
  }

  return {
    apiPatterns,
    originHeaders,
    /** a browser request to the distribution: the SPA rewrite for site paths, the API chain for API paths */
    async request(req: EdgeRequest): Promise<EdgeResponse & { siteUri?: string }> {
      const path = req.path.split('?')[0] as string;
      const headers: Record<string, string> = Object.fromEntries(
        Object.entries({ 'user-agent': 'Mozilla/5.0 (deploy test)', ...req.headers }).map(([k, v]) => [
          k.toLowerCase(),
          v,
        ]),
      );
      if (!apiPatterns.some((p) => pathMatches(p, path))) {
        const out = spaRouting({
          request: { uri: path, method: req.method, headers: {}, querystring: {} },
          viewer: { ip: req.viewerIp ?? '198.51.100.7' },
        });
        return { status: 200, headers: {}, json: undefined, text: '', byGateway: false, siteUri: out.uri };
      }
      const cfHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, { value: v }]));
      const viewed = viewerAddress({
        request: { uri: path, method: req.method, headers: cfHeaders, querystring: {} },
        viewer: { ip: req.viewerIp ?? '198.51.100.7' },
      });
      const forwarded: Record<string, string> = {
        ...Object.fromEntries(Object.entries(viewed.headers).map(([k, v]) => [k, v.value])),
        ...originHeaders,
        host: 'localapi.execute-api.invalid',
        'x-forwarded-for': `${req.viewerIp ?? '198.51.100.7'}, ${options.edgeIp ?? '130.176.9.9'}`,
      };
      const body =
        req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      if (body !== undefined && !forwarded['content-type']) forwarded['content-type'] = 'application/json';
      return apiGateway(req.method, req.path, forwarded, body, options.edgeIp ?? '130.176.9.9');
    },
    /** a request straight to the execute-api endpoint (not through CloudFront) */
    direct(req: EdgeRequest): Promise<EdgeResponse> {
      const headers = Object.fromEntries(Object.entries({ ...req.headers }).map(([k, v]) => [k.toLowerCase(), v]));
      const body = req.body === undefined ? undefined : JSON.stringify(req.body);
      if (body) headers['content-type'] = 'application/json';
      return apiGateway(req.method, req.path, headers, body, req.viewerIp ?? '203.0.113.50');
    },
  };
}
