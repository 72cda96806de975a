import createClient from 'openapi-fetch';
import { ApiError, networkError } from '../shared/api-error';
import { getToken, UNAUTHORIZED_EVENT } from './api';
import type { components, paths } from './api-schema';

/**
 * The typed API client, generated from /openapi.json (`npm run gen:client` writes ./api-schema.d.ts): paths,
 * parameters and bodies are checked against the server's own document. Bearer token as in ./api.ts; a non-2xx
 * answer becomes an ApiError (a 401 also ends the session).
 */
export const client = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '' });

client.use({
  onRequest({ request }) {
    const token = getToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
});

type ErrorBody = components['schemas']['Error'];

/** The body of a call's success, or the ApiError of its failure (network failures are status 0). */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (e) {
    throw networkError(e);
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  if (response.status === 401 && getToken()) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
  const body = (error as Partial<ErrorBody> | undefined)?.error;
  throw new ApiError(
    response.status,
    body?.code ?? `http_${response.status}`,
    body?.message ?? response.statusText,
    Array.isArray(body?.details) ? body.details : [],
    error,
  );
}
