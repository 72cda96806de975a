import * as z from 'zod';
import type { RouteSpec } from './routes';

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
        requestId: { type: 'string' },
      },
    },
  },
};

/** JSON Schema of a zod schema as a client must send it (`io: 'input'`: defaults optional, transforms ignored). */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

/**
 * The OpenAPI 3.1 document of the app, built from the route registry and the same zod schemas the handlers
 * validate with — so the document cannot drift from what the API accepts.
 */
export function openApiDocument(specs: RouteSpec[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
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
    paths[path] ??= {};
    paths[path][spec.method.toLowerCase()] = {
      ...(spec.operationId ? { operationId: spec.operationId } : {}),
      summary: spec.summary,
      tags: [spec.path.split('/')[1] === 'api' ? (spec.path.split('/')[2] ?? 'api') : (spec.path.split('/')[1] ?? '')],
      // a route naming a scope also takes an integration key holding it (X-Api-Key or Authorization: ApiKey …)
      security:
        spec.isolation === 'public' ? [] : [{ bearer: [] }, ...(spec.apiKeyScope ? [{ integrationKey: [] }] : [])],
      ...(spec.apiKeyScope ? { 'x-api-key-scope': spec.apiKeyScope } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(spec.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body) } } } }
        : {}),
      responses: {
        default: {
          description: 'Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
        '2XX': { description: 'Success' },
      },
      'x-isolation': spec.isolation,
      ...(spec.permission ? { 'x-permission': spec.permission } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'CivicGrid API', version, description: '网格化社会治理平台 — the HTTP contract (see docs/api.md)' },
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        integrationKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Api-Key',
          description: 'An integration key of POST /api/api-keys; the operation names the scope it needs',
        },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
  };
}
