import { getLang } from '../i18n';
import type { zhErrors } from '../i18n/errors-zh';
import { ApiError, type ErrorDetail } from './api-error';

type ErrorKey = keyof typeof zhErrors;
/** The `t()` of a page whose dictionary includes the error strings (the console's also has the staff ones). */
export type ErrorT = (key: ErrorKey, params?: Record<string, string | number>) => string;

/** A key the page's dictionary has: its translator answers a missing key with the key itself. */
const knownTo =
  (t: ErrorT) =>
  (key: string): key is ErrorKey =>
    t(key as ErrorKey) !== key;

/** A wait in seconds as people say it: "45 秒", "14 分 5 秒". */
export function waitText(seconds: number, t: ErrorT): string {
  const n = Math.max(1, Math.ceil(seconds));
  if (n < 60) return t('apiError.wait.seconds', { n });
  return t('apiError.wait.minutes', { m: Math.floor(n / 60), s: n % 60 });
}

/**
 * One sentence for a failed request, from its stable code (never the API's English in Chinese): the code's own
 * text, else the first field's rule, else a sentence for the status. English pages may fall back to the message.
 */
export function apiErrorText(err: ApiError, t: ErrorT): string {
  const known = knownTo(t);
  const key = `apiError.${err.code}`;
  // a field's own rule says more than "check the form" (No such district → 请选择平台上已开通的区县)
  if (err.code === 'validation_failed' && err.details[0]?.code) return ruleText(err.details[0], t);
  if (known(key)) {
    const body = err.body as { error?: { retryAfterSeconds?: number } } | undefined;
    const wait = body?.error?.retryAfterSeconds;
    return t(key, { wait: waitText(typeof wait === 'number' ? wait : 60, t) });
  }
  const first = err.details[0];
  if (first?.code) return ruleText(first, t);
  const status = `apiError.fallback.${err.status}`;
  if (known(status)) return t(status);
  if (getLang() === 'en' && err.message) return err.message;
  return t('apiError.fallback');
}

/** What one field's failed rule means, from its `code` and `params` (too_small, invalid_format, no_such_grid …). */
export function ruleText(detail: ErrorDetail, t: ErrorT): string {
  const known = knownTo(t);
  const { code, params = {} } = detail;
  if (!code) return getLang() === 'en' ? detail.message : t('apiRule.custom');
  const origin = typeof params.origin === 'string' ? params.origin : '';
  if (code === 'too_small' && origin === 'string' && Number(params.minimum) <= 1) return t('apiRule.required');
  for (const key of [`apiRule.${code}.${origin}`, `apiRule.${code}.${params.format ?? ''}`, `apiRule.${code}`]) {
    if (known(key)) return t(key, params);
  }
  return getLang() === 'en' ? detail.message : t('apiRule.custom');
}

/** Any thrown value as a sentence: ApiErrors by code, anything else with the generic sentence. */
export function anyErrorText(err: unknown, t: ErrorT): string {
  return err instanceof ApiError ? apiErrorText(err, t) : t('apiError.fallback');
}
