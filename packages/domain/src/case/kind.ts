import type { KindDescriptor, StepSpec } from '../process/engine';
import { type CaseStep, caseSteps, terminalSteps } from './steps';
import { transitions } from './transitions';

/** What each step of the loop waits for, in the centre's words (worklist tabs, breach notices). */
export const caseStepLabels: Readonly<Record<CaseStep, string>> = {
  reported: '待立案',
  registered: '待派遣',
  dispatched: '待处置',
  handled: '待核查',
  verified: '待结案',
  closed: '待评价',
  evaluated: '已评价',
  rejected: '不予立案',
};

/**
 * The incident loop as a kind of the one process engine: it runs on the same workflow definition (the one
 * `AwaitAction` state), the same task handlers, escalation, continue-as-new, error handling and resume as every
 * other kind. Its steps are the loop's; its actions the state machine's `transitions` table; its records, clocks
 * (working time per category, per-step limits, parking, extensions) and cohort KPI counters live in the case
 * module and the case store (docs/process-engine.md, "Incidents on the engine").
 */
export const incidentKind = {
  kind: 'incident',
  label: 'Case',
  labelZh: '案件',
  path: 'cases',
  steps: Object.fromEntries(
    caseSteps.map((step): [CaseStep, StepSpec] => [
      step,
      { label: caseStepLabels[step], ...(terminalSteps.includes(step) ? { terminal: true } : {}) },
    ]),
  ) as Readonly<Record<CaseStep, StepSpec>>,
  actions: transitions,
} as const satisfies KindDescriptor & { actions: typeof transitions };
