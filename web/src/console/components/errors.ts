import type { FormInstance } from 'antd';
import { ApiError } from '../../shared/api-error';
import { apiErrorText, ruleText } from '../../shared/error-text';
import type { ConsoleT } from '../i18n';

/** One line for a toast: what the API's error code means in the page's language, or why the request never arrived. */
export function errorText(err: unknown, t: ConsoleT): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('error.network');
    return apiErrorText(err, t);
  }
  // not an answer of the API (a bug in the page): the generic sentence, never the exception's English
  return t('apiError.fallback');
}

/**
 * Puts `details[].path` messages under the matching Form.Items (`contact.phone` → name ['contact','phone']);
 * returns what matched no field so the caller can show it at the top.
 */
export function applyApiErrors(form: FormInstance, err: unknown, t: ConsoleT): string {
  if (!(err instanceof ApiError) || err.details.length === 0) return errorText(err, t);
  // Registered Form.Items, as dotted paths (`tenant.slug`), to find the longest one a detail path starts with.
  const registered = new Map(form.getFieldsError().map((f) => [f.name.join('.'), f.name]));
  const rest: string[] = [];
  const matched: { name: (string | number)[]; errors: string[] }[] = [];
  for (const d of err.details) {
    const parts = (d.path ?? '').split('.').filter(Boolean);
    let name: (string | number)[] | undefined;
    for (let i = parts.length; i > 0 && !name; i--) name = registered.get(parts.slice(0, i).join('.'));
    if (name) matched.push({ name, errors: [ruleText(d, t)] });
    else rest.push(ruleText(d, t));
  }
  form.setFields(matched);
  return rest.length ? rest.join('；') : apiErrorText(err, t);
}
