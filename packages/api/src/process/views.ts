import { type AnyProcessKind, type ProcessEvent, type ProcessRecord, processActionsFor } from '@civicgrid/domain';

/**
 * A record as clients read it: the engine's fields (step and its label, `deadline` = the running clock's end,
 * `clock`, `overdue`, …) with the kind's own fields at the top level (a dispute's `kind`, `parties`, …).
 */
export function processView(kind: AnyProcessKind, r: ProcessRecord) {
  const { data, taskToken: _t, taskStep: _s, workflowError: _w, kind: _k, deadline: _d, ...meta } = r;
  return {
    ...(data as Record<string, unknown>),
    ...meta,
    recordKind: kind.kind,
    stepLabel: kind.steps[r.step]?.label ?? r.step,
    ...(r.clock
      ? {
          deadline: r.clock.deadline,
          clockLabel: kind.clocks[r.clock.name]?.label ?? r.clock.name,
        }
      : {}),
  };
}

/** One record with its audit trail and the actions the caller may take now. */
export function processDetail(
  kind: AnyProcessKind,
  r: ProcessRecord,
  events: ProcessEvent[],
  roles: readonly string[],
) {
  return {
    ...processView(kind, r),
    events,
    actions: processActionsFor(kind, r, roles),
  };
}
