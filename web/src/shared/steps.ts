/** The case steps of the incident loop, in order; `rejected` ends a report that is not filed. */
export const STEPS = ['reported', 'registered', 'dispatched', 'handled', 'verified', 'closed', 'evaluated'] as const;
export const ALL_STEPS = [...STEPS, 'rejected', 'transferred'] as const;
export type Step = (typeof ALL_STEPS)[number];

/** Steps where nobody has work left to do (no deadline applies). */
export const TERMINAL_STEPS: readonly string[] = ['closed', 'evaluated', 'rejected', 'transferred'];

export function stepKey(step: string): `step.${Step}` {
  return `step.${(ALL_STEPS as readonly string[]).includes(step) ? (step as Step) : 'reported'}`;
}
