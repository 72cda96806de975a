import { AppError, TooManyRequestsError } from '@civicgrid/domain';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';

/** The documented error body. */
export function errorBody(
  code: string,
  message: string,
  details: { path: string; message: string; code?: string }[] = [],
  requestId?: string,
  extra: Record<string, unknown> = {},
) {
  return { error: { code, message, details, ...extra, ...(requestId ? { requestId } : {}) } };
}

/**
 * The one place errors become responses: an AppError (status < 500) is shown as it is; anything else is a
 * generic 500 whose detail goes only to the log, never a stack trace to the client.
 */
export function handleError(error: Error, c: Context, log: (e: Record<string, unknown>) => void) {
  const requestId = c.get('requestId' as never) as string | undefined;
  if (error instanceof AppError) {
    if (error instanceof TooManyRequestsError) {
      c.header('Retry-After', String(error.retryAfterSeconds));
      // the body says it too, so a page can tell the user how long to wait in the user's language
      const extra = { retryAfterSeconds: error.retryAfterSeconds };
      return c.json(errorBody(error.code, error.message, error.details, requestId, extra), 429);
    }
    return c.json(errorBody(error.code, error.message, error.details, requestId), error.status);
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status === 413) return c.json(errorBody('payload_too_large', 'Request body too large', [], requestId), 413);
    if (status < 500) return c.json(errorBody('bad_request', error.message || 'Bad request', [], requestId), status);
  }
  log({ level: 'ERROR', message: 'unhandled error', requestId, error: error.message, stack: error.stack });
  return c.json(errorBody('internal_error', 'Internal error', [], requestId), 500);
}
