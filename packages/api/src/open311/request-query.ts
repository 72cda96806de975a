import type { CaseStep } from '@civicgrid/domain';
import { ValidationError } from '@civicgrid/domain';
import { CLOSED_STEPS, OPEN_STEPS_311 } from './representations';

/** GeoReport v2: without dates the list covers the last 90 days, and a date range may not span more than that. */
export const DEFAULT_WINDOW_DAYS = 90;
/** The most requests one list returns (the spec leaves the number to the server and suggests 1000). */
export const MAX_REQUESTS = 1000;
/** The most ids one `service_request_id` list may name. */
const MAX_IDS = 100;
const DAY_MS = 86_400_000;
const SHANGHAI = '+08:00';

/** The filters of `GET requests`, checked and resolved to a concrete window. */
export type RequestListQuery =
  | { kind: 'ids'; ids: string[] }
  | { kind: 'window'; from: Date; to: Date; serviceCodes?: string[]; steps?: CaseStep[] };

/**
 * Read the filters. `service_request_id` overrides every other filter (spec). Dates are W3C date-times (a date
 * alone means that day in China Standard Time; a time needs a zone).
 */
export function parseRequestListQuery(q: Record<string, string | undefined>, now: Date): RequestListQuery {
  const ids = commaList(q.service_request_id);
  if (ids.length > MAX_IDS) throw bad('service_request_id', `at most ${MAX_IDS} ids`);
  if (ids.length > 0) return { kind: 'ids', ids };

  const start = q.start_date ? w3Date(q.start_date, 'start_date', 'start') : undefined;
  const end = q.end_date ? w3Date(q.end_date, 'end_date', 'end') : undefined;
  const to = end ?? (start ? new Date(start.getTime() + DEFAULT_WINDOW_DAYS * DAY_MS) : now);
  const from = start ?? new Date(to.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  if (from > to) throw bad('end_date', 'must not be before start_date');
  if (to.getTime() - from.getTime() > DEFAULT_WINDOW_DAYS * DAY_MS) {
    throw bad('end_date', `the range may span at most ${DEFAULT_WINDOW_DAYS} days`);
  }

  const serviceCodes = commaList(q.service_code);
  if (serviceCodes.length > MAX_IDS) throw bad('service_code', `at most ${MAX_IDS} codes`);
  if (serviceCodes.some((code) => !/^[A-Za-z0-9_-]{1,32}$/.test(code))) throw bad('service_code', 'unknown code');

  const statuses = commaList(q.status);
  if (statuses.some((s) => s !== 'open' && s !== 'closed')) throw bad('status', 'must be open, closed or both');
  const steps =
    statuses.length === 0 || (statuses.includes('open') && statuses.includes('closed'))
      ? undefined
      : statuses.includes('open')
        ? [...OPEN_STEPS_311]
        : [...CLOSED_STEPS];

  return { kind: 'window', from, to, serviceCodes: serviceCodes.length ? serviceCodes : undefined, steps };
}

function commaList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

const W3_DATE = /^\d{4}-\d{2}-\d{2}$/;
const W3_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** A W3C date-time with a zone, or a bare date (its first or last instant in +08:00). */
export function w3Date(value: string, field: string, edge: 'start' | 'end'): Date {
  // an unencoded "+" in a query string arrives as a space: "2024-05-01T08:00:00 08:00"
  let iso = value.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  if (W3_DATE.test(iso)) iso = edge === 'start' ? `${iso}T00:00:00${SHANGHAI}` : `${iso}T23:59:59.999${SHANGHAI}`;
  else if (!W3_DATETIME.test(iso))
    throw bad(field, 'must be a W3C date-time with a zone, e.g. 2024-05-01T08:00:00+08:00');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw bad(field, 'is not a valid date');
  return date;
}

function bad(path: string, message: string): ValidationError {
  return new ValidationError(`${path} ${message}`, [{ path, message }]);
}
