import { NotificationRepository, UserRepository } from '@civicgrid/db';
import type { CaseEvent, CaseState, TenantPath } from '@civicgrid/domain';
import type { AppDeps } from '../deps';

/** Who gets a bell notice for a transition: the departments doing the work, or the centre's dispatchers. */
type Audience = { departmentIds: string[] } | { roles: string[] };

/** The bell notices of a transition (kind and audience), from its events: new work only, never the actor's own. */
export function workNotices(next: CaseState, events: readonly CaseEvent[]): Array<{ kind: string; to: Audience }> {
  const departments = [next.departmentId, ...(next.assistingDepartmentIds ?? [])].filter(
    (d): d is string => typeof d === 'string',
  );
  const out: Array<{ kind: string; to: Audience }> = [];
  for (const e of events) {
    if (e.type === 'dispatched') out.push({ kind: 'dispatched', to: { departmentIds: departments } });
    else if (e.type === 'returned') out.push({ kind: 'returned', to: { roles: ['dispatcher'] } });
    else if (e.type === 'reworked' || (e.type === 'reviewed' && next.step === 'dispatched'))
      out.push({ kind: 'reworked', to: { departmentIds: departments } });
    else if (e.type === 'supervised')
      out.push({
        kind: 'supervised',
        to: departments.length > 0 ? { departmentIds: departments } : { roles: ['dispatcher'] },
      });
    else if (e.type === 'extension_granted' || e.type === 'extension_rejected')
      out.push({ kind: e.type, to: { departmentIds: departments } });
  }
  return out;
}

/**
 * Write the bell notices of a transition for the users of the holding tenant it concerns (after the transition,
 * in the same request; a failure is logged and the transition stands). One read of the tenant's users, one small
 * transaction per recipient.
 */
export async function notifyWork(
  deps: AppDeps,
  holder: TenantPath,
  next: CaseState,
  events: readonly CaseEvent[],
  actorId: string,
): Promise<void> {
  const notices = workNotices(next, events);
  if (notices.length === 0) return;
  try {
    const users = (await new UserRepository(deps.store).list(holder)).filter(
      (u) => u.status === 'active' && u.id !== actorId,
    );
    const repo = new NotificationRepository(deps.store, deps.config.cursorSecret);
    for (const notice of notices) {
      const to = users.filter((u) =>
        'roles' in notice.to
          ? u.roles.some((r) => (notice.to as { roles: string[] }).roles.includes(r))
          : u.departmentId !== undefined &&
            (notice.to as { departmentIds: string[] }).departmentIds.includes(u.departmentId) &&
            u.roles.includes('department'),
      );
      await repo.add(
        holder,
        to.map((u) => u.id),
        {
          kind: notice.kind,
          caseId: next.id,
          number: next.number,
          summary: [...next.description].slice(0, 60).join(''),
        },
        deps.clock(),
      );
    }
  } catch (error) {
    deps.log({ level: 'WARN', message: 'work notice failed', caseId: next.id, error: (error as Error).message });
  }
}
