import * as z from 'zod';
import { type Polygon, pointInPolygon } from '../geojson';
import { gridCodeSchema } from '../grid-code';
import { locationSchema, requiredText } from '../schemas/common';

/** How a room is used — the building view colours rooms by it. */
export const roomUses = ['owner', 'rented', 'vacant', 'business', 'other'] as const;

/** A room: an addressable code inside the building (`1-2-301`: unit 1, floor … or just `301`). */
export const roomSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,20}$/, { error: 'room code is 1–20 letters, digits or "-"' }),
  floor: z.number().int().min(-5).max(200).optional(),
  use: z.enum(roomUses).optional(),
});

/** A new building. Its grid is the one its point lies in when it has a point; otherwise `gridCode` names it. */
export const buildingInputSchema = z
  .object({
    name: requiredText('name', 100),
    address: requiredText('address', 200),
    gridCode: gridCodeSchema.optional(),
    location: locationSchema.optional(),
    floors: z.number().int().min(1).max(200).optional(),
    units: z.number().int().min(1).max(50).optional(),
    rooms: z.array(roomSchema).max(2000, { error: 'at most 2000 rooms' }).optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.gridCode && !b.location) {
      ctx.addIssue({ code: 'custom', path: ['gridCode'], message: 'gridCode is required when there is no location' });
    }
    const codes = new Set<string>();
    for (const [i, room] of (b.rooms ?? []).entries()) {
      if (codes.has(room.code)) ctx.addIssue({ code: 'custom', path: ['rooms', i, 'code'], message: 'duplicate room' });
      codes.add(room.code);
    }
  });
export type BuildingInput = z.infer<typeof buildingInputSchema>;

/** A building as stored. */
export interface Building {
  id: string;
  name: string;
  address: string;
  gridCode: string;
  location?: { lat: number; lng: number };
  floors?: number;
  units?: number;
  rooms: { code: string; floor?: number; use?: (typeof roomUses)[number] }[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * The grid a building belongs to: the grid whose boundary holds its point; failing that, the one it names.
 * Undefined when neither gives one (the caller answers 400 on `gridCode`).
 */
export function buildingGrid(
  input: Pick<BuildingInput, 'gridCode' | 'location'>,
  grids: readonly { code: string; polygon?: Polygon }[],
): string | undefined {
  if (input.location) {
    const { lat, lng } = input.location;
    const hit = grids.find((g) => g.polygon && pointInPolygon(lng, lat, g.polygon));
    if (hit) return hit.code;
  }
  return input.gridCode && grids.some((g) => g.code === input.gridCode) ? input.gridCode : undefined;
}
