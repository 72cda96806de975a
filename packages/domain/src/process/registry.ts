import { incidentKind } from '../case/kind';
import { disputeKind } from '../disputes/dispute';
import { earlyWarningKind } from '../early-warnings/early-warning';
import { fieldTaskKind } from '../fieldwork/task';
import { legalAidKind } from '../legal-services/legal-aid';
import { legalCallKind } from '../legal-services/legal-call';
import { petitionKind } from '../petitions/petition';
import { riskAssessmentKind } from '../risk-assessments/risk-assessment';
import { specialVisitKind } from '../special/visit';
import type { AnyProcessKind, KindDescriptor } from './engine';

/**
 * The kinds of record the process engine runs on its generic record store and routes (`/api/<path>`). Adding a
 * kind is one line here; the workflow, the store, the routes and the statistics pick it up. Incidents are the
 * engine's first kind (`incidentKind`, `allKinds`) with their own store and routes (`/api/cases`).
 */
export const processKinds: readonly AnyProcessKind[] = [
  disputeKind,
  petitionKind,
  riskAssessmentKind,
  earlyWarningKind,
  legalCallKind,
  legalAidKind,
  specialVisitKind,
  fieldTaskKind,
];

/** The kind named `name` in `kinds`, or undefined. */
export function kindNamed(name: string, kinds: readonly AnyProcessKind[] = processKinds): AnyProcessKind | undefined {
  return kinds.find((k) => k.kind === name);
}

/** Every kind the one workflow runs: the incident loop and the process kinds. */
export function allKinds(kinds: readonly AnyProcessKind[] = processKinds): readonly KindDescriptor[] {
  return [incidentKind, ...kinds];
}
