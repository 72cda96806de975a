import type { CaseRepository } from '@civicgrid/db';
import { type CaseState, type CaseStep, haversineMeters, type TenantPath } from '@civicgrid/domain';

/** Steps in which a case is still being worked on: a second report of the same problem adds nothing. */
export const OPEN_STEPS: readonly CaseStep[] = ['reported', 'registered', 'dispatched', 'handled'];

/**
 * How much of the tenant's recent history one hint reads. A citizen's report runs the hint on every submission,
 * so its read is small and bounded: the newest 50 cases of the tenant (two pages of 25, the second only when the
 * first held fewer than 20 open cases of the category), projected to the fields a hint shows. Fresh duplicates —
 * several people reporting the same problem within hours — are what it is for. A dispatcher registering a case
 * asks for a deeper look (the newest 1000) through `/api/cases/:id/duplicates`.
 */
export interface DuplicateScope {
  /** open cases of the category compared at most */
  candidates: number;
  /** items the store may examine at most */
  maxScanned: number;
  /** items examined per read */
  pageSize: number;
  /** what is read of each case (less to read, ship and parse than the whole item) */
  attributes: readonly string[];
}

/** The citizen's hint on submission (the hot path): it shows no other citizen's code or words, so reads none. */
export const REPORT_HINT_SCOPE: DuplicateScope = {
  candidates: 20,
  maxScanned: 50,
  pageSize: 25,
  attributes: ['id', 'step', 'categoryCode', 'createdAt', 'location'],
};
/** The dispatcher's look while registering. */
export const REGISTER_HINT_SCOPE: DuplicateScope = {
  candidates: 50,
  maxScanned: 1000,
  pageSize: 200,
  attributes: ['id', 'trackingCode', 'step', 'categoryCode', 'description', 'createdAt', 'location'],
};
/** Default radius of the hint, metres. */
export const DEFAULT_DUPLICATE_RADIUS_M = 200;

/** A nearby open case that may be the same problem. */
export interface DuplicateCandidate {
  state: CaseState;
  distanceMeters: number;
}

/**
 * Open cases of the same category (any category when none is given) within `radiusMeters` of `location`,
 * nearest first. Cases without a location cannot be compared and are skipped.
 */
export async function findNearbyOpenCases(
  cases: CaseRepository,
  path: TenantPath,
  probe: { location?: { lat: number; lng: number }; categoryCode?: string; excludeId?: string },
  radiusMeters: number,
  scope: DuplicateScope = REPORT_HINT_SCOPE,
): Promise<DuplicateCandidate[]> {
  const { location } = probe;
  if (!location) return [];
  const recent = await cases.recent(path, {
    categoryCodes: probe.categoryCode ? [probe.categoryCode] : undefined,
    steps: OPEN_STEPS,
    limit: scope.candidates,
    maxScanned: scope.maxScanned,
    pageSize: scope.pageSize,
    attributes: scope.attributes,
  });
  const out: DuplicateCandidate[] = [];
  for (const { state } of recent) {
    if (state.id === probe.excludeId || !state.location) continue;
    const distanceMeters = Math.round(haversineMeters(location, state.location));
    if (distanceMeters <= radiusMeters) out.push({ state, distanceMeters });
  }
  return out.sort((a, b) => a.distanceMeters - b.distanceMeters);
}

/**
 * Mask every run of 9 or more digits (spaces or dashes allowed inside: `138-1234-5678`), keeping its ends —
 * mobiles (11), landlines with area code, ID numbers (18) — while dates (`2024-05-01`, 8 digits) stay readable.
 */
export function maskDigitRuns(text: string): string {
  return text.replace(/\d(?:[\s-]?\d){8,}/g, (run) => {
    const digits = run.replace(/\D/g, '');
    return `${digits.slice(0, 3)}${'*'.repeat(Math.max(4, digits.length - 7))}${digits.slice(-4)}`;
  });
}
