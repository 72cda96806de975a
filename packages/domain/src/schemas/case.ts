import * as z from 'zod';
import { attributeValuesSchema } from '../case/attribute-values';
import { gridCodeSchema } from '../grid-code';
import {
  categoryCodeSchema,
  chineseMobileSchema,
  entityIdSchema,
  locationSchema,
  optionalText,
  requiredText,
} from './common';

export { evaluationSchema } from '../case/action-bodies';

/**
 * `POST /api/cases`: a grid worker or the centre reports a case. `source: "video"` is a case seen on a camera: it
 * names the camera (`cameraId`) and may carry the camera's `snapshot` (a key from the camera's snapshot upload).
 * `thingId` names the 部件 the case is about.
 */
export const createCaseSchema = z
  .object({
    description: requiredText('description', 2000),
    categoryCode: categoryCodeSchema.optional(),
    gridCode: gridCodeSchema.optional(),
    location: locationSchema.optional(),
    address: optionalText('address', 200),
    source: z.enum(['video'], { error: 'source may only be "video" (otherwise it follows from your role)' }).optional(),
    cameraId: entityIdSchema.optional(),
    snapshot: z.string({ error: 'snapshot must be a key' }).min(1).max(512).optional(),
    thingId: entityIdSchema.optional(),
    /** answers to the category's attributes (`GET /api/categories` lists them) */
    attributes: attributeValuesSchema.optional(),
    /** field photos (keys from `POST /api/field-uploads`), taken with the report */
    photos: z
      .array(z.string({ error: 'photo keys are text' }).min(1).max(512), { error: 'photos must be a list of keys' })
      .max(9, { error: 'at most 9 photos' })
      .optional(),
    /** the reporter's patrol the case was found on */
    patrolId: entityIdSchema.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.source === 'video' && !c.cameraId) {
      ctx.addIssue({ code: 'custom', path: ['cameraId'], message: 'a video case names its camera' });
    }
    if (c.source !== 'video' && c.cameraId) {
      ctx.addIssue({ code: 'custom', path: ['source'], message: 'a case with a camera has source "video"' });
    }
    if (c.source !== 'video' && c.snapshot) {
      ctx.addIssue({ code: 'custom', path: ['snapshot'], message: 'only a video case carries a snapshot' });
    }
  });

/** A validated staff report. */
export type CreateCaseInput = z.infer<typeof createCaseSchema>;

/**
 * `POST /public/{slug}/reports`: a citizen report. `website` is a honeypot the form hides from people: it is
 * accepted (so bots learn nothing) and `isHoneypotTripped` tells the edge to drop the report quietly.
 */
export const publicReportSchema = z.object({
  description: requiredText('description', 2000),
  categoryCode: categoryCodeSchema.optional(),
  location: locationSchema.optional(),
  address: optionalText('address', 200),
  contact: z
    .object({
      name: optionalText('contact.name', 50),
      phone: chineseMobileSchema.optional(),
    })
    .optional(),
  /** answers to the category's attributes (the public categories list them) */
  attributes: attributeValuesSchema.optional(),
  anonymous: z.boolean({ error: 'anonymous must be true or false' }).optional(),
  website: z.string().max(500).optional(),
});

/** A validated citizen report. */
export type PublicReportInput = z.infer<typeof publicReportSchema>;

/** True when a bot filled the hidden honeypot field. */
export function isHoneypotTripped(report: PublicReportInput): boolean {
  return report.website !== undefined && report.website.trim() !== '';
}

/** Evidence files: photos (jpeg, png, webp) and PDF only. */
export const evidenceContentTypes = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;

/** At most 10 MiB per evidence file. */
export const maxEvidenceBytes = 10 * 1024 * 1024;

/** `POST /api/cases/{id}/evidence`: what the client will upload (the presigned URL enforces type and size). */
export const evidenceRequestSchema = z.object({
  fileName: requiredText('fileName', 200),
  contentType: z.enum(evidenceContentTypes, {
    error: `contentType must be one of: ${evidenceContentTypes.join(', ')}`,
  }),
  size: z
    .int({ error: 'size must be a whole number of bytes' })
    .min(1, { error: 'size must be at least 1 byte' })
    .max(maxEvidenceBytes, { error: 'size must be at most 10 MiB' }),
});

/** A validated evidence request. */
export type EvidenceRequestInput = z.infer<typeof evidenceRequestSchema>;
