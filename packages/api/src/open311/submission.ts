import type { CasePrivate } from '@civicgrid/db';
import {
  type AttributeValues,
  categoryCodeSchema,
  chineseMobileSchema,
  emailSchema,
  optionalText,
  ValidationError,
} from '@civicgrid/domain';
import * as z from 'zod';
import { parseWith } from '../http/validate';
import { FILING_CRITERIA } from './representations';

const coordinate = (field: string, limit: number) =>
  z
    .string({ error: `${field} must be a number` })
    .trim()
    .regex(/^-?\d{1,3}(?:\.\d+)?$/, { error: `${field} must be a decimal number` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(-limit, { error: `${field} must be ≥ -${limit}` })
        .max(limit, { error: `${field} must be ≤ ${limit}` }),
    );

/**
 * The fields of `POST requests` (GeoReport v2). `attribute[code]` (and `attribute[code][]` for a multivaluelist)
 * carry the answers to the service definition's attributes; the case service checks them against the category.
 */
const submissionSchema = z.object({
  service_code: z.string({ error: 'service_code is required' }).pipe(categoryCodeSchema),
  lat: coordinate('lat', 90).optional(),
  long: coordinate('long', 180).optional(),
  address_string: optionalText('address_string', 200),
  address_id: optionalText('address_id', 100),
  email: emailSchema.optional(),
  device_id: optionalText('device_id', 100),
  account_id: optionalText('account_id', 100),
  first_name: optionalText('first_name', 50),
  last_name: optionalText('last_name', 50),
  phone: z
    .string()
    .transform((p) => p.replace(/[\s()-]/g, '').replace(/^(?:\+|00)86/, ''))
    .pipe(chineseMobileSchema)
    .optional(),
  description: optionalText('description', 2000),
  media_url: z
    .url({ protocol: /^https?$/, error: 'media_url must be an http(s) URL' })
    .max(500, { error: 'media_url must be at most 500 characters' })
    .optional(),
});

/** A checked Open311 submission. */
export interface Open311Submission {
  serviceCode: string;
  description?: string | undefined;
  location?: { lat: number; lng: number } | undefined;
  address?: string | undefined;
  accountId?: string | undefined;
  attributes?: AttributeValues | undefined;
  private: CasePrivate;
}

const ATTRIBUTE_FIELD = /^attribute\[([A-Za-z][A-Za-z0-9_]{0,31})\](\[\])?$/;

/** `attribute[code]=v` and `attribute[code][]=a&attribute[code][]=b` as answers (repeats make a list). */
export function attributesOf(form: URLSearchParams): AttributeValues | undefined {
  const out: AttributeValues = {};
  for (const [key, value] of form) {
    const m = ATTRIBUTE_FIELD.exec(key);
    if (!m?.[1]) {
      if (key.startsWith('attribute[')) {
        throw new ValidationError('Bad attribute field', [
          { path: key.slice(0, 60), message: 'attribute codes are a letter then letters, digits or _' },
        ]);
      }
      continue;
    }
    const code = m[1];
    if (code === FILING_CRITERIA) continue; // informational: nothing to answer
    const prev = out[code];
    if (m[2] !== undefined || prev !== undefined) {
      out[code] = [...(Array.isArray(prev) ? prev : prev === undefined ? [] : [String(prev)]), value];
    } else out[code] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Check a form body; a missing location (lat+long, address_string or address_id) is a 400 as the spec says. */
export function parseSubmission(form: URLSearchParams): Open311Submission {
  const fields: Record<string, string> = {};
  for (const [key, value] of form) {
    if (Object.hasOwn(submissionSchema.shape, key) && value !== '') fields[key] = value;
  }
  const input = parseWith(submissionSchema, fields);
  if ((input.lat === undefined) !== (input.long === undefined)) {
    const missing = input.lat === undefined ? 'lat' : 'long';
    throw new ValidationError(`${missing} is required with ${missing === 'lat' ? 'long' : 'lat'}`, [
      { path: missing, message: 'lat and long go together' },
    ]);
  }
  const location =
    input.lat !== undefined && input.long !== undefined ? { lat: input.lat, lng: input.long } : undefined;
  if (!location && !input.address_string && !input.address_id) {
    throw new ValidationError('A location is required: lat and long, address_string or address_id', [
      { path: 'lat', message: 'lat and long, address_string or address_id is required' },
    ]);
  }
  // we keep no address registry: an address id is kept as the address text so staff can resolve it
  const address = input.address_string ?? (input.address_id ? `address_id ${input.address_id}` : undefined);
  return {
    serviceCode: input.service_code,
    description: input.description,
    location,
    address,
    accountId: input.account_id,
    attributes: attributesOf(form),
    private: privateOf(input),
  };
}

function privateOf(input: z.infer<typeof submissionSchema>): CasePrivate {
  const reporter: NonNullable<CasePrivate['reporter']> = {};
  const name = fullName(input.first_name, input.last_name);
  if (name) reporter.name = name;
  if (input.phone) reporter.phone = input.phone;
  if (input.email) reporter.email = input.email;
  return {
    ...(Object.keys(reporter).length ? { reporter } : {}),
    ...(input.media_url ? { mediaUrl: input.media_url } : {}),
  };
}

/** Chinese names are family name first, without a space; other names as given. */
function fullName(first?: string, last?: string): string | undefined {
  if (!first && !last) return undefined;
  const cjk = /^[\u3400-\u9fff·]+$/;
  if ((!first || cjk.test(first)) && (!last || cjk.test(last))) return `${last ?? ''}${first ?? ''}`;
  return [first, last].filter(Boolean).join(' ');
}
