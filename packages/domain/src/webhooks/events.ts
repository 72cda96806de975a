import { caseEventTypes } from '../case/state';
import type { KindDescriptor } from '../process/engine';

/**
 * The events a webhook may subscribe to. Incidents: every audit event of the loop as `case.<type>`
 * (`case.reported`, `case.dispatched`, …) with `case.overdue` for the first breach of a step's deadline and
 * `case.escalated` for each later one (raised to the level above). Every process kind (disputes, petitions, …):
 * `<kind>.<step>` when a record enters a step, `<kind>.overdue` and `<kind>.escalated` likewise — derived from the
 * kind's declaration, so a new kind is subscribable without touching this file.
 */
export function webhookEventTypes(kinds: readonly KindDescriptor[]): string[] {
  const incident = caseEventTypes.map((t) => `case.${t}`);
  const processes = kinds.flatMap((k) => [
    ...Object.keys(k.steps).map((step) => `${k.kind}.${step}`),
    `${k.kind}.overdue`,
    `${k.kind}.escalated`,
  ]);
  return [...new Set([...incident, 'case.overdue', ...processes])];
}

/** The event an escalation raises: the first breach of a deadline is `overdue`, each later one `escalated`. */
export function escalationEventName(escalations: number): 'overdue' | 'escalated' {
  return escalations <= 1 ? 'overdue' : 'escalated';
}

/** One event as it is queued for delivery (and the body's `data` is all a receiver learns). */
export interface WebhookEvent {
  /** the event id: unique, the receiver's idempotency key (a retry carries the same id) */
  id: string;
  type: string;
  at: string;
  tenantId: string;
  data: Record<string, string | number | boolean | null>;
}

/**
 * The label of a process kind's event in the kind's own (Chinese) words: `矛盾纠纷 · 调查中`, `信访 · 超期`;
 * undefined for incident events (the console names those itself).
 */
export function webhookEventLabel(kinds: readonly KindDescriptor[], type: string): string | undefined {
  const [prefix, name = ''] = type.split('.');
  const kind = kinds.find((k) => k.kind === prefix);
  if (!kind) return undefined;
  const what = name === 'overdue' ? '超期' : name === 'escalated' ? '超期升级' : (kind.steps[name]?.label ?? name);
  return `${kind.labelZh} · ${what}`;
}
