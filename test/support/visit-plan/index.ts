import { actionsOf, type ProcessKind, requiredText } from '@civicgrid/domain';
import * as z from 'zod';

/**
 * A third kind, tiny, in one folder: a 走访 plan a grid worker carries out within 2 natural hours. It exists to
 * show that a kind is only data and pure functions: registering it (one line, `processKinds: [..., visitPlanKind]`)
 * gives it the routes, the workflow (same definition, same handlers), escalation, the trail and the counters.
 */
interface VisitPlanData {
  household: string;
  note?: string;
}

const act = actionsOf<VisitPlanData>();

export const visitPlanKind: ProcessKind<VisitPlanData, { household: string }> = {
  kind: 'visitplan',
  label: 'Visit plan',
  labelZh: '走访计划',
  path: 'visit-plans',
  operationNouns: { one: 'VisitPlan', many: 'VisitPlans' },
  steps: { planned: { label: '待走访' }, visited: { label: '已走访', terminal: true } },
  clocks: { visit: { label: '走访时限', unit: 'naturalHours', value: 2 } },
  input: z.object({ household: requiredText('household', 100) }),
  permissions: { create: 'case.create', read: 'case.read' },
  create: (input) => ({ step: 'planned', data: { household: input.household }, clock: { name: 'visit' } }),
  actions: {
    visit: act({
      label: '走访',
      from: ['planned'],
      permission: 'case.verify',
      body: z.object({ note: requiredText('note', 500) }),
      to: 'visited',
      apply: (d, b) => ({ ...d, note: b.note }),
      note: (b) => b.note,
    }),
  },
  counters: (r) => ({ add: { visited: r.step === 'visited' ? 1 : 0 } }),
};
