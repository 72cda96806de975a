import { tenantContext } from '@civicgrid/db';
import {
  type Action,
  type ApiKeyScope,
  can,
  ForbiddenError,
  NotFoundError,
  tenantIdFromPath,
  UnauthorizedError,
} from '@civicgrid/domain';
import type { Context, Hono } from 'hono';
import type * as z from 'zod';
import { apiKeyOf, authenticateApiKey, scopeRoles } from '../auth/api-keys';
import type { SessionGuard } from '../auth/session';
import { PLATFORM_PATH } from '../auth/tokens';
import type { AppDeps } from '../deps';
import type { AppEnv } from './context';

/**
 * How a route treats tenants — every route must declare one, and the isolation suite derives its expectations
 * from it:
 * - `public`: no token (health, signup, login, the citizen API, Open311);
 * - `self`: reads or changes only the caller's own account;
 * - `tenant`: reads or changes objects of the caller's tenant (or, for districts, an approved tenant below it);
 *   another tenant's object is a 404;
 * - `platform`: the platform operator only; every tenant role gets 403.
 */
export type Isolation = 'public' | 'self' | 'tenant' | 'platform';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /**
   * The operation's stable name in /openapi.json and in generated clients: lower camel case, verb first
   * (`listCases`, `getCase`, `reportCase`), unique across the app (test/api/openapi.test.ts checks it). Renaming
   * one breaks integrators' generated code: treat it as part of the contract.
   */
  operationId: string;
  isolation: Isolation;
  /**
   * the credential a `public` route takes instead of a token, for the OpenAPI document: `api_key` — the tenant's
   * integration key as the `api_key` parameter (Open311 POST requests)
   */
  security?: 'api_key';
  /** the permission a caller's roles must grant (checked before the handler runs) */
  permission?: Action;
  /**
   * a caller without `permission` gets 404, not 403: the route's records are not admitted to exist (special
   * populations, PIPL)
   */
  hidden?: boolean;
  summary: string;
  /**
   * an integration API key holding this scope may call the route instead of a staff token (`X-Api-Key` or
   * `Authorization: ApiKey …`); the tenant is the key's. Routes without it refuse API keys (401).
   */
  apiKeyScope?: ApiKeyScope;
  /** the JSON body schema the handler validates with (documented in /openapi.json) */
  body?: z.ZodType;
  /** the query-string schema the handler validates with */
  query?: z.ZodType;
  /**
   * the success body, one of the named `responseSchemas` (http/response-schemas.ts): documented in /openapi.json
   * and typed in the console's generated client
   */
  response?: z.ZodType;
  /**
   * error statuses this route answers beyond those derived from its declaration (400 always; 401/403 with a
   * token; 404 with a path parameter, `hidden` or `tenantId`; 409 for a staff write; 413 with a body; 429 for the
   * public door) — e.g. 401 for a wrong password, 422 for a broken process rule
   */
  errors?: readonly ErrorStatus[];
}

/** The error statuses the API documents (the body is always the one error shape, `components.schemas.Error`). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

type Handler = (c: Context<AppEnv>) => Promise<Response> | Response;

/** A route registrar bound to an app and its dependencies. */
export type Route = (spec: RouteSpec, handler: Handler) => void;

const registry = new WeakMap<object, RouteSpec[]>();

/**
 * A request with an integration key: only on a route naming a scope the key holds (another route is a 401, a
 * missing scope a 403), in the key's tenant only, with the roles the scope stands for (auth/api-keys.ts).
 */
async function asIntegration(c: Context<AppEnv>, spec: RouteSpec, key: string, handler: Handler, deps: AppDeps) {
  if (!spec.apiKeyScope) {
    throw new UnauthorizedError('This route takes a staff token, not an API key', 'api_key_not_accepted');
  }
  const principal = await authenticateApiKey(deps.store, key);
  if (!principal.scopes.includes(spec.apiKeyScope)) {
    throw new ForbiddenError(`The API key lacks the scope ${spec.apiKeyScope}`, 'missing_scope');
  }
  const scope = spec.apiKeyScope;
  c.set('claims', {
    userId: `apikey:${principal.keyId}`,
    tenantId: tenantIdFromPath(principal.tenantPath),
    tenantPath: principal.tenantPath,
    roles: scopeRoles[scope],
    integration: { keyId: principal.keyId, name: principal.name, scope },
  });
  return tenantContext.run({ tenantPath: principal.tenantPath }, async () => handler(c));
}

/**
 * Build the registrar: every route is declared with its isolation and permission, and gets the token check
 * (all but `public`) and the role check before its handler — so no route can forget either.
 */
export function createRouter(app: Hono<AppEnv>, deps: AppDeps, session: SessionGuard): Route {
  const specs: RouteSpec[] = [];
  registry.set(app, specs);
  return (spec, handler) => {
    specs.push(spec);
    app.on(spec.method, spec.path, async (c) => {
      if (spec.isolation === 'public') return handler(c);
      const key = apiKeyOf(c);
      if (key !== undefined) return asIntegration(c, spec, key, handler, deps);
      const header = c.req.header('authorization') ?? '';
      const match = /^Bearer (.+)$/i.exec(header);
      if (!match?.[1]) throw new UnauthorizedError();
      const verified = await deps.verifier.verify(match[1]);
      const authorized = async () => {
        // the roles the handler sees are the stored user's, not the token's
        const claims = await session.resolve(verified);
        c.set('claims', claims);
        if (spec.isolation === 'platform' && !claims.roles.includes('platform_admin')) throw new ForbiddenError();
        if (spec.permission && !can(claims.roles, spec.permission)) {
          throw spec.hidden ? new NotFoundError('Resource') : new ForbiddenError();
        }
        return handler(c);
      };
      // The second wall: in AWS the store then uses credentials scoped to this tenant path (tenant-scoped-client).
      // The platform operator has no tenant path and keeps the platform credentials.
      return verified.tenantPath === PLATFORM_PATH
        ? authorized()
        : tenantContext.run({ tenantPath: verified.tenantPath }, authorized);
    });
  };
}

/** The declarations registered on an app (for the isolation suite and the OpenAPI document). */
export function routeSpecs(app: Hono<AppEnv>): RouteSpec[] {
  return registry.get(app) ?? [];
}
