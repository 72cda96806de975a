/** One entry of the contract's `error.details`: a field path like `contact.phone` and what is wrong with it. */
export interface ErrorDetail {
  path?: string;
  message: string;
  /** the failed rule, stable for translation (`too_small`, `invalid_format`, `no_such_district` …) */
  code?: string;
  params?: Record<string, string | number>;
}

/** A non-2xx answer of the API, carrying the contract's `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly body: unknown = undefined,
  ) {
    super(message);
  }
}

/** Reads a failed response into an ApiError, tolerating bodies that are not JSON (proxies, gateways). */
export async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  const details = Array.isArray(error?.details) ? (error.details as ErrorDetail[]) : [];
  return new ApiError(res.status, error?.code ?? `http_${res.status}`, error?.message ?? res.statusText, details, body);
}

/** Network failures (fetch rejects) become status 0 so callers handle one error type. */
export function networkError(cause: unknown): ApiError {
  return new ApiError(0, 'network_error', cause instanceof Error ? cause.message : String(cause));
}

/**
 * Groups `details` by the form field they belong to: `contact.phone` → `contact.phone`, `location.lat` → `location`,
 * `photos.0` → `photos`. Fields not in `known` land under `''` (shown at the top of the form).
 */
export function fieldErrors(
  err: ApiError,
  known: readonly string[],
  describe: (detail: ErrorDetail) => string = (d) => d.message,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of err.details) {
    const path = (d.path ?? '').replace(/\[(\d+)\]/g, '.$1');
    let field = '';
    const parts = path.split('.');
    for (let i = parts.length; i > 0; i--) {
      const candidate = parts.slice(0, i).join('.');
      if (known.includes(candidate)) {
        field = candidate;
        break;
      }
    }
    const text = describe(d);
    out[field] = out[field] ? `${out[field]}；${text}` : text;
  }
  return out;
}

/** Accepts both a bare array and the paged `{ items }` shape for list endpoints. */
export function asList<T>(body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  const obj = body as { items?: unknown; rows?: unknown } | null | undefined;
  if (Array.isArray(obj?.items)) return obj.items as T[];
  if (Array.isArray(obj?.rows)) return obj.rows as T[];
  for (const value of Object.values(obj ?? {})) if (Array.isArray(value)) return value as T[];
  return [];
}
