import { ApiError, networkError, toApiError } from '../shared/api-error';

export const TOKEN_KEY = 'civicgrid.token';
/** Fired when the API answers 401 to a logged-in request: the session is over. */
export const UNAUTHORIZED_EVENT = 'civicgrid:unauthorized';

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

/** A request with the bearer token; a non-2xx answer becomes an ApiError (a 401 also ends the session). */
async function send(path: string, opts: RequestOptions, accept: string): Promise<Response> {
  const token = getToken();
  const headers: Record<string, string> = { Accept: accept, ...opts.headers };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch (e) {
    throw networkError(e);
  }
  if (!res.ok) {
    const err = await toApiError(res);
    if (res.status === 401 && token) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    throw err;
  }
  return res;
}

/** Typed fetch against the CivicGrid API: bearer token, JSON both ways, errors as ApiError. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(path, opts, 'application/json');
  if (res.status === 204) return undefined as T;
  return (await res.json().catch(() => undefined)) as T;
}

/**
 * A file the API generates (a CSV report): fetched with the bearer token, so a plain link cannot do it. The
 * name is the server's `Content-Disposition` filename when it gives one.
 */
export async function getFile(path: string, query?: Query): Promise<{ blob: Blob; fileName?: string }> {
  const res = await send(path, { query }, '*/*');
  const fileName = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') ?? '')?.[1];
  return { blob: await res.blob(), fileName };
}

export const get = <T>(path: string, query?: Query) => api<T>(path, { query });
export const post = <T>(path: string, body: unknown = {}) => api<T>(path, { method: 'POST', body });
export const put = <T>(path: string, body: unknown) => api<T>(path, { method: 'PUT', body });
export const patch = <T>(path: string, body: unknown) => api<T>(path, { method: 'PATCH', body });
export const del = <T = void>(path: string) => api<T>(path, { method: 'DELETE' });

export { ApiError };
