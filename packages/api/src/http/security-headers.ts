/**
 * Security headers for every response, one definition for the API (hono middleware), the embedded runtime's
 * static files and its node-level errors (packages/local), and the CDK distribution's policy. Plain strings and
 * functions only: no hono, no zod, so any package can import it (`@civicgrid/api/security-headers`).
 */

/** The headers every response carries, whatever it is. */
export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Permitted-Cross-Domain-Policies': 'none',
};

/** A JSON (or CSV) response is never a document: it may load nothing and be framed by nobody. */
export const API_CONTENT_SECURITY_POLICY =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * 天地图, the national base map every office may choose with its own key (a tenant setting): its tile hosts
 * (`t0`…`t7.tianditu.gov.cn`) for images and its geocoder for address search.
 */
export const TIANDITU_TILE_SOURCE = 'https://*.tianditu.gov.cn';
export const TIANDITU_API_ORIGIN = 'https://api.tianditu.gov.cn';

export interface PageCspOptions {
  /** Leaflet tile URL templates in use (`https://{s}.tile.example.org/{z}/{x}/{y}.png`); empty = offline map. */
  tileUrls?: readonly string[];
  /** Origins evidence is uploaded to and shown from (presigned S3 URLs), e.g. `http://127.0.0.1:4568`. */
  evidenceOrigins?: readonly string[];
}

/**
 * The origin of a tile URL template as a CSP source: `https://{s}.tile.osm.org/{z}/{x}/{y}.png` becomes
 * `https://*.tile.osm.org`. Undefined for anything that is not an http(s) URL with a plain host (a template the
 * CSP cannot express is left out rather than widened).
 */
export function tileSource(template: string): string | undefined {
  const match = /^(https?):\/\/([^/?#]+)/i.exec(template.trim());
  if (!match) return undefined;
  const host = match[2]!.replace(/^\{s\}\./, '*.');
  if (!/^(\*\.)?[a-z0-9.-]+(:\d+)?$/i.test(host)) return undefined;
  return `${match[1]!.toLowerCase()}://${host.toLowerCase()}`;
}

/**
 * True when the page CSP lets a tile URL template load: 天地图, or a host of `allowed` (the deployment's tile
 * templates or sources). A tenant's own tile server must be one of them, or its tiles would be refused.
 */
export function tileTemplateAllowed(template: string, allowed: readonly string[]): boolean {
  const source = tileSource(template.replace(/^https:\/\/[^/]*\{s\}[^/.]*\./i, 'https://{s}.'));
  if (!source) return false;
  const sources = [TIANDITU_TILE_SOURCE, ...allowed.map((a) => tileSource(a) ?? a)];
  return sources.some((s) => s === source || (s.startsWith('https://*.') && source.endsWith(s.slice(9))));
}

/** The tile URL template a built page names in `<meta name="civicgrid-tiles" content="…">` (empty: offline map). */
export function tileTemplateIn(html: string): string | undefined {
  const content = /<meta\s+name="civicgrid-tiles"\s+content="([^"]*)"/i.exec(html)?.[1]?.trim();
  return content ? content.replace(/&amp;/g, '&') : undefined;
}

/** `scheme://host[:port]` of a URL, or undefined when it is not one. */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The policy of the console and the citizen pages: scripts only from this origin (no inline script, no eval),
 * images from here, `data:`/`blob:` (photo previews), the tile hosts and the evidence bucket; XHR only to the API
 * and the evidence bucket (presigned uploads). `style-src 'unsafe-inline'` stays because Ant Design's CSS-in-JS
 * injects `<style>` elements at run time; styles cannot run script.
 */
export function pageContentSecurityPolicy(options: PageCspOptions = {}): string {
  const tiles = unique((options.tileUrls ?? []).map(tileSource));
  const evidence = unique((options.evidenceOrigins ?? []).map(evidenceSource));
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    ['img-src', "'self'", 'data:', 'blob:', TIANDITU_TILE_SOURCE, ...tiles, ...evidence].join(' '),
    "font-src 'self' data:",
    ['connect-src', "'self'", TIANDITU_API_ORIGIN, ...evidence].join(' '),
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** An origin as given (`https://host`, also a CDK token there), or the origin of a full URL; never a bare scheme. */
function evidenceSource(value: string): string | undefined {
  if (/^https?:\/\/[^/\s;,']+$/i.test(value)) return value;
  return originOf(value);
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))];
}

/**
 * Set the security headers on `response` where it has none of its own (a route may send a stricter or a page
 * CSP). Mutates in place when the headers are mutable, else returns a copy with them.
 */
export function applySecurityHeaders(response: Response, contentSecurityPolicy: string): Response {
  const wanted: [string, string][] = [
    ...Object.entries(BASE_SECURITY_HEADERS),
    ['Content-Security-Policy', contentSecurityPolicy],
  ];
  try {
    for (const [name, value] of wanted) if (!response.headers.has(name)) response.headers.set(name, value);
    return response;
  } catch {
    // immutable headers (a Response from fetch()): copy
    const headers = new Headers(response.headers);
    for (const [name, value] of wanted) if (!headers.has(name)) headers.set(name, value);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}
