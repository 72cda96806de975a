import * as z from 'zod';
import { isProvinceCode } from './province-code';

/** A unit-grid code split into its parts (6 county + 3 street + 3 community + 3 grid). */
export interface GridCode {
  code: string;
  /** GB/T 2260 county / district code, e.g. `120116` (Tianjin Binhai New Area). */
  adminCode: string;
  provinceCode: string;
  streetCode: string;
  communityCode: string;
  gridSeq: string;
  /** The first 12 digits: grids sharing them belong to the same community. */
  communityKey: string;
}

const SHAPE = /^\d{15}$/;

/** Why a grid code is invalid, or undefined when it is valid. */
export function gridCodeProblem(code: string): string | undefined {
  if (!SHAPE.test(code)) return 'grid code must be exactly 15 digits';
  if (!isProvinceCode(code.slice(0, 2))) return 'grid code must start with a GB/T 2260 province code';
  if (code.slice(6, 9) === '000') return 'street sequence of a grid code may not be 000';
  if (code.slice(9, 12) === '000') return 'community sequence of a grid code may not be 000';
  if (code.slice(12, 15) === '000') return 'grid sequence of a grid code may not be 000';
  return undefined;
}

/** Parse a 15-digit unit-grid code; undefined when it breaks any rule. */
export function parseGridCode(code: string): GridCode | undefined {
  if (gridCodeProblem(code) !== undefined) return undefined;
  return {
    code,
    adminCode: code.slice(0, 6),
    provinceCode: code.slice(0, 2),
    streetCode: code.slice(6, 9),
    communityCode: code.slice(9, 12),
    gridSeq: code.slice(12, 15),
    communityKey: code.slice(0, 12),
  };
}

/** True when `code` is a valid unit-grid code. */
export function isGridCode(code: string): boolean {
  return gridCodeProblem(code) === undefined;
}

/** Zod schema for a grid code with the precise reason in the message. */
export const gridCodeSchema = z.string().superRefine((code, ctx) => {
  const problem = gridCodeProblem(code);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
