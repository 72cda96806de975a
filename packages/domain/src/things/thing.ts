import * as z from 'zod';
import { gridCodeSchema } from '../grid-code';
import { isProvinceCode } from '../province-code';
import { entityIdSchema, locationSchema, optionalText, requiredText } from '../schemas/common';
import { type ThingClass, thingClassOf } from './thing-classes';

/** A thing's 16-digit object code split into its parts. */
export interface ThingCode {
  code: string;
  /** GB/T 2260 county (区县) code */
  countyCode: string;
  majorCode: string;
  minorCode: string;
  sequence: string;
  thingClass: ThingClass;
}

/** Why a 部件 object code is invalid (6-digit county + 2-digit 大类 + 2-digit 小类 + 6-digit sequence), or undefined. */
export function thingCodeProblem(code: string): string | undefined {
  if (!/^\d{16}$/.test(code)) return 'code has 16 digits (county 6 + 大类 2 + 小类 2 + sequence 6)';
  if (!isProvinceCode(code.slice(0, 2)) || code.slice(4, 6) === '00') {
    return 'code must begin with a county code (GB/T 2260)';
  }
  if (!thingClassOf(code.slice(6, 8), code.slice(8, 10))) return 'code names no known 部件 class (大类 + 小类)';
  if (code.slice(10) === '000000') return 'code sequence must not be 000000';
  return undefined;
}

/** Parse a 部件 object code; undefined when invalid. */
export function parseThingCode(code: string): ThingCode | undefined {
  if (thingCodeProblem(code)) return undefined;
  const thingClass = thingClassOf(code.slice(6, 8), code.slice(8, 10)) as ThingClass;
  return {
    code,
    countyCode: code.slice(0, 6),
    majorCode: code.slice(6, 8),
    minorCode: code.slice(8, 10),
    sequence: code.slice(10),
    thingClass,
  };
}

/** Zod schema: a valid 部件 object code. */
export const thingCodeSchema = z
  .string({ error: 'code is required' })
  .trim()
  .superRefine((value, ctx) => {
    const problem = thingCodeProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** 完好, 损坏, 丢失, 已拆除. */
export const thingStatuses = ['normal', 'damaged', 'missing', 'removed'] as const;
export type ThingStatus = (typeof thingStatuses)[number];
export const thingStatusLabels: Readonly<Record<ThingStatus, string>> = {
  normal: '完好',
  damaged: '损坏',
  missing: '丢失',
  removed: '已拆除',
};

/** A new 部件: its code gives its class; its point gives its grid (else `gridCode`). */
export const thingInputSchema = z.object({
  code: thingCodeSchema,
  name: optionalText('name', 100),
  location: locationSchema,
  gridCode: gridCodeSchema.optional(),
  address: optionalText('address', 200),
  /** 权属单位 */
  owner: requiredText('owner', 100),
  /** 养护部门: a department of the tenant */
  maintainerDepartmentId: entityIdSchema.optional(),
  status: z.enum(thingStatuses, { error: 'status is normal, damaged, missing or removed' }).optional(),
});
export type ThingInput = z.infer<typeof thingInputSchema>;

/** A change to a 部件 (with `version`). */
export const thingUpdateSchema = z.object({
  version: z.number().int().positive({ error: 'version must be a positive integer' }),
  name: optionalText('name', 100),
  owner: requiredText('owner', 100).optional(),
  maintainerDepartmentId: entityIdSchema.optional(),
  status: z.enum(thingStatuses, { error: 'status is normal, damaged, missing or removed' }).optional(),
});

/** A 部件 as stored. */
export interface Thing {
  id: string;
  code: string;
  /** `C` + 大类 + 小类 (the category library's code) */
  categoryCode: string;
  className: string;
  majorName: string;
  name: string;
  location: { lat: number; lng: number };
  gridCode: string;
  address?: string;
  owner: string;
  maintainerDepartmentId?: string;
  status: ThingStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}
