import * as z from 'zod';
import { haversineMeters, type Polygon, pointInPolygon } from '../geojson';
import { entityIdSchema, locationSchema } from '../schemas/common';

/**
 * Patrols (巡查) of grid workers: start, a GPS trace posted in numbered batches (a batch sent twice is applied
 * once), end. Time per grid is computed from the tenant's grid polygons as the trace comes in.
 */

/** Most points one batch may carry (a phone posts every minute or so; offline it sends what it kept). */
export const MAX_PATROL_POINTS = 500;
/** A gap longer than this between two fixes is a pause (signal lost, a break): it counts for no grid. */
export const PATROL_GAP_SECONDS = 15 * 60;

const isoInstant = z.iso.datetime({ offset: true, error: 'at must be an ISO 8601 instant' });

/** One GPS fix. */
export const tracePointSchema = z.object({
  lat: z.number({ error: 'lat must be a number' }).min(-90, { error: 'lat ≥ -90' }).max(90, { error: 'lat ≤ 90' }),
  lng: z.number({ error: 'lng must be a number' }).min(-180, { error: 'lng ≥ -180' }).max(180, { error: 'lng ≤ 180' }),
  at: isoInstant,
});

export type TracePoint = z.infer<typeof tracePointSchema>;

/** `POST /api/patrols`: a patrol starts (optionally where the worker stands). */
export const patrolStartSchema = z.object({ location: locationSchema.optional() });

/** `POST /api/patrols/{id}/points`: one numbered batch of the trace. */
export const patrolPointsSchema = z.object({
  /** the batch's number from 0; the same number twice is the same batch (applied once) */
  seq: z
    .int({ error: 'seq must be a whole number' })
    .min(0, { error: 'seq must not be negative' })
    .max(100_000, { error: 'seq must be at most 100000' }),
  points: z
    .array(tracePointSchema, { error: 'points must be a list' })
    .min(1, { error: 'points needs at least one point' })
    .max(MAX_PATROL_POINTS, { error: `at most ${MAX_PATROL_POINTS} points a batch` }),
});

export type PatrolPointsInput = z.infer<typeof patrolPointsSchema>;

/** `POST /api/patrols/{id}/end`. */
export const patrolEndSchema = z.object({ note: z.string().max(500, { error: 'note ≤ 500 characters' }).optional() });

/** A linked record made during the patrol. */
export const patrolLinkSchema = z.object({ patrolId: entityIdSchema.optional() });

/** A stored patrol. */
export interface Patrol {
  id: string;
  userId: string;
  userName?: string;
  status: 'open' | 'ended';
  startedAt: string;
  endedAt?: string;
  /** seconds per grid code (`outside` for fixes in no grid) */
  gridSeconds: Record<string, number>;
  distanceMeters: number;
  pointCount: number;
  /** batches applied (their numbers are kept as items of the trace) */
  batches: number;
  lastPoint?: TracePoint;
  caseIds: string[];
  visitIds: string[];
  note?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The grid a fix lies in, or `outside`. */
export function gridOfPoint(
  point: { lat: number; lng: number },
  grids: readonly { code: string; polygon?: Polygon }[],
) {
  return grids.find((g) => g.polygon && pointInPolygon(point.lng, point.lat, g.polygon))?.code ?? 'outside';
}

/** What a batch adds to a patrol's totals. */
export interface TraceTotals {
  gridSeconds: Record<string, number>;
  distanceMeters: number;
  pointCount: number;
  lastPoint?: TracePoint;
  /** fixes older than the last one already applied (dropped) */
  ignored: number;
}

/**
 * Fold a batch of fixes into the totals (pure). Each interval between consecutive fixes counts for the grid both
 * lie in; when they lie in two grids, half of it for each (the crossing lies between them, position unknown). A
 * gap over `PATROL_GAP_SECONDS` counts for no grid and no distance. Fixes are taken in time order; ones older than
 * the last one already applied are dropped.
 */
export function foldTrace(
  totals: Omit<TraceTotals, 'ignored'>,
  points: readonly TracePoint[],
  grids: readonly { code: string; polygon?: Polygon }[],
): TraceTotals {
  const gridSeconds = { ...totals.gridSeconds };
  let { distanceMeters, pointCount } = totals;
  let last = totals.lastPoint;
  let ignored = 0;
  const sorted = [...points].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const add = (grid: string, seconds: number) => {
    gridSeconds[grid] = Math.round(((gridSeconds[grid] ?? 0) + seconds) * 1000) / 1000;
  };
  for (const p of sorted) {
    if (last && Date.parse(p.at) <= Date.parse(last.at)) {
      ignored++;
      continue;
    }
    pointCount++;
    if (last) {
      const seconds = (Date.parse(p.at) - Date.parse(last.at)) / 1000;
      if (seconds <= PATROL_GAP_SECONDS) {
        const from = gridOfPoint(last, grids);
        const to = gridOfPoint(p, grids);
        if (from === to) add(from, seconds);
        else {
          add(from, seconds / 2);
          add(to, seconds / 2);
        }
        distanceMeters += haversineMeters(last, p);
      }
    }
    last = p;
  }
  return {
    gridSeconds,
    distanceMeters: Math.round(distanceMeters * 10) / 10,
    pointCount,
    ...(last ? { lastPoint: last } : {}),
    ignored,
  };
}

/** 巡查时长 of a patrol in seconds: start to end (or to the last fix while open). */
export function patrolDurationSeconds(p: Pick<Patrol, 'startedAt' | 'endedAt' | 'lastPoint'>): number {
  const end = p.endedAt ?? p.lastPoint?.at ?? p.startedAt;
  return Math.max(0, Math.round((Date.parse(end) - Date.parse(p.startedAt)) / 1000));
}
