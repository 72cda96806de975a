import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';
import { errorBody } from './errors';

/**
 * The part of a request target that does not decode (`%E0%A4%A`, a lone `%`, bytes that are not UTF-8), or
 * undefined when the whole target is well formed. `+` in a query is a space, as forms send it.
 */
export function malformedUrlPart(url: string): 'path' | 'query' | undefined {
  const at = url.indexOf('://');
  const start = at < 0 ? 0 : url.indexOf('/', at + 3);
  const target = start < 0 ? '/' : url.slice(start);
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? '' : target.slice(q + 1).split('#')[0]!;
  if (!decodes(path)) return 'path';
  for (const pair of query.split('&')) if (!decodes(pair.replace(/\+/g, ' '))) return 'query';
  return undefined;
}

function decodes(text: string): boolean {
  if (!text.includes('%')) return true;
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** A request whose URL does not decode is a client error (400 in the error shape), never a 404 or a 500. */
export function malformedUrl(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const part = malformedUrlPart(c.req.url);
    if (part) {
      return c.json(
        errorBody(
          'malformed_url',
          'The request URL is not valid percent-encoded UTF-8',
          [{ path: `(${part})`, message: 'must be valid percent-encoded UTF-8' }],
          c.get('requestId'),
        ),
        400,
      );
    }
    await next();
  };
}
