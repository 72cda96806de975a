import { ValidationError } from '@civicgrid/domain';
import type { Context } from 'hono';
import type * as z from 'zod';

/** Turn a zod failure into the documented 400 with one detail per field (`path` dotted). */
export function validationErrorFrom(error: z.ZodError, prefix?: string): ValidationError {
  const details = error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: issue.message,
  }));
  const first = details[0];
  return new ValidationError(first ? `${first.path}: ${first.message}` : 'Invalid input', details);
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
      [{ path: '(body)', message: 'must be valid JSON' }],
      'invalid_json',
    );
  }
  return parseWith(schema, raw);
}

/** Validate the query string. */
export function queryParams<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return parseWith(schema, c.req.query());
}
