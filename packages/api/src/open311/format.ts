import { AppError, NotFoundError, TooManyRequestsError } from '@civicgrid/domain';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type XmlValue, xmlDocument } from './xml';

/** The two output formats: XML is required by GeoReport v2, JSON optional (we serve both). */
export type Open311Format = 'json' | 'xml';
export const OPEN311_FORMATS: readonly Open311Format[] = ['xml', 'json'];

/** Item element names of the Open311 XML documents (wrapper → item). */
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

/**
 * Split `<id>.<format>` (the last path segment of the id resources). An unknown extension is a 404, answered
 * in XML — the one format every client must understand.
 */
export function splitFormat(segment: string | undefined): { id: string; format: Open311Format } {
  const match = /^(.+)\.(json|xml)$/.exec(segment ?? '');
  if (!match?.[1] || match[1].length > 100) throw new NotFoundError('Resource');
  return { id: match[1], format: match[2] as Open311Format };
}

/** The format a segment asks for; XML when it names none (errors about the segment itself are XML). */
export function formatOfSegment(segment: string | undefined): Open311Format {
  return segment?.endsWith('.json') ? 'json' : 'xml';
}

/** Send `data` in the requested format; a list in XML goes under `root` with one item element per entry. */
export function open311Response(
  c: Context,
  format: Open311Format,
  root: string,
  data: XmlValue,
  status: ContentfulStatusCode = 200,
): Response {
  if (format === 'json') return c.json(data, status);
  return c.body(xmlDocument(root, data, ITEM_NAMES), status, { 'Content-Type': 'text/xml; charset=utf-8' });
}

/**
 * The Open311 error document (`[{ code, description }]` / `<errors><error>…`) for a client error; anything
 * else is rethrown to the app's error handler (a generic 500, detail in the log).
 */
export function open311ErrorResponse(c: Context, error: unknown, format: Open311Format): Response {
  if (!(error instanceof AppError)) throw error;
  if (error instanceof TooManyRequestsError) c.header('Retry-After', String(error.retryAfterSeconds));
  const descriptions = error.details.length ? error.details.map((d) => `${d.path}: ${d.message}`) : [error.message];
  const body = descriptions.map((description) => ({ code: error.status, description }));
  return open311Response(c, format, 'errors', body, error.status);
}
