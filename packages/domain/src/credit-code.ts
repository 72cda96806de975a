import * as z from 'zod';

/** A unified social credit code (统一社会信用代码, GB 32100-2015) split into its parts. */
export interface CreditCode {
  code: string;
  /** 1 机构编制, 5 民政, 9 市场监管 (工商), Y 其他 … */
  registrationAuthority: string;
  organisationType: string;
  /** GB/T 2260 code of the registering administration. */
  adminCode: string;
  /** The 9-character organisation code (GB 11714). */
  organisationCode: string;
  checkChar: string;
}

/** The 31 characters of the code: digits and capitals without I, O, S, V, Z (easily misread). */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** GB 32100 check character (MOD 31) of the first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('need exactly 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CHARSET.indexOf(first17[i] ?? '');
    if (value < 0) throw new RangeError(`character not allowed: ${first17[i]}`);
    sum += value * (WEIGHTS[i] ?? 0);
  }
  return CHARSET[(31 - (sum % 31)) % 31] ?? '';
}

/** Why a credit code is invalid, or undefined. */
export function creditCodeProblem(value: string): string | undefined {
  const code = value.toUpperCase();
  if (!SHAPE.test(code)) return 'credit code must be 18 characters (digits and capitals except I, O, S, V, Z)';
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return 'credit code check character does not match';
  return undefined;
}

/** Parse an 18-character unified social credit code; undefined when invalid. */
export function parseCreditCode(value: string): CreditCode | undefined {
  if (creditCodeProblem(value) !== undefined) return undefined;
  const code = value.toUpperCase();
  return {
    code,
    registrationAuthority: code.slice(0, 1),
    organisationType: code.slice(1, 2),
    adminCode: code.slice(2, 8),
    organisationCode: code.slice(8, 17),
    checkChar: code.slice(17),
  };
}

/** True when `value` is a valid unified social credit code. */
export function isCreditCode(value: string): boolean {
  return creditCodeProblem(value) === undefined;
}

/** Zod schema: a valid credit code, normalised to upper case. */
export const creditCodeSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = creditCodeProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((value) => value.toUpperCase());
