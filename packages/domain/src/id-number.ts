import * as z from 'zod';
import { dateToDayIndex } from './calendar/shanghai-time';
import { isProvinceCode } from './province-code';

/** A resident ID number (居民身份证号码, GB 11643-1999) split into its parts. */
export interface IdNumber {
  idNumber: string;
  regionCode: string;
  birthDate: string;
  sequence: string;
  /** The 17th digit is odd for men and even for women. */
  gender: 'male' | 'female';
  checkChar: string;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;

/** ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('need exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/** Why an ID number is invalid, or undefined; the birth date may not be after `today` (`YYYY-MM-DD`). */
export function idNumberProblem(value: string, today?: string): string | undefined {
  const id = value.toUpperCase();
  if (!SHAPE.test(id)) return 'ID number must be 17 digits followed by a digit or X';
  if (!isProvinceCode(id.slice(0, 2))) return 'ID number must start with a province code';
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const birthIndex = dateToDayIndex(birth);
  if (birthIndex === undefined || birth < '1900-01-01') return 'ID number holds an impossible birth date';
  if (today !== undefined && birth > today) return 'ID number holds a birth date in the future';
  if (idNumberCheckChar(id.slice(0, 17)) !== id[17]) return 'ID number check digit does not match';
  return undefined;
}

/** Parse an 18-digit resident ID (lower-case x accepted); undefined when invalid. */
export function parseIdNumber(value: string, today?: string): IdNumber | undefined {
  if (idNumberProblem(value, today) !== undefined) return undefined;
  const id = value.toUpperCase();
  return {
    idNumber: id,
    regionCode: id.slice(0, 6),
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    sequence: id.slice(14, 17),
    gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    checkChar: id.slice(17),
  };
}

/** True when `value` is a valid 18-digit resident ID. */
export function isIdNumber(value: string, today?: string): boolean {
  return idNumberProblem(value, today) === undefined;
}

/** Zod schema: a valid ID number, normalised to upper-case X. */
export const idNumberSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = idNumberProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((value) => value.toUpperCase());
