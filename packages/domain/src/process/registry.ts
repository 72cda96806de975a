import { disputeKind } from '../disputes/dispute';
import { fieldTaskKind } from '../fieldwork/task';
import { petitionKind } from '../petitions/petition';
import type { AnyProcessKind } from './engine';

/**
 * The kinds of record the process engine runs (besides incidents, which keep their own loop module). Adding a
 * kind is one line here; the workflow, the store, the routes and the statistics pick it up.
 */
export const processKinds: readonly AnyProcessKind[] = [disputeKind, petitionKind, fieldTaskKind];

/** The kind named `name` in `kinds`, or undefined. */
export function kindNamed(name: string, kinds: readonly AnyProcessKind[] = processKinds): AnyProcessKind | undefined {
  return kinds.find((k) => k.kind === name);
}
