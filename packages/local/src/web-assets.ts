import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

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

/** Paths the API owns; everything else a browser GETs is the single-page app. */
const API_PREFIXES = ['/api/', '/public/', '/open311/', '/health', '/openapi.json', '/docs'];

/**
 * Serves the built web app (`web/dist`) beside the API at one origin: files by path, the SPA's index.html for any
 * other GET (client-side routes such as `/r/<slug>`), and the API for its own prefixes.
 */
export function withWebAssets(api: Fetch, distDir: string): Fetch {
  const root = normalize(distDir + sep);
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
    const asset = (await isFile(file)) ? file : TYPES[extname(pathname).toLowerCase()] ? undefined : join(root, entry);
    if (!asset || !(await isFile(asset))) return api(request, env);
    const body = request.method === 'HEAD' ? null : await readFile(asset);
    const immutable = asset.includes(`${sep}assets${sep}`); // Vite fingerprints these
    return new Response(body, {
      headers: {
        'content-type': TYPES[extname(asset)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
        // a service worker runs under its script's CSP: it fetches the app shell from this origin, nothing else
        ...(pathname === SERVICE_WORKER ? { 'content-security-policy': SERVICE_WORKER_CSP } : {}),
      },
    });
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
