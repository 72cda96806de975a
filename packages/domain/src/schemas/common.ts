import * as z from 'zod';

/** Free text that is trimmed and must not be empty: `label` names the field in the message. */
export function requiredText(label: string, max: number) {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, { error: `${label} must not be empty` })
    .max(max, { error: `${label} must be at most ${max} characters` });
}

/** Optional trimmed text of at most `max` characters. */
export function optionalText(label: string, max: number) {
  return z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, { error: `${label} must be at most ${max} characters` })
    .optional();
}

/** A category code (`PUBLIC_GARBAGE`, `city-01`): what Open311 calls a `service_code`. */
export const categoryCodeSchema = z
  .string({ error: 'categoryCode is required' })
  .regex(/^[A-Za-z0-9_-]{1,32}$/, { error: 'categoryCode must be 1–32 letters, digits, "_" or "-"' });

/** An opaque id issued by the store (users, departments, cases). */
export const entityIdSchema = z
  .string({ error: 'id is required' })
  .min(1, { error: 'id must not be empty' })
  .max(64, { error: 'id must be at most 64 characters' });

/** A tenant slug: lowercase letters, digits and hyphens, 3–40 long (it appears in public URLs). */
export const slugSchema = z
  .string({ error: 'slug is required' })
  .regex(/^[a-z0-9-]{3,40}$/, { error: 'slug must be 3–40 lowercase letters, digits or "-"' });

/** An e-mail address, trimmed and lower-cased so uniqueness checks are case-insensitive. */
export const emailSchema = z
  .string({ error: 'email is required' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'email must be a valid e-mail address' }).max(254, { error: 'email is too long' }));

/** A new password: at least 10 characters (and at most 200 so hashing stays cheap). */
export const passwordSchema = z
  .string({ error: 'password is required' })
  .min(10, { error: 'password must be at least 10 characters' })
  .max(200, { error: 'password must be at most 200 characters' });

/** A WGS 84 point as clients send it. */
export const locationSchema = z.object({
  lat: z
    .number({ error: 'lat must be a number' })
    .min(-90, { error: 'lat must be ≥ -90' })
    .max(90, { error: 'lat must be ≤ 90' }),
  lng: z
    .number({ error: 'lng must be a number' })
    .min(-180, { error: 'lng must be ≥ -180' })
    .max(180, { error: 'lng must be ≤ 180' }),
});

/** A mainland Chinese mobile number (11 digits starting 13–19). */
export const chineseMobileSchema = z
  .string({ error: 'phone must be text' })
  .trim()
  .regex(/^1[3-9]\d{9}$/, { error: 'phone must be a mainland mobile number (11 digits starting with 13–19)' });

/** An ISO 8601 instant with an explicit offset (`Z` or `+08:00`), never a local time without zone. */
export const instantSchema = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with a zone' });
