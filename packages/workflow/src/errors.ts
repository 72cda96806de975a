/**
 * The task token no longer names a waiting task: the case moved on, the step timed out, or the token was already
 * used. The API answers 409 — the same shape as the domain's `ConflictError` (`status`, `code`, `details`).
 */
export class StaleTaskTokenError extends Error {
  readonly status = 409 as const;
  readonly code = 'stale_task_token';
  readonly details: { path: string; message: string }[] = [];

  constructor(message = 'The case has moved on; reload it and try again', options?: ErrorOptions) {
    super(message, options);
    this.name = 'StaleTaskTokenError';
  }
}

/** Step Functions error names that mean "this task token is stale". */
export const STALE_TOKEN_ERRORS: ReadonlySet<string> = new Set(['TaskDoesNotExist', 'InvalidToken', 'TaskTimedOut']);
