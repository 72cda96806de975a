import { describe, expect, it } from 'vitest';
import { format } from '../i18n';
import { zhStaffErrors } from '../i18n/errors-staff-zh';
import { zhErrors } from '../i18n/errors-zh';
import { ApiError } from './api-error';
import { apiErrorText, ruleText, waitText } from './error-text';

const dict: Record<string, string> = { ...zhErrors, ...zhStaffErrors };
const t = (key: keyof typeof zhErrors, params?: Record<string, string | number>) => format(dict[key] ?? key, params);

describe('API errors in Chinese', () => {
  it('translates codes, with the wait of a lock-out', () => {
    const body = { error: { code: 'login_throttled', retryAfterSeconds: 845 } };
    const locked = new ApiError(429, 'login_throttled', 'Too many wrong passwords; try again in 845 s', [], body);
    expect(apiErrorText(locked, t)).toBe('密码错误次数过多，账号已被临时锁定，请 14 分 5 秒后再试，或请管理员解除锁定');
    expect(waitText(8, t)).toBe('8 秒');
    expect(apiErrorText(new ApiError(409, 'email_taken', 'E-mail already registered'), t)).toBe('该邮箱已注册');
  });

  it('names the failed rule of a field, and never shows the English message', () => {
    const district = { path: 'tenant.parentSlug', message: 'must name an active district', code: 'no_such_district' };
    expect(apiErrorText(new ApiError(400, 'validation_failed', 'No such district', [district]), t)).toBe(
      '请选择平台上已开通的区县',
    );
    expect(ruleText({ path: 'a', message: 'x', code: 'too_small', params: { minimum: 10, origin: 'string' } }, t)).toBe(
      '至少 10 个字符',
    );
    expect(ruleText({ path: 'a', message: 'x', code: 'too_small', params: { minimum: 1, origin: 'string' } }, t)).toBe(
      '必填',
    );
    expect(
      ruleText({ path: 'a', message: 'Invalid email', code: 'invalid_format', params: { format: 'email' } }, t),
    ).toBe('邮箱格式不正确');
    expect(ruleText({ path: 'a', message: 'English only' }, t)).toBe('不符合要求');
    expect(apiErrorText(new ApiError(409, 'no_open_supervision', 'No open supervision'), t)).toBe(
      '当前状态下不能进行此操作，请刷新后重试',
    );
    expect(apiErrorText(new ApiError(418, 'teapot', 'I am a teapot'), t)).toBe('操作未成功，请稍后再试或联系管理员');
  });
});
