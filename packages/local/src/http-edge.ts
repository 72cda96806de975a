import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import {
  API_CONTENT_SECURITY_POLICY,
  applySecurityHeaders,
  BASE_SECURITY_HEADERS,
  pageContentSecurityPolicy,
  tileTemplateIn,
} from '@civicgrid/api';
import { getRequestListener, RequestError } from '@hono/node-server';

type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

/** The tile URL templates the built pages name in `<meta name="civicgrid-tiles">` (empty when offline). */
export function tileTemplates(distDir: string): string[] {
  const out = new Set<string>();
  for (const page of ['index.html', 'report.html']) {
    let html: string;
    try {
      html = readFileSync(join(distDir, page), 'utf8');
    } catch {
      continue;
    }
    const template = tileTemplateIn(html);
    if (template) out.add(template);
  }
  return [...out];
}

/** The CSP of the pages this runtime serves: its tile hosts and its evidence store (s3rver) origin. */
export function runtimePageCsp(distDir: string, evidenceEndpoint: string): string {
  return pageContentSecurityPolicy({ tileUrls: tileTemplates(distDir), evidenceOrigins: [evidenceEndpoint] });
}

/** An error in the documented shape, with the security headers (for failures below the app). */
export function edgeError(status: 400 | 500, code: string, message: string): Response {
  const response = new Response(JSON.stringify({ error: { code, message, details: [] } }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
  return applySecurityHeaders(response, API_CONTENT_SECURITY_POLICY);
}

/**
 * The outermost layer of the HTTP server: every response — API, static file, SPA page, error — leaves with the
 * security headers; HTML gets the page CSP, anything else the API's `default-src 'none'` (a route may set its own).
 * A handler that throws becomes a JSON 500 rather than node-server's bare one.
 */
export function withSecurityHeaders(fetch: Fetch, pageCsp: string): Fetch {
  return async (request, env) => {
    let response: Response;
    try {
      response = await fetch(request, env);
    } catch {
      return edgeError(500, 'internal_error', 'Internal error');
    }
    const html = response.headers.get('content-type')?.startsWith('text/html');
    return applySecurityHeaders(response, html ? pageCsp : API_CONTENT_SECURITY_POLICY);
  };
}

/**
 * An HTTP server for `fetch` that answers request-level failures in the error shape too: a target or Host header
 * node-server cannot turn into a URL → 400 JSON, and a request node's parser rejects (bad request line, bad
 * header) → 400 JSON on the socket, both with the security headers.
 */
export function createHttpServer(fetch: Fetch): Server {
  const listener = getRequestListener(fetch, {
    errorHandler: (error) =>
      error instanceof RequestError
        ? edgeError(400, 'bad_request', 'The request could not be parsed')
        : edgeError(500, 'internal_error', 'Internal error'),
  });
  const server = createServer(listener);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') return void socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = JSON.stringify({
      error: {
        code: status === 431 ? 'headers_too_large' : 'bad_request',
        message: 'Malformed HTTP request',
        details: [],
      },
    });
    const headers = {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(body)),
      Connection: 'close',
      ...BASE_SECURITY_HEADERS,
      'Content-Security-Policy': API_CONTENT_SECURITY_POLICY,
    };
    const head = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n');
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n${head}\r\n\r\n${body}`,
    );
  });
  return server;
}
