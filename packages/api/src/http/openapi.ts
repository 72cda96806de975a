import * as z from 'zod';
import { responseSchemas } from './response-schemas';
import type { ErrorStatus, RouteSpec } from './routes';

/** The API version in /openapi.json. */
export const API_VERSION = '0.1.0';

/** The one error body of every 4xx/5xx (http/errors.ts `errorBody`). */
export const errorSchema = z.object({
  error: z.object({
    /** machine-readable: `validation_failed`, `not_found`, `version_conflict`, … */
    code: z.string(),
    message: z.string(),
    /** one entry per field and rule (`path` dotted, `(body)` for the whole body); empty when not about fields */
    details: z.array(z.object({ path: z.string(), message: z.string() })),
    requestId: z.string().optional(),
  }),
});

const ERRORS: Record<ErrorStatus, { name: string; description: string; code: string; message: string }> = {
  400: {
    name: 'BadRequest',
    description: 'Validation failed: `details` name each field and rule (also malformed JSON or URL encoding)',
    code: 'validation_failed',
    message: 'description: Too small: expected string to have >=1 characters',
  },
  401: {
    name: 'Unauthorized',
    description: 'No token, a bad or expired token (or, to log in, a wrong e-mail or password)',
    code: 'unauthorized',
    message: 'Authentication required',
  },
  403: {
    name: 'Forbidden',
    description: 'The caller’s roles may not do this, the tenant is suspended or over its quota, or a bad API key',
    code: 'forbidden',
    message: 'Forbidden',
  },
  404: {
    name: 'NotFound',
    description: 'Absent — or another tenant’s (indistinguishable), or hidden from the caller’s roles',
    code: 'not_found',
    message: 'Case not found',
  },
  409: {
    name: 'Conflict',
    description: 'Stale `version`, the wrong step for this action, or a duplicate (the field is named)',
    code: 'version_conflict',
    message: 'The record was changed by someone else',
  },
  413: {
    name: 'PayloadTooLarge',
    description: 'The body is larger than allowed (256 KB staff, 64 KB public)',
    code: 'payload_too_large',
    message: 'Body larger than 262144 bytes',
  },
  415: {
    name: 'UnsupportedMediaType',
    description: 'A content type the route does not read',
    code: 'unsupported_media_type',
    message: 'Unsupported media type',
  },
  422: {
    name: 'UnprocessableEntity',
    description: 'Well-formed, but a rule of the process refuses it (`details` name the rule)',
    code: 'rule_violated',
    message: 'An agreement needs the signatures of both parties',
  },
  429: {
    name: 'TooManyRequests',
    description: 'Rate limit or monthly quota; `Retry-After` says when to try again',
    code: 'rate_limited',
    message: 'Too many reports; try again later',
  },
  503: {
    name: 'ServiceUnavailable',
    description: 'A dependency refused (e.g. the identity provider); nothing was changed',
    code: 'identity_sync_failed',
    message: 'The identity provider did not accept the change',
  },
};

/** A tag per module: the route's module from its path. */
const MODULE_OF_SEGMENT: Record<string, string> = {
  me: 'auth',
  auth: 'auth',
  signup: 'auth',
  cases: 'cases',
  outbox: 'cases',
  notifications: 'cases',
  worklists: 'cases',
  'cases-export': 'cases',
  onboarding: 'config',
  settings: 'config',
  bulletins: 'stats',
  kpis: 'stats',
  ranking: 'stats',
  weights: 'stats',
  tenants: 'tenants',
  users: 'users',
  usage: 'usage',
  departments: 'config',
  grids: 'config',
  categories: 'config',
  'api-keys': 'config',
  calendar: 'config',
  'category-library': 'config',
  'routing-rules': 'config',
  'process-settings': 'config',
  disputes: 'disputes',
  'dispute-committees': 'disputes',
  petitions: 'petitions',
  'risk-assessments': 'risk-assessments',
  'early-warnings': 'early-warnings',
  'legal-calls': 'legal-services',
  'legal-aid': 'legal-services',
  'special-populations': 'special-populations',
  'special-visits': 'special-populations',
  'special-caseload': 'special-populations',
  'special-visit-frequencies': 'special-populations',
  tasks: 'fieldwork',
  patrols: 'fieldwork',
  visits: 'fieldwork',
  'field-proposals': 'fieldwork',
  'field-uploads': 'fieldwork',
  buildings: 'places',
  people: 'people',
  households: 'people',
  population: 'people',
  organisations: 'organisations',
  'thing-classes': 'things',
  things: 'things',
  cameras: 'things',
  'access-log': 'data',
  imports: 'data',
  'import-templates': 'data',
  exports: 'data',
  'export-jobs': 'data',
};

const TAGS: Record<string, string> = {
  meta: '健康检查与文档 · health and this reference',
  auth: '注册、登录与当前用户 · sign-up, log-in, the caller',
  citizen: '群众端（无需登录）· the citizen door: report, track, rate',
  open311: 'Open311 GeoReport v2 (XML / JSON; POST with the tenant’s `api_key`)',
  platform: '平台运营 · the platform operator',
  tenants: '组织机构（区、街道、社区）· tenants and their tree',
  users: '用户 · staff users',
  config: '配置：部门、网格、类别、日历、分派规则、API 密钥 · configuration',
  cases: '案件（事件、部件）· the case loop',
  stats: '考核与通报 · KPIs, ranking, bulletins',
  usage: '用量与套餐 · usage and plans',
  disputes: '矛盾纠纷 · disputes and mediation',
  petitions: '信访 · petitions',
  'risk-assessments': '社会稳定风险评估 · risk assessments',
  'early-warnings': '预警 · early warnings',
  'legal-services': '12348 热线与法律援助 · legal hotline and legal aid',
  'special-populations': '特殊人群（按角色隐藏）· special populations (hidden by role)',
  fieldwork: '巡查、走访与任务 · patrols, visits, tasks',
  places: '建筑与房屋 · buildings and rooms',
  people: '实有人口 · people and households',
  organisations: '单位 · organisations',
  things: '部件与视频点位 · things and cameras',
  data: '导入导出与访问日志 · imports, exports, the access log',
  webhooks: '事件推送 · webhooks: endpoints, event types, deliveries',
};

/** The route's tag: its module, from the path (a path of a new module is tagged by its first segment). */
export function tagOf(path: string): string {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'public') return 'citizen';
  if (parts[0] === 'open311') return 'open311';
  if (parts[0] !== 'api') return 'meta';
  if (parts[1] === 'admin') return 'platform';
  const segment = parts[1] === 'stats' ? (parts[2] ?? 'stats') : (parts[1] ?? 'api');
  return MODULE_OF_SEGMENT[segment] ?? segment;
}

/** The error statuses of a route: derived from its declaration, plus those it names. */
export function errorStatusesOf(spec: RouteSpec): ErrorStatus[] {
  const statuses = new Set<ErrorStatus>([400, ...(spec.errors ?? [])]);
  const staff = spec.isolation !== 'public';
  if (staff) statuses.add(401).add(403);
  if (spec.security === 'api_key') statuses.add(403);
  const query = spec.query ? (jsonSchema(spec.query) as { properties?: Record<string, unknown> }) : undefined;
  if (/:\w/.test(spec.path) || spec.hidden || query?.properties?.tenantId) statuses.add(404);
  if (staff && spec.method !== 'GET' && (spec.body || spec.method !== 'POST')) statuses.add(409);
  if (spec.body) statuses.add(413);
  if (!staff && tagOf(spec.path) !== 'meta') statuses.add(429);
  return [...statuses].sort((a, b) => a - b);
}

/** Open311's own error document (GeoReport v2): one entry per problem, in the format the path asks for. */
export const open311ErrorsSchema = z.array(z.object({ code: z.number().int(), description: z.string() }));

/** An error response of a route: the one `Error` body; Open311 answers with its spec's error document. */
function errorResponseOf(spec: RouteSpec, status: ErrorStatus): Record<string, unknown> {
  if (tagOf(spec.path) !== 'open311') return { $ref: `#/components/responses/${ERRORS[status].name}` };
  const json = { 'application/json': { schema: { $ref: '#/components/schemas/Open311Errors' } } };
  const xml = {
    'application/xml': { schema: { type: 'string', description: '<errors><error><code/><description/>' } },
  };
  const content = spec.path.endsWith('.json') ? json : spec.path.endsWith('.xml') ? xml : { ...xml, ...json };
  return { description: ERRORS[status].description, content };
}

/** JSON Schema of a zod schema as a client must send it (`io: 'input'`: defaults optional, transforms ignored). */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return withoutDuplicateAlternatives(rest) as Record<string, unknown>;
}

/** A union of bodies that are alike (several actions take the same fields) lists each alternative once. */
function withoutDuplicateAlternatives(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDuplicateAlternatives);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    const value = withoutDuplicateAlternatives(v);
    if ((k === 'anyOf' || k === 'oneOf') && Array.isArray(value)) {
      const seen = new Set<string>();
      out[k] = value.filter((alt) => {
        const key = JSON.stringify(alt);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    } else out[k] = value;
  }
  return out;
}

/** JSON Schema of a zod schema as the API sends it. */
function outputSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'output' }) as Record<string, unknown>;
  return rest;
}

/**
 * The named response bodies as components. Output schemas of zod objects say `additionalProperties: false`; a
 * response may carry more than the documented fields, so the document leaves them open.
 */
function responseComponents(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(responseSchemas, {
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Record<string, unknown>> };
  const open = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(open);
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) {
        if (k === '$schema' || k === '$id' || (k === 'additionalProperties' && v === false)) continue;
        out[k] = open(v);
      }
      return out;
    }
    return node;
  };
  return Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, open(s)]));
}

function responseRef(schema: z.ZodType): { $ref: string } {
  const id = responseSchemas.get(schema)?.id;
  if (!id) throw new Error('A route response must be one of the named responseSchemas (http/response-schemas.ts)');
  return { $ref: `#/components/schemas/${id}` };
}

/** Examples of the main request bodies, by operationId. */
const REQUEST_EXAMPLES: Record<string, unknown> = {
  signUp: {
    tenant: { name: '泰达街道', slug: 'taida', level: 'street' },
    admin: { email: 'admin@taida.gov.cn', password: 'a-long-password-1', name: '王主任' },
  },
  logIn: { email: 'dispatcher@taida.gov.cn', password: 'a-long-password-1' },
  reportCase: {
    description: '人行道井盖缺失',
    categoryCode: '0103',
    location: { lat: 39.0391, lng: 117.7066 },
    address: '第三大街 12 号',
  },
  actOnCase: { departmentId: 'dept-roads', note: '请尽快处置', version: 3 },
  submitCitizenReport: {
    description: '路灯不亮',
    categoryCode: '0201',
    location: { lat: 39.0391, lng: 117.7066 },
    phone: '13800138000',
  },
  createUser: {
    email: 'worker1@taida.gov.cn',
    name: '李网格员',
    roles: ['grid_worker'],
    gridCodes: ['120116001001001'],
    password: 'a-long-password-1',
  },
};

const RESPONSE_EXAMPLES: Record<string, unknown> = {
  listCases: {
    items: [
      {
        id: 'c-01J9ZK3Q',
        number: 'TD-2026-000123',
        step: 'dispatched',
        version: 4,
        categoryCode: '0103',
        gridCode: '120116001001001',
        departmentId: 'dept-roads',
        deadline: '2026-12-03T10:00:00.000Z',
        overdue: false,
        urgency: 'normal',
        createdAt: '2026-12-01T02:15:00.000Z',
      },
    ],
    cursor: 'eyJrIjoi…',
  },
  getMe: {
    user: { id: 'u-1', email: 'dispatcher@taida.gov.cn', name: '张调度', roles: ['dispatcher'] },
    tenant: { id: 't-taida', slug: 'taida', name: '泰达街道', level: 'street', status: 'active' },
  },
};

/**
 * The OpenAPI 3.1 document of the app, built from the route registry and the same zod schemas the handlers
 * validate with — so the document cannot drift from what the API accepts. Linted with Redocly's recommended
 * rules in test/api/openapi-lint.test.ts; the console's client is generated from it (`npm run gen:client`).
 */
export function openApiDocument(specs: RouteSpec[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  const tags = new Set<string>();
  const usedErrors = new Set<ErrorStatus>();
  for (const spec of specs) {
    const path = spec.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
    const parameters: Record<string, unknown>[] = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (spec.query) {
      const q = jsonSchema(spec.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
      }
    }
    const tag = tagOf(spec.path);
    tags.add(tag);
    const requestExample = REQUEST_EXAMPLES[spec.operationId];
    const responseExample = RESPONSE_EXAMPLES[spec.operationId];
    const statuses = errorStatusesOf(spec);
    if (tag !== 'open311') for (const s of statuses) usedErrors.add(s);
    const errors = Object.fromEntries(statuses.map((s) => [String(s), errorResponseOf(spec, s)]));
    paths[path] ??= {};
    paths[path][spec.method.toLowerCase()] = {
      operationId: spec.operationId,
      summary: spec.summary,
      tags: [tag],
      // staff: a bearer token; a route naming a scope also takes an integration key holding it (X-Api-Key or
      // Authorization: ApiKey …); Open311 POST requests take the tenant's `api_key`
      security:
        spec.isolation !== 'public'
          ? [{ bearer: [] }, ...(spec.apiKeyScope ? [{ integrationKey: [] }] : [])]
          : spec.security === 'api_key'
            ? [{ api_key: [] }]
            : [],
      ...(spec.apiKeyScope ? { 'x-api-key-scope': spec.apiKeyScope } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(spec.body
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: jsonSchema(spec.body),
                  ...(requestExample ? { example: requestExample } : {}),
                },
              },
            },
          }
        : {}),
      responses: {
        '2XX': spec.response
          ? {
              description: 'Success',
              content: {
                'application/json': {
                  schema: responseRef(spec.response),
                  ...(responseExample ? { example: responseExample } : {}),
                },
              },
            }
          : { description: 'Success' },
        ...errors,
        default: { $ref: '#/components/responses/Error' },
      },
      'x-isolation': spec.isolation,
      ...(spec.permission ? { 'x-permission': spec.permission } : {}),
    };
  }
  const errorContent = (example?: { code: string; message: string }) => ({
    'application/json': {
      schema: { $ref: '#/components/schemas/Error' },
      ...(example
        ? {
            example: {
              error: {
                ...example,
                details: example.code === 'validation_failed' ? [{ path: 'description', message: 'Too small' }] : [],
                requestId: '5f0c6d1e-2b7a-4c8e-9a51-3d2f1b0c7e42',
              },
            },
          }
        : {}),
    },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'CivicGrid API',
      version,
      summary: '网格化社会治理平台 — the HTTP contract',
      description:
        'Every route of the app, generated from its route registry and the zod schemas the handlers validate with ' +
        '(docs/api.md). JSON in and out; every error has the one `Error` body. The tenant comes from the verified ' +
        'token only; another tenant’s object is a 404.',
      contact: { name: 'CivicGrid platform operator', url: 'https://civicgrid.example.gov.cn/docs' },
      // the repository carries no open-source licence: the service is run under the operator's terms
      license: { name: 'Proprietary — the operator’s terms of service', url: 'https://civicgrid.example.gov.cn/terms' },
    },
    servers: [{ url: '/', description: 'The instance serving this document (embedded runtime or AWS stage)' }],
    tags: [...tags].sort().map((name) => ({ name, description: TAGS[name] ?? `The ${name} module` })),
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Staff: the token of `POST /api/auth/login` (`Authorization: Bearer <JWT>`)',
        },
        api_key: {
          type: 'apiKey',
          in: 'query',
          name: 'api_key',
          description: 'Open311: the tenant’s API key as the `api_key` query or form field',
        },
        integrationKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Api-Key',
          description: 'An integration key of POST /api/api-keys; the operation names the scope it needs',
        },
      },
      schemas: {
        Error: outputSchema(errorSchema),
        Open311Errors: outputSchema(open311ErrorsSchema),
        ...responseComponents(),
      },
      responses: {
        ...Object.fromEntries(
          [...usedErrors]
            .sort((a, b) => a - b)
            .map((status) => ERRORS[status])
            .map((e) => [
              e.name,
              { description: e.description, content: errorContent({ code: e.code, message: e.message }) },
            ]),
        ),
        Error: { description: 'Any other error (500 `internal_error`: no detail)', content: errorContent() },
      },
    },
  };
}
