import { ValidationError } from '@civicgrid/domain';
import type { Context } from 'hono';
import type * as z from 'zod';

/** Turn a zod failure into the documented 400 with one detail per field (`path` dotted). */
export function validationErrorFrom(error: z.ZodError, prefix?: string): ValidationError {
  const details = error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: issue.message,
    ...ruleOf(issue),
  }));
  const first = details[0];
  return new ValidationError(first ? `${first.path}: ${first.message}` : 'Invalid input', details);
}

/**
 * The failed rule as a stable code a client translates: zod's issue code (`too_small`, `too_big`, `invalid_format`,
 * `invalid_type`, `invalid_value`, `custom` …), with the figures the message needs.
 */
function ruleOf(issue: z.core.$ZodIssue): { code: string; params?: Record<string, string | number> } {
  const params: Record<string, string | number> = {};
  if ('minimum' in issue) params.minimum = Number(issue.minimum);
  if ('maximum' in issue) params.maximum = Number(issue.maximum);
  if ('origin' in issue && typeof issue.origin === 'string') params.origin = issue.origin;
  if ('format' in issue && typeof issue.format === 'string') params.format = issue.format;
  return Object.keys(params).length > 0 ? { code: issue.code, params } : { code: issue.code };
}

/** Parse a value with a schema or throw the documented 400. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationErrorFrom(result.error, prefix);
  return result.data;
}

/** Read and validate a JSON body; malformed JSON is a 400 on `(body)`. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    const text = await c.req.text();
    raw = text.length === 0 ? {} : JSON.parse(text);
  } catch {
    throw new ValidationError(
      'Body is not valid JSON',
      [{ path: '(body)', message: 'must be valid JSON', code: 'invalid_json' }],
      'invalid_json',
    );
  }
  return parseWith(schema, raw);
}

/** Validate the query string. */
export function queryParams<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return parseWith(schema, c.req.query());
}
