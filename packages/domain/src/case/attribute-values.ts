import * as z from 'zod';
import { ValidationError } from '../errors';
import type { CategoryAttribute } from '../schemas/grid';

/** One answer to a category attribute: text, a number, or the keys picked from a list. */
export type AttributeValue = string | number | string[];

/** The answers a report carries, by attribute code. */
export type AttributeValues = Record<string, AttributeValue>;

/** The shape of `attributes` on the citizen form, the staff form and (after parsing) Open311 `attribute[…]`. */
export const attributeValuesSchema = z
  .record(
    z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, { error: 'attribute codes are a letter then letters, digits or _' }),
    z.union([z.string().max(2000), z.number(), z.array(z.string().max(50)).max(50)], {
      error: 'an attribute value is text, a number or a list of keys',
    }),
  )
  .refine((r) => Object.keys(r).length <= 20, { error: 'at most 20 attributes' });

const textLimit = { string: 200, text: 2000 } as const;

function asText(v: AttributeValue): string | undefined {
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
}

function oneValue(a: CategoryAttribute, raw: AttributeValue): { value?: AttributeValue; problem?: string } {
  const keys = (a.values ?? []).map((v) => v.key);
  switch (a.datatype) {
    case 'string':
    case 'text': {
      const t = asText(Array.isArray(raw) && raw.length === 1 ? (raw[0] as string) : raw);
      if (t === undefined) return { problem: 'must be text' };
      if (t.length > textLimit[a.datatype]) return { problem: `must be at most ${textLimit[a.datatype]} characters` };
      return { value: t };
    }
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
      return Number.isFinite(n) ? { value: n } : { problem: 'must be a number' };
    }
    case 'datetime': {
      const t = asText(raw);
      if (
        t === undefined ||
        !/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/.test(t)
      ) {
        return { problem: 'must be a date or date-time (ISO 8601)' };
      }
      const [y, m, d] = t.slice(0, 10).split('-').map(Number) as [number, number, number];
      const day = new Date(Date.UTC(y, m - 1, d));
      const real = day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
      return real && !Number.isNaN(Date.parse(t)) ? { value: t } : { problem: 'must be a real date' };
    }
    case 'singlevaluelist': {
      const t = asText(Array.isArray(raw) && raw.length === 1 ? (raw[0] as string) : raw);
      if (t === undefined || !keys.includes(t)) return { problem: `must be one of: ${keys.join(', ')}` };
      return { value: t };
    }
    case 'multivaluelist': {
      const picked = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
      const bad = picked.filter((k) => !keys.includes(k));
      if (bad.length > 0 || picked.length === 0) return { problem: `must be keys among: ${keys.join(', ')}` };
      return { value: [...new Set(picked)] };
    }
  }
}

/**
 * Check a report's answers against its category's attributes (datatype, required, values) and return them
 * normalised (numbers as numbers, lists deduplicated, text trimmed; empty answers dropped). Every problem is named
 * in one 400: `attributes.<code>` with the rule it broke. A category without attributes takes no answers.
 */
export function checkAttributeValues(
  attributes: readonly CategoryAttribute[] | undefined,
  values: AttributeValues | undefined,
): AttributeValues | undefined {
  const defined = attributes ?? [];
  const given = values ?? {};
  const issues: { path: string; message: string }[] = [];
  const out: AttributeValues = {};
  for (const code of Object.keys(given)) {
    if (!defined.some((a) => a.code === code)) {
      issues.push({ path: `attributes.${code}`, message: 'is not an attribute of this category' });
    }
  }
  for (const a of defined) {
    const raw = given[a.code];
    const empty =
      raw === undefined || (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0);
    if (empty) {
      if (a.required) issues.push({ path: `attributes.${a.code}`, message: `is required (${a.description})` });
      continue;
    }
    const { value, problem } = oneValue(a, raw);
    if (problem) issues.push({ path: `attributes.${a.code}`, message: problem });
    else if (value !== undefined) out[a.code] = value;
  }
  if (issues.length > 0) throw new ValidationError('The answers do not fit the category', issues);
  return Object.keys(out).length > 0 ? out : undefined;
}
