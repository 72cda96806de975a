import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys, type StoredCase, type TenantRecord } from '@civicgrid/db';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '@civicgrid/domain';
import type { Context } from 'hono';
import { apiKeyHash } from '../auth/api-keys';
import { CaseService } from '../cases/case-service';
import { fileOutsideReport, requireOpenTenant } from '../cases/citizen-channel';
import type { AppDeps } from '../deps';
import { clientIp } from '../http/context';
import { RateLimiter } from '../http/rate-limit';
import type { Route, RouteSpec } from '../http/routes';
import {
  formatOfSegment,
  OPEN311_FORMATS,
  type Open311Format,
  open311ErrorResponse,
  open311Response,
  splitFormat,
} from '../open311/format';
import {
  type Open311Lookup,
  serviceDefinitionOf,
  serviceNoticeOf,
  serviceOf,
  serviceRequestOf,
} from '../open311/representations';
import { MAX_REQUESTS, parseRequestListQuery } from '../open311/request-query';
import { parseSubmission } from '../open311/submission';
import { attributeRequest } from '../usage/middleware';
import { caseOwner } from './cases';
import { categoriesOf, departmentsOf } from './config';
import { boundedText } from './public';

const BASE = '/open311/v2';
const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint's behaviour last changed (discovery `changeset`). */
const CHANGESET = '2025-06-01T00:00:00+08:00';

type Handler = (c: Context, format: Open311Format) => Promise<Response>;

/**
 * Open311 GeoReport v2 (`jurisdiction_id` = tenant slug): discovery, services, service definitions, POST and GET
 * requests, tokens — in XML and JSON, with the spec's error documents. Requests are the cases filed from outside
 * (citizen form, Open311). Their public `service_request_id` is the case id, never the tracking code: the code is
 * the citizen's secret (it opens the tracking page and the rating), handed only to whoever filed the report.
 */
export function registerOpen311Routes(route: Route, deps: AppDeps): void {
  const service = new CaseService(deps);
  const limits = deps.config.rateLimits;
  const submissionsPerTenant = new RateLimiter(limits.reportsPerTenantPerMinute, 60_000);
  const readsPerClient = new RateLimiter(limits.lookupsPerMinute ?? 60, 60_000);

  /** Register a route once per format (`….xml`, `….json`), errors written in that format. */
  function perFormat(
    method: 'GET' | 'POST',
    resource: string,
    operationId: string,
    summary: string,
    handler: Handler,
    security?: RouteSpec['security'],
  ) {
    for (const format of OPEN311_FORMATS) {
      route(
        {
          method,
          path: `${BASE}/${resource}.${format}`,
          // one operation per format: `open311ListServicesXml`, `open311ListServicesJson`
          operationId: `${operationId}${format === 'xml' ? 'Xml' : 'Json'}`,
          isolation: 'public',
          summary,
          ...(security ? { security } : {}),
          // a form body is all Open311 reads
          ...(method === 'POST' ? { errors: [415] as const } : {}),
        },
        (c) => answer(c, format, handler),
      );
    }
  }
  /** Register an id resource (`…/:file` = `<id>.<format>`). */
  function byId(
    resource: string,
    operationId: string,
    summary: string,
    handler: (c: Context, f: Open311Format, id: string) => Promise<Response>,
  ) {
    route({ method: 'GET', path: `${BASE}/${resource}/:file`, operationId, isolation: 'public', summary }, (c) => {
      const file = c.req.param('file');
      return answer(c, formatOfSegment(file), (ctx, format) => handler(ctx, format, splitFormat(file).id));
    });
  }

  perFormat('GET', 'discovery', 'open311GetDiscovery', 'Open311 service discovery', async (c, format) => {
    const url = `${new URL(c.req.url).origin}${BASE}`;
    return open311Response(c, format, 'discovery', {
      changeset: CHANGESET,
      contact: `${deps.config.platformName}: contact the street office that runs the jurisdiction`,
      key_service: 'An office administrator issues API keys in the console (Configuration → API keys)',
      endpoints: [
        {
          specification: SPECIFICATION,
          url,
          changeset: CHANGESET,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    });
  });

  perFormat('GET', 'services', 'open311ListServices', 'Open311 service list (= categories)', async (c, format) => {
    const tenant = await jurisdiction(c.req.query('jurisdiction_id'));
    const lookup = await lookupOf(tenant);
    const services = [...lookup.categories.values()]
      .filter((category) => category.active !== false) // a deactivated category is offered no more
      .map((category) => serviceOf(category, lookup));
    return open311Response(c, format, 'services', services);
  });

  byId('services', 'open311GetService', 'Open311 service definition', async (c, format, code) => {
    const tenant = await jurisdiction(c.req.query('jurisdiction_id'));
    const category = await categoriesOf(deps).get(tenant.path, code);
    if (!category) throw new NotFoundError('Service');
    return open311Response(c, format, 'service_definition', serviceDefinitionOf(category));
  });

  perFormat(
    'POST',
    'requests',
    'open311CreateRequest',
    'Open311 create a service request (API key)',
    async (c, format) => {
      const form = await formOf(c);
      const tenant = await jurisdiction(form.get('jurisdiction_id') ?? c.req.query('jurisdiction_id'));
      attributeRequest(c, tenant.path); // the jurisdiction may be named only in the body
      const keyId = await requireApiKey(tenant, form.get('api_key') ?? c.req.query('api_key'));
      submissionsPerTenant.hit(tenant.path, 'service requests for this jurisdiction');
      const serviceCode = form.get('service_code');
      if (!serviceCode) {
        throw new ValidationError('service_code is required', [{ path: 'service_code', message: 'is required' }]);
      }
      const category = await categoriesOf(deps).get(tenant.path, serviceCode);
      if (!category) throw new NotFoundError('Service');
      const submission = parseSubmission(form);
      const { state } = await fileOutsideReport(
        deps,
        service,
        tenant.path,
        {
          source: 'open311',
          description: submission.description ?? category.name,
          categoryCode: category.code,
          location: submission.location,
          address: submission.address,
          attributes: submission.attributes,
          private: submission.private,
        },
        () => ({ userId: `open311:${keyId}`, roles: [] }),
      );
      const created = {
        // the tracking code reaches the citizen only by the SMS acknowledgement (when a phone was given)
        service_request_id: state.id,
        service_notice: serviceNoticeOf(category),
        account_id: submission.accountId ?? null,
      };
      return open311Response(c, format, 'service_requests', [created], 201);
    },
    'api_key',
  );

  perFormat(
    'GET',
    'requests',
    'open311ListRequests',
    'Open311 service requests (filters, last 90 days by default)',
    async (c, format) => {
      readsPerClient.hit(clientIp(c), 'Open311 reads');
      const tenant = await jurisdiction(c.req.query('jurisdiction_id'));
      const query = parseRequestListQuery(c.req.query(), deps.clock());
      let found: StoredCase[];
      if (query.kind === 'ids') {
        const all = await Promise.all(query.ids.map((id) => byPublicId(tenant, id).catch(() => undefined)));
        found = all.filter((s): s is StoredCase => s !== undefined);
      } else {
        // the newest requests of the window from the public view (O(MAX_REQUESTS)), then the spec's filters
        const codes = query.serviceCodes ? new Set(query.serviceCodes) : undefined;
        const steps = query.steps ? new Set<string>(query.steps) : undefined;
        found = (
          await service.cases.publicRequests(tenant.path, {
            from: query.from.toISOString(),
            to: query.to.toISOString(),
            limit: MAX_REQUESTS,
          })
        ).filter((s) => (!codes || codes.has(s.state.categoryCode ?? '')) && (!steps || steps.has(s.state.step)));
      }
      const [lookup, published] = await Promise.all([
        lookupOf(tenant),
        service.cases.publications(
          tenant.path,
          found.map((s) => s.state.id),
        ),
      ]);
      return open311Response(
        c,
        format,
        'service_requests',
        found.map((s) => serviceRequestOf(s, lookup, published.get(s.state.id))),
      );
    },
  );

  byId('requests', 'open311GetRequest', 'Open311 one service request', async (c, format, id) => {
    readsPerClient.hit(clientIp(c), 'Open311 reads');
    const tenant = await jurisdiction(c.req.query('jurisdiction_id'));
    const stored = await byPublicId(tenant, id);
    const [lookup, published] = await Promise.all([
      lookupOf(tenant),
      service.cases.publications(tenant.path, [stored.state.id]),
    ]);
    return open311Response(c, format, 'service_requests', [
      serviceRequestOf(stored, lookup, published.get(stored.state.id)),
    ]);
  });

  // Requests are created in real time, so a token is never needed; a client that asks with the id it got
  // back is answered with that id (the spec's token → service_request_id mapping).
  byId('tokens', 'open311GetRequestIdForToken', 'Open311 service request id for a token', async (c, format, token) => {
    readsPerClient.hit(clientIp(c), 'Open311 reads');
    const tenant = await jurisdiction(c.req.query('jurisdiction_id'));
    const stored = await byPublicId(tenant, token);
    const id = stored.state.id;
    return open311Response(c, format, 'service_requests', [{ service_request_id: id, token: id }]);
  });

  /** Run a handler; client errors become the Open311 error document in the route's format. */
  async function answer(c: Context, format: Open311Format, handler: Handler): Promise<Response> {
    try {
      return await handler(c, format);
    } catch (error) {
      return open311ErrorResponse(c, error, format);
    }
  }

  /** The tenant a `jurisdiction_id` names: required (400), an open tenant (404 otherwise). */
  async function jurisdiction(id: string | undefined | null): Promise<TenantRecord> {
    if (!id) {
      throw new ValidationError('jurisdiction_id is required', [{ path: 'jurisdiction_id', message: 'is required' }]);
    }
    try {
      return await requireOpenTenant(deps, id);
    } catch {
      throw new NotFoundError('Jurisdiction');
    }
  }

  /** The API key must exist and belong to the jurisdiction's tenant; anything else is the spec's 403. */
  async function requireApiKey(tenant: TenantRecord, key: string | undefined | null): Promise<string> {
    if (!key || key.length > 200) throw new ForbiddenError('api_key is missing or invalid', 'invalid_api_key');
    const res = await deps.store.doc.send(
      new GetCommand({ TableName: deps.store.tableName, Key: keys.apiKeyHash(apiKeyHash(key)) }),
    );
    if (res.Item?.tenantPath !== tenant.path) {
      throw new ForbiddenError('api_key is missing or invalid', 'invalid_api_key');
    }
    return String(res.Item.keyId);
  }

  /** The outside-filed case a public id names in this jurisdiction (its own cases only); anything else is a 404. */
  async function byPublicId(tenant: TenantRecord, raw: string): Promise<StoredCase> {
    const id = raw.toLowerCase();
    const owner = /^[a-z0-9.]{4,40}-[0-9a-z]{8,40}$/.test(id) ? caseOwner(id) : undefined;
    const stored = owner === tenant.path ? await service.cases.get(tenant.path, id) : undefined;
    if (!stored?.state.trackingCode) throw new NotFoundError('Service request');
    return stored;
  }

  async function lookupOf(tenant: TenantRecord): Promise<Open311Lookup> {
    const [categories, departments] = await Promise.all([
      categoriesOf(deps).list(tenant.path),
      departmentsOf(deps).list(tenant.path),
    ]);
    return {
      categories: new Map(categories.map((c) => [c.code, c])),
      departments: new Map(departments.map((d) => [d.id, d])),
    };
  }

  /** The form body (`application/x-www-form-urlencoded`, at most 64 KB). */
  async function formOf(c: Context): Promise<URLSearchParams> {
    const type = c.req.header('content-type') ?? '';
    if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw new AppError(415, 'unsupported_media_type', 'POST requests as application/x-www-form-urlencoded');
    }
    return new URLSearchParams(await boundedText(c));
  }
}
