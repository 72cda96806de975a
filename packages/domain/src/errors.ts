/** One problem with one input field: `path` is dotted (`tenant.slug`), `message` says which rule failed. */
export interface ErrorDetail {
  path: string;
  message: string;
  /** the rule that failed, stable for clients to translate (`too_small`, `invalid_format`, `no_such_district` …) */
  code?: string;
  /** the rule's figures (`minimum`, `maximum`) for the translated message */
  params?: Record<string, string | number>;
}

/**
 * An error meant for the client: its status is below 500, so its code and message are safe to show.
 * Anything that is not an AppError becomes a generic 500 with the detail only in the log.
 */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

/** 400: the input broke a rule; `details` name each field. */
export class ValidationError extends AppError {
  constructor(message: string, details: ErrorDetail[] = [], code = 'validation_failed') {
    super(400, code, message, details);
    this.name = 'ValidationError';
  }
}

/** 401: no valid credentials. */
export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication required', code = 'unauthorized') {
    super(401, code, message);
    this.name = 'UnauthorizedError';
  }
}

/** 403: authenticated, but the role may not do this. Never used to hide another tenant's object (that is a 404). */
export class ForbiddenError extends AppError {
  constructor(message = 'Your role may not do this', code = 'forbidden') {
    super(403, code, message);
    this.name = 'ForbiddenError';
  }
}

/** 404: does not exist, or belongs to a tenant the caller may not see — indistinguishable on purpose. */
export class NotFoundError extends AppError {
  constructor(what = 'Resource', code = 'not_found') {
    super(404, code, `${what} not found`);
    this.name = 'NotFoundError';
  }
}

/** 409: the object moved on (stale version, wrong step, duplicate unique value). */
export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict', details: ErrorDetail[] = []) {
    super(409, code, message, details);
    this.name = 'ConflictError';
  }
}

/** 413: the body or file is larger than allowed. */
export class PayloadTooLargeError extends AppError {
  constructor(message: string, code = 'payload_too_large') {
    super(413, code, message);
    this.name = 'PayloadTooLargeError';
  }
}

/** 429: a rate limit or quota; `retryAfterSeconds` goes into the Retry-After header. */
export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    code = 'rate_limited',
  ) {
    super(429, code, message);
    this.name = 'TooManyRequestsError';
  }
}
