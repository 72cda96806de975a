import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { type CompressedFile, CompressedFiles, type Encoding, negotiateEncoding } from './compressed-files';

type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** The grid worker app's service worker and the CSP it runs under (its own fetches: same origin only). */
export const SERVICE_WORKER = '/m/sw.js';
export const SERVICE_WORKER_CSP = "default-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'";

/** Vite fingerprints everything under `assets/`: a name never changes its content, so it may be cached for good. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** Paths the API owns; everything else a browser GETs is the single-page app. */
const API_PREFIXES = ['/api/', '/public/', '/open311/', '/health', '/openapi.json', '/docs'];

/** The citizen routes the report page knows (`/r/<slug>`, `/r/<slug>/t/<code>`); see web/src/report/router.ts. */
const CITIZEN_ROUTE = /^\/r\/([^/]+)(?:\/t\/[^/]+)?\/?$/;

/**
 * Serves the built web app (`web/dist`) beside the API at one origin: files by path, the SPA's index.html for any
 * other GET (client-side routes such as `/r/<slug>`), and the API for its own prefixes. Text files leave brotli-
 * or gzip-compressed when the browser accepts it (the build's `.br` / `.gz` twins, else compressed once here);
 * a citizen page of an office that does not exist is the not-found page with status 404.
 */
export function withWebAssets(api: Fetch, distDir: string): Fetch {
  const root = normalize(distDir + sep);
  const files = new CompressedFiles();
  return async (request, env) => {
    const { pathname } = new URL(request.url);
    const isRead = request.method === 'GET' || request.method === 'HEAD';
    if (!isRead || API_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(prefix))) {
      return api(request, env);
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return api(request, env); // a malformed %-escape: the API answers it (400 in the error shape)
    }
    const file = normalize(join(root, decoded));
    if (!file.startsWith(root)) return new Response('Not found', { status: 404 });
    // the citizen pages (`/r/<slug>…`) and the grid worker's phone app (`/m/…`) are their own small entries;
    // every other route is the console
    const entry =
      pathname === '/r' || pathname.startsWith('/r/')
        ? 'report.html'
        : pathname === '/m' || pathname.startsWith('/m/')
          ? 'field.html'
          : 'index.html';
    // a missing file with a static-file extension is a 404; anything else (`/cases/d0001.s001-…`: case ids have
    // dots) is a client-side route and gets its page
    const isAsset = await isFile(file);
    const asset = isAsset ? file : TYPES[extname(pathname).toLowerCase()] ? undefined : join(root, entry);
    if (!asset || !(await isFile(asset))) return api(request, env);
    const status = !isAsset && entry === 'report.html' ? await citizenPageStatus(api, request, pathname, env) : 200;
    const type = TYPES[extname(asset)] ?? 'application/octet-stream';
    const served = await files.read(asset, negotiateEncoding(request.headers.get('accept-encoding')));
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(served.body), {
      status,
      headers: {
        'content-type': type,
        'cache-control': asset.includes(`${sep}assets${sep}`) ? IMMUTABLE_CACHE_CONTROL : 'no-cache',
        'x-content-type-options': 'nosniff',
        ...encodingHeaders(served),
        // a service worker runs under its script's CSP: it fetches the app shell from this origin, nothing else
        ...(pathname === SERVICE_WORKER ? { 'content-security-policy': SERVICE_WORKER_CSP } : {}),
      },
    });
  };
}

function encodingHeaders(file: CompressedFile): Record<string, string> {
  if (!file.compressible) return {};
  // caches must keep one copy per encoding, whichever this one is
  return {
    vary: 'Accept-Encoding',
    ...(file.encoding ? { 'content-encoding': file.encoding satisfies Encoding } : {}),
  };
}

/**
 * 404 for a citizen path the page cannot show — not one of its routes, or an office the API does not know (or
 * that is closed) — so links to it fail visibly for crawlers and monitors as well as people; 200 otherwise.
 */
async function citizenPageStatus(api: Fetch, request: Request, pathname: string, env: unknown): Promise<number> {
  const slug = CITIZEN_ROUTE.exec(pathname)?.[1];
  if (!slug) return 404;
  const probe = new Request(new URL(`/public/${slug}`, request.url), { headers: { accept: 'application/json' } });
  const res = await api(probe, env);
  await res.body?.cancel();
  return res.status === 404 ? 404 : 200;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
