import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  createCaseSchema,
  evaluationSchema,
  evidenceRequestSchema,
  isHoneypotTripped,
  publicReportSchema,
} from './case';
import { emailSchema, locationSchema } from './common';
import { categoryInputSchema, gridInputSchema } from './grid';
import { apiKeyInputSchema, changePasswordSchema, childTenantSchema, loginSchema, signupSchema } from './tenant';
import { createUserSchema, departmentInputSchema, updateUserSchema } from './user';

const firstMessage = (schema: z.ZodType, input: unknown) => schema.safeParse(input).error?.issues[0]?.message;

const signup = {
  tenant: { name: '新港街道', slug: 'xingang', level: 'street', parentSlug: 'binhai' },
  admin: { name: '王敏', email: ' Admin@Example.CN ', password: 'correct-horse' },
};

describe('signupSchema', () => {
  it('accepts a street with a parent and normalises the e-mail', () => {
    expect(signupSchema.parse(signup).admin.email).toBe('admin@example.cn');
  });

  it.each([
    ['short slug', { ...signup, tenant: { ...signup.tenant, slug: 'ab' } }, /slug/],
    ['upper-case slug', { ...signup, tenant: { ...signup.tenant, slug: 'XinGang' } }, /slug/],
    ['41-char slug', { ...signup, tenant: { ...signup.tenant, slug: 'a'.repeat(41) } }, /slug/],
    ['community level', { ...signup, tenant: { ...signup.tenant, level: 'community' } }, /level/],
    ['district with a parent', { ...signup, tenant: { ...signup.tenant, level: 'district' } }, /parent/],
    ['9-char password', { ...signup, admin: { ...signup.admin, password: '123456789' } }, /10 characters/],
    ['bad e-mail', { ...signup, admin: { ...signup.admin, email: 'not-mail' } }, /e-mail/],
    ['empty name', { ...signup, tenant: { ...signup.tenant, name: '  ' } }, /tenant.name/],
  ])('rejects %s', (_label, input, message) => {
    expect(firstMessage(signupSchema, input)).toMatch(message);
  });
});

describe('tenant and account schemas', () => {
  it('login needs an e-mail and a password', () => {
    expect(loginSchema.safeParse({ email: 'a@b.cn', password: 'x' }).success).toBe(true);
    expect(loginSchema.safeParse({ email: 'a@b.cn', password: '' }).success).toBe(false);
  });

  it('child tenant defaults to community and refuses other levels', () => {
    expect(childTenantSchema.parse({ name: '一社区', slug: 'c-one' }).level).toBe('community');
    expect(childTenantSchema.safeParse({ name: '一社区', slug: 'c-one', level: 'street' }).success).toBe(false);
  });

  it('a new password must differ from the current one', () => {
    expect(firstMessage(changePasswordSchema, { currentPassword: 'abcdefghijk', newPassword: 'abcdefghijk' })).toMatch(
      /differ/,
    );
    expect(changePasswordSchema.safeParse({ currentPassword: 'x', newPassword: 'abcdefghijk' }).success).toBe(true);
  });

  it('api key and department need a name', () => {
    expect(apiKeyInputSchema.safeParse({ name: 'FixMyStreet' }).success).toBe(true);
    expect(departmentInputSchema.safeParse({ name: '' }).success).toBe(false);
  });

  it('trims and lower-cases e-mails', () => {
    expect(emailSchema.parse('  X@Y.CN ')).toBe('x@y.cn');
  });
});

describe('createUserSchema / updateUserSchema', () => {
  const user = { name: '李华', email: 'li@example.cn', password: 'long-enough-1', roles: ['grid_worker'] };
  it.each([
    ['a grid worker with grids', { ...user, gridCodes: ['120116001002003'] }, true],
    ['a department user with a department', { ...user, roles: ['department'], departmentId: 'd1' }, true],
    ['a department user without a department', { ...user, roles: ['department'] }, false],
    ['no role', { ...user, roles: [] }, false],
    ['platform_admin', { ...user, roles: ['platform_admin'] }, false],
    ['repeated roles', { ...user, roles: ['leader', 'leader'] }, false],
    ['a bad grid code', { ...user, gridCodes: ['120116001002000'] }, false],
  ])('%s → %s', (_label, input, ok) => {
    expect(createUserSchema.safeParse(input).success).toBe(ok);
  });

  it('update needs something to change', () => {
    expect(updateUserSchema.safeParse({ version: 3 }).success).toBe(false);
    expect(updateUserSchema.safeParse({ status: 'inactive', version: 3 }).success).toBe(true);
    expect(updateUserSchema.safeParse({ status: 'deleted' }).success).toBe(false);
  });
});

describe('gridInputSchema / categoryInputSchema', () => {
  const polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [117, 39],
        [117.1, 39],
        [117.1, 39.1],
        [117, 39],
      ],
    ],
  };
  it.each([
    [{ code: '120116001002003', name: '一网格', polygon }, true],
    [{ code: '120116001002003', name: '一网格' }, true],
    [{ code: '12011600100200', name: '一网格' }, false],
    [{ code: '120116001002003', name: '一网格', polygon: { ...polygon, coordinates: [] } }, false],
    [{ code: '120116001002003', name: '' }, false],
  ])('grid %j → %s', (input, ok) => {
    expect(gridInputSchema.safeParse(input).success).toBe(ok);
  });

  const category = {
    code: 'GARBAGE',
    name: '暴露垃圾',
    departmentId: 'd1',
    timeLimit: { value: 4, unit: 'workingHours' },
  };
  it.each([
    [category, true],
    [{ ...category, filingCriteria: '可见垃圾堆', closingCriteria: '清理干净' }, true],
    [{ ...category, code: 'with space' }, false],
    [{ ...category, code: 'x'.repeat(33) }, false],
    [{ ...category, timeLimit: { value: 0, unit: 'workingHours' } }, false],
    [{ ...category, timeLimit: { value: 4, unit: 'hours' } }, false],
    [{ ...category, departmentId: undefined }, false],
  ])('category %j → %s', (input, ok) => {
    expect(categoryInputSchema.safeParse(input).success).toBe(ok);
  });
});

describe('case input schemas', () => {
  it('trims descriptions and bounds them', () => {
    expect(createCaseSchema.parse({ description: '  井盖缺失  ' }).description).toBe('井盖缺失');
    expect(createCaseSchema.safeParse({ description: '   ' }).success).toBe(false);
    expect(createCaseSchema.safeParse({ description: 'x'.repeat(2001) }).success).toBe(false);
    expect(createCaseSchema.safeParse({ description: 'x'.repeat(2000) }).success).toBe(true);
  });

  it.each([
    [{ lat: 39, lng: 117 }, true],
    [{ lat: 91, lng: 117 }, false],
    [{ lat: 39, lng: -181 }, false],
    [{ lat: '39', lng: 117 }, false],
  ])('location %j → %s', (location, ok) => {
    expect(locationSchema.safeParse(location).success).toBe(ok);
    expect(createCaseSchema.safeParse({ description: 'x', location }).success).toBe(ok);
  });

  it.each([
    ['13812345678', true],
    ['19912345678', true],
    ['12812345678', false],
    ['1381234567', false],
    ['+8613812345678', false],
  ])('public report phone %s → %s', (phone, ok) => {
    expect(publicReportSchema.safeParse({ description: 'x', contact: { phone } }).success).toBe(ok);
  });

  it('accepts but flags the honeypot', () => {
    const bot = publicReportSchema.parse({ description: 'buy now', website: 'http://spam' });
    expect(isHoneypotTripped(bot)).toBe(true);
    expect(isHoneypotTripped(publicReportSchema.parse({ description: 'x', website: ' ' }))).toBe(false);
    expect(isHoneypotTripped(publicReportSchema.parse({ description: 'x', anonymous: true }))).toBe(false);
  });

  it.each([
    [{ rating: 1 }, true],
    [{ rating: 5, comment: '很好' }, true],
    [{ rating: 0 }, false],
    [{ rating: 3.5 }, false],
    [{ rating: 5, comment: 'x'.repeat(501) }, false],
  ])('evaluation %j → %s', (input, ok) => {
    expect(evaluationSchema.safeParse(input).success).toBe(ok);
  });

  it.each([
    [{ fileName: 'a.jpg', contentType: 'image/jpeg', size: 1 }, true],
    [{ fileName: 'a.pdf', contentType: 'application/pdf', size: 10 * 1024 * 1024 }, true],
    [{ fileName: 'a.pdf', contentType: 'application/pdf', size: 10 * 1024 * 1024 + 1 }, false],
    [{ fileName: 'a.gif', contentType: 'image/gif', size: 10 }, false],
    [{ fileName: 'a.jpg', contentType: 'image/jpeg', size: 0 }, false],
    [{ fileName: 'x'.repeat(201), contentType: 'image/png', size: 10 }, false],
  ])('evidence %j → %s', (input, ok) => {
    expect(evidenceRequestSchema.safeParse(input).success).toBe(ok);
  });

  it('explains the size limit', () => {
    expect(firstMessage(evidenceRequestSchema, { fileName: 'a', contentType: 'image/png', size: 2e7 })).toMatch(
      /10 MiB/,
    );
  });
});
