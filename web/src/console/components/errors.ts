import type { FormInstance } from 'antd';
import { ApiError } from '../../shared/api-error';
import type { ConsoleT } from '../i18n';

/** One line for a toast: the API's own message, or why the request never arrived. */
export function errorText(err: unknown, t: ConsoleT): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('error.network');
    if (err.status === 409) return t('case.conflict');
    return t('error.generic', { message: err.message || err.code });
  }
  return t('error.generic', { message: err instanceof Error ? err.message : String(err) });
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
    if (name) matched.push({ name, errors: [d.message] });
    else rest.push(d.path ? `${d.path}: ${d.message}` : d.message);
  }
  form.setFields(matched);
  return rest.length ? rest.join('；') : err.message;
}
