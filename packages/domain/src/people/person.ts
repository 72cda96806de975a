import * as z from 'zod';
import { gridCodeSchema } from '../grid-code';
import { idNumberSchema, parseIdNumber } from '../id-number';
import { chineseMobileSchema, optionalText, requiredText } from '../schemas/common';

/** 户籍 (registered here), 流动 (floating: registered elsewhere, living here), 境外 (overseas). */
export const registrationTypes = ['resident', 'floating', 'overseas'] as const;
export type Registration = (typeof registrationTypes)[number];

/** The Chinese labels spreadsheets use for each registration type. */
export const registrationLabels: Readonly<Record<Registration, string>> = {
  resident: '户籍',
  floating: '流动',
  overseas: '境外',
};

export const genders = ['male', 'female'] as const;
export type Gender = (typeof genders)[number];

/** A calendar date `YYYY-MM-DD`. */
export const isoDateSchema = z
  .string({ error: 'must be a date' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD' })
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    {
      error: 'must be a real calendar date',
    },
  );

/** A tag on a person (`独居老人`, `党员`): free text without `#` (it is part of index keys). */
export const tagSchema = z
  .string()
  .trim()
  .min(1, { error: 'tag must not be empty' })
  .max(20, { error: 'tag must be at most 20 characters' })
  .regex(/^[^#]+$/, { error: 'tag must not contain "#"' });

/** Where a person lives: a room of a building of the tenant. */
export const residenceSchema = z.object({
  buildingId: z.string().min(1).max(100),
  roomCode: z.string().trim().min(1).max(20),
});

const personFields = {
  name: requiredText('name', 50),
  idNumber: idNumberSchema,
  phone: chineseMobileSchema.optional(),
  gender: z.enum(genders, { error: 'gender is male or female' }).optional(),
  birthDate: isoDateSchema.optional(),
  residence: residenceSchema.optional(),
  /** the grid when there is no residence (a residence's building decides the grid otherwise) */
  gridCode: gridCodeSchema.optional(),
  address: optionalText('address', 200),
  registration: z.enum(registrationTypes, { error: 'registration is resident, floating or overseas' }),
  origin: optionalText('origin', 100),
  arrivedAt: isoDateSchema.optional(),
  leftAt: isoDateSchema.optional(),
  tags: z.array(tagSchema).max(10, { error: 'at most 10 tags' }).optional(),
};

/**
 * A new person as clients send it. Gender and birth date are derived from the ID number (GB 11643: digits 7–14
 * are the birth date, the 17th is odd for men); when the client sends them too they must agree.
 */
export const personInputSchema = z.object(personFields).superRefine((p, ctx) => {
  const parsed = parseIdNumber(p.idNumber);
  if (!parsed) return;
  if (p.gender && p.gender !== parsed.gender) {
    ctx.addIssue({ code: 'custom', path: ['gender'], message: 'gender does not match the ID number' });
  }
  if (p.birthDate && p.birthDate !== parsed.birthDate) {
    ctx.addIssue({ code: 'custom', path: ['birthDate'], message: 'birthDate does not match the ID number' });
  }
  if (p.arrivedAt && p.leftAt && p.leftAt < p.arrivedAt) {
    ctx.addIssue({ code: 'custom', path: ['leftAt'], message: 'leftAt must not be before arrivedAt' });
  }
});
export type PersonInput = z.infer<typeof personInputSchema>;

/** A change to a person's ordinary fields (the ID number never changes: a new ID is a new record). */
export const personUpdateSchema = z.object({
  version: z.number().int().positive({ error: 'version must be a positive integer' }),
  name: personFields.name.optional(),
  phone: personFields.phone,
  address: personFields.address,
  origin: personFields.origin,
  registration: personFields.registration.optional(),
  tags: personFields.tags,
});

/** Moving into a room (a move-in event; a person who had left is present again). */
export const moveInSchema = z.object({
  version: z.number().int().positive().optional(),
  residence: residenceSchema,
  at: isoDateSchema,
  note: optionalText('note', 200),
});

/** Leaving the tenant's area (a move-out event: the person stays on record, no longer counted as living here). */
export const moveOutSchema = z.object({
  version: z.number().int().positive().optional(),
  at: isoDateSchema,
  note: optionalText('note', 200),
});

/** Revealing a person's clear ID number and phone: always with a reason (PIPL). */
export const revealSchema = z.object({
  reason: requiredText('reason', 200),
});

/** A person as the store holds it (the ID number and phone in the clear only inside the service). */
export interface Person {
  id: string;
  name: string;
  idNumber: string;
  phone?: string;
  gender: Gender;
  birthDate: string;
  /** GB/T 2260 region of the ID number (6 digits) — the origin province is its first two */
  regionCode: string;
  registration: Registration;
  residence?: { buildingId: string; roomCode: string };
  gridCode?: string;
  address?: string;
  origin?: string;
  arrivedAt?: string;
  leftAt?: string;
  /** present: lives in the area; left: moved out (kept as history) */
  status: 'present' | 'left';
  tags: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}

/** The person a valid input describes, with what the ID number tells. */
export function newPerson(
  input: PersonInput,
  meta: { id: string; now: string; userId: string; gridCode?: string },
): Person {
  const parsed = parseIdNumber(input.idNumber);
  if (!parsed) throw new TypeError('newPerson needs a validated ID number');
  const gridCode = meta.gridCode ?? input.gridCode;
  return {
    id: meta.id,
    name: input.name,
    idNumber: parsed.idNumber,
    ...(input.phone ? { phone: input.phone } : {}),
    gender: parsed.gender,
    birthDate: parsed.birthDate,
    regionCode: parsed.regionCode,
    registration: input.registration,
    ...(input.residence ? { residence: input.residence } : {}),
    ...(gridCode ? { gridCode } : {}),
    ...(input.address ? { address: input.address } : {}),
    ...(input.origin ? { origin: input.origin } : {}),
    ...(input.arrivedAt ? { arrivedAt: input.arrivedAt } : {}),
    ...(input.leftAt ? { leftAt: input.leftAt } : {}),
    status: input.leftAt ? 'left' : 'present',
    tags: [...new Set(input.tags ?? [])],
    version: 1,
    createdAt: meta.now,
    updatedAt: meta.now,
    createdBy: meta.userId,
  };
}

/** The sensitive fields of a person and the mask each gets. */
export const personSensitiveFields = { idNumber: 'idNumber', phone: 'phone' } as const;
