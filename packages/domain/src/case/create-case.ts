import { ForbiddenError } from '../errors';
import { can } from '../permissions';
import type { AttributeValues } from './attribute-values';
import { increment } from './counters';
import type { ActionResult } from './result';
import { eventOf } from './result';
import type { CaseActor, CaseState } from './state';
import type { CaseSource } from './steps';

/** What the edge knows about a new report (already validated by `createCaseSchema` / `publicReportSchema`). */
export interface NewCase {
  id: string;
  source: CaseSource;
  description: string;
  trackingCode?: string | undefined;
  categoryCode?: string | undefined;
  gridCode?: string | undefined;
  location?: { lat: number; lng: number } | undefined;
  address?: string | undefined;
  /** the camera point a video case was seen on */
  cameraId?: string | undefined;
  /** the 部件 (thing) the case is about */
  thingId?: string | undefined;
  /** The short human number, unique per tenant and year. */
  number?: string | undefined;
  /** The pin lies in none of the tenant's grids. */
  outsideGrids?: boolean | undefined;
  /** Answers to the category's attributes, already checked (`checkAttributeValues`). */
  attributes?: AttributeValues | undefined;
}

/**
 * 受理: a new case in step `reported`, its `reported` event and counter. Staff sources need `case.create`;
 * citizen and Open311 reports are authenticated at the edge (public form, API key), but a citizen cannot claim
 * to be staff.
 */
export function createCase(input: NewCase, actor: CaseActor, now: Date): ActionResult {
  const staffSource = input.source === 'grid_worker' || input.source === 'staff' || input.source === 'video';
  if (staffSource && !can(actor.roles, 'case.create')) {
    throw new ForbiddenError('Your role may not report cases', 'forbidden');
  }
  if (actor.citizen === true && input.source !== 'citizen') {
    throw new ForbiddenError('A citizen report must have source "citizen"', 'forbidden');
  }
  const at = now.toISOString();
  const next: CaseState = {
    id: input.id,
    step: 'reported',
    version: 1,
    source: input.source,
    description: input.description,
    createdAt: at,
    updatedAt: at,
    overdue: false,
    escalations: 0,
    parkedWorkingMs: 0,
    reworkCount: 0,
    returnCount: 0,
  };
  if (input.trackingCode !== undefined) next.trackingCode = input.trackingCode;
  if (input.categoryCode !== undefined) next.categoryCode = input.categoryCode;
  if (input.gridCode !== undefined) next.gridCode = input.gridCode;
  if (input.location !== undefined) next.location = { lat: input.location.lat, lng: input.location.lng };
  if (input.address !== undefined) next.address = input.address;
  if (input.cameraId !== undefined) next.cameraId = input.cameraId;
  if (input.thingId !== undefined) next.thingId = input.thingId;
  if (input.number !== undefined) next.number = input.number;
  if (input.outsideGrids === true) next.outsideGrids = true;
  if (input.attributes !== undefined) next.attributes = input.attributes;
  if (staffSource) next.reportedBy = actor.userId;
  return {
    next,
    events: [eventOf('reported', null, next, actor, now, { data: { source: input.source } })],
    counters: [increment('reported', next, now, 1, next.reportedBy)],
  };
}
