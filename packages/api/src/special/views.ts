import type { Person, ProcessEvent, ProcessRecord, SpecialProfile, SpecialVisitData } from '@civicgrid/domain';
import { profileStatusLabels, specialGroupLabels, specialVisitKind } from '@civicgrid/domain';
import { personView } from '../people/views';
import { processView } from '../process/views';

/** A profile as clients see it: its fields with the Chinese labels of its group and status. */
export function profileView(p: SpecialProfile) {
  return { ...p, groupLabel: specialGroupLabels[p.group], statusLabel: profileStatusLabels[p.status] };
}

/** A visit as clients see it (the engine's view of a `specialvisit` record). */
export function visitView(v: ProcessRecord<SpecialVisitData>) {
  return processView(specialVisitKind, v as unknown as ProcessRecord);
}

/**
 * One profile with the person (masked), the history (listing, visits, assistance, grade changes, transfers), the
 * open visit and the alerts — the stored ones and those read off the present state (a missed visit, a person who
 * moved away).
 */
export function profileDetail(
  p: SpecialProfile,
  extra: { person?: Person; history: unknown[]; openVisit?: ProcessRecord<SpecialVisitData>; now: Date },
) {
  const alerts = [...p.alerts];
  const open = extra.openVisit;
  if (open?.clock && Date.parse(open.clock.deadline) < extra.now.getTime()) {
    alerts.push({ type: 'missedVisit', at: open.clock.deadline, note: `走访已超期（应于 ${open.clock.deadline} 前）` });
  }
  if (extra.person?.status === 'left') {
    alerts.push({ type: 'movedAway', at: extra.person.updatedAt, note: `已迁出（${extra.person.leftAt ?? ''}）` });
  }
  return {
    ...profileView(p),
    alerts,
    ...(extra.person ? { person: personView(extra.person) } : {}),
    history: extra.history as ProcessEvent[],
    ...(open ? { openVisit: visitView(open) } : {}),
  };
}
