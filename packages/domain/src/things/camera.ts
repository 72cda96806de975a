import * as z from 'zod';
import { gridCodeSchema } from '../grid-code';
import { isProvinceCode } from '../province-code';
import { locationSchema, optionalText, requiredText } from '../schemas/common';

/**
 * GB/T 28181 industry codes (digits 9–10 of a device id): 00–11 public security, traffic, city management, health,
 * customs, education; 40–55 the economy (agriculture … entertainment). Others are reserved.
 */
const industryCodes = new Set([
  ...Array.from({ length: 12 }, (_, i) => String(i).padStart(2, '0')),
  ...Array.from({ length: 16 }, (_, i) => String(40 + i)),
]);
/** GB/T 28181 type codes (digits 11–13) of a camera point: 131 camera, 132 IP camera. */
const cameraTypeCodes = new Set(['131', '132']);

/** A camera's 20-digit device id split into its parts. */
export interface CameraDeviceId {
  deviceId: string;
  /** 中心编码: province 2 + city 2 + county 2 + base unit 2 */
  centreCode: string;
  industryCode: string;
  typeCode: string;
  /** 网络标识 (0–4 video private network, 5 public security, 6 government, 7 internet, 8 social resources) */
  networkCode: string;
  sequence: string;
}

/** Why a GB/T 28181 camera device id is invalid, or undefined. */
export function cameraDeviceIdProblem(id: string): string | undefined {
  if (!/^\d{20}$/.test(id)) return 'deviceId has 20 digits (GB/T 28181)';
  if (!isProvinceCode(id.slice(0, 2))) return 'deviceId centre code (digits 1–8) must begin with a province code';
  if (!industryCodes.has(id.slice(8, 10))) return 'deviceId industry code (digits 9–10) is not a GB/T 28181 code';
  if (!cameraTypeCodes.has(id.slice(10, 13))) {
    return 'deviceId type code (digits 11–13) must be 131 (camera) or 132 (IP camera)';
  }
  if (id[13] === '9') return 'deviceId network code (digit 14) 9 is reserved';
  return undefined;
}

/** Parse a camera device id; undefined when invalid. */
export function parseCameraDeviceId(id: string): CameraDeviceId | undefined {
  if (cameraDeviceIdProblem(id)) return undefined;
  return {
    deviceId: id,
    centreCode: id.slice(0, 8),
    industryCode: id.slice(8, 10),
    typeCode: id.slice(10, 13),
    networkCode: id.slice(13, 14),
    sequence: id.slice(14),
  };
}

/** Zod schema: a valid GB/T 28181 camera device id. */
export const cameraDeviceIdSchema = z
  .string({ error: 'deviceId is required' })
  .trim()
  .superRefine((value, ctx) => {
    const problem = cameraDeviceIdProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** 在线, 离线, 故障. */
export const cameraStatuses = ['online', 'offline', 'fault'] as const;
export type CameraStatus = (typeof cameraStatuses)[number];
export const cameraStatusLabels: Readonly<Record<CameraStatus, string>> = {
  online: '在线',
  offline: '离线',
  fault: '故障',
};

/** A new camera point; its point gives its grid (else `gridCode`). */
export const cameraInputSchema = z.object({
  deviceId: cameraDeviceIdSchema,
  name: requiredText('name', 100),
  location: locationSchema,
  gridCode: gridCodeSchema.optional(),
  address: optionalText('address', 200),
  /** 建设或管理单位 */
  owner: requiredText('owner', 100),
  status: z.enum(cameraStatuses, { error: 'status is online, offline or fault' }).optional(),
});
export type CameraInput = z.infer<typeof cameraInputSchema>;

/** A change to a camera point (with `version`). */
export const cameraUpdateSchema = z.object({
  version: z.number().int().positive({ error: 'version must be a positive integer' }),
  name: requiredText('name', 100).optional(),
  owner: requiredText('owner', 100).optional(),
  status: z.enum(cameraStatuses, { error: 'status is online, offline or fault' }).optional(),
});

/** A camera point as stored. */
export interface Camera {
  id: string;
  deviceId: string;
  name: string;
  location: { lat: number; lng: number };
  gridCode: string;
  address?: string;
  owner: string;
  status: CameraStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}
