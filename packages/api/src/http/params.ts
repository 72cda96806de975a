import { NotFoundError } from '@civicgrid/domain';
import type { Context } from 'hono';

/** A path parameter; a missing or oversized one is a 404 of `what` (ids are never longer than 100 chars). */
export function param(c: Context, name: string, what = 'Resource'): string {
  const value = c.req.param(name);
  if (!value || value.length > 100) throw new NotFoundError(what);
  return value;
}
