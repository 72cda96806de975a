import * as z from 'zod';

/** How a member relates to the head of a household (户主). */
export const householdRelations = [
  'head',
  'spouse',
  'child',
  'parent',
  'sibling',
  'grandchild',
  'tenant',
  'other',
] as const;

/** A new household: a room of a building, its head and its members. */
export const householdInputSchema = z.object({
  buildingId: z.string().min(1).max(100),
  roomCode: z.string().trim().min(1).max(20),
  headPersonId: z.string().min(1).max(100).optional(),
  members: z
    .array(z.object({ personId: z.string().min(1).max(100), relation: z.enum(householdRelations) }))
    .max(30, { error: 'at most 30 members' })
    .optional(),
});
export type HouseholdInput = z.infer<typeof householdInputSchema>;

/** A household as stored. */
export interface Household {
  id: string;
  buildingId: string;
  roomCode: string;
  headPersonId?: string;
  members: { personId: string; relation: (typeof householdRelations)[number] }[];
  version: number;
  createdAt: string;
  updatedAt: string;
}
