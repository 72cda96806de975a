import { type CaseEvent, type CaseState, escalationEventName, type ProcessEvent } from '@civicgrid/domain';
import type { HookEventDraft } from './event-tap';

type Scalar = string | number | boolean | null;

/** Only scalar fields that are present: what a delivery says of a record (ids, steps, codes; no personal data). */
function pick(source: Record<string, unknown>, fields: readonly string[]): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const f of fields) {
    const v = source[f];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[f] = v;
  }
  return out;
}

// What any role that may read a case sees anyway, and nothing of the reporter (phone, name, address, description)
const CASE_FIELDS = ['number', 'step', 'categoryCode', 'gridCode', 'departmentId', 'urgency', 'deadline', 'source'];
const RECORD_FIELDS = ['number', 'step', 'deadline'];

/** The webhook events of a case transition: one per audit event (`case.dispatched`, `case.overdue`, …). */
export function caseHookEvents(next: CaseState, events: readonly CaseEvent[]): HookEventDraft[] {
  const state = pick(next as unknown as Record<string, unknown>, CASE_FIELDS);
  return events.map((e) => ({
    type: e.type === 'escalated' ? `case.${escalationEventName(next.escalations)}` : `case.${e.type}`,
    at: e.at,
    data: { caseId: next.id, ...state, from: e.from, to: e.to },
  }));
}

/**
 * The webhook events of a process record (every kind alike): `<kind>.<step>` when an event moved it into a step
 * (its creation included), `<kind>.overdue` / `<kind>.escalated` for a breach.
 */
export function recordHookEvents(
  kind: string,
  next: { id: string; step: string; escalations: number } & Record<string, unknown>,
  events: readonly ProcessEvent[],
): HookEventDraft[] {
  const state = pick(next, RECORD_FIELDS);
  const data = (e: ProcessEvent) => ({ id: next.id, kind, ...state, from: e.from ?? null, to: e.to ?? next.step });
  return events.flatMap((e): HookEventDraft[] => {
    if (e.type === 'escalate')
      return [{ type: `${kind}.${escalationEventName(next.escalations)}`, at: e.at, data: data(e) }];
    const to = e.to ?? (e.type === 'create' ? next.step : undefined);
    if (to === undefined || (e.from !== undefined && e.from === to)) return [];
    return [{ type: `${kind}.${to}`, at: e.at, data: data(e) }];
  });
}
