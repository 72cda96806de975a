import { CaseRepository } from '@civicgrid/db';
import {
  type DisputeData,
  type DisputeInput,
  disputeKind,
  NotFoundError,
  type ProcessEvent,
  type ProcessRecord,
  ProcessRuleError,
  type TenantPath,
} from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import type { ApiModule } from '../modules/module';
import { openPetitionFromDispute } from '../petitions/from-dispute';
import { caseOwner } from '../routes/cases';
import { categoriesOf } from '../routes/config';
import { checkMediation, registerCommitteeRoutes } from './committees';
import { registerDisputeRoutes } from './routes';

/** An incident's category is a dispute category when its code or name says so (邻里纠纷, `dispute-neighbour`). */
export function isDisputeCategory(category: { code: string; name?: string } | undefined): boolean {
  if (!category) return false;
  return /dispute|jiufen/i.test(category.code) || /纠纷|矛盾/.test(category.name ?? '');
}

/**
 * Converting an incident of a dispute category into a dispute file: the case must be the tenant's own and of a
 * dispute category; its whole trail is carried into the dispute's (each event marked `incident.<type>`).
 */
async function incidentTrail(
  deps: AppDeps,
  path: TenantPath,
  input: DisputeInput,
): Promise<{ trail?: ProcessEvent[] }> {
  if (!input.fromCaseId) return {};
  if (caseOwner(input.fromCaseId) !== path) throw new NotFoundError('Case');
  const cases = new CaseRepository(deps.store, deps.config.cursorSecret);
  const stored = await cases.get(path, input.fromCaseId);
  if (!stored) throw new NotFoundError('Case');
  const code = stored.state.categoryCode;
  const category = code ? await categoriesOf(deps).get(path, code) : undefined;
  if (!isDisputeCategory(category)) {
    throw new ProcessRuleError('Only an incident of a dispute category can become a dispute file', [
      { path: 'fromCaseId', message: 'the case is not of a dispute category' },
    ]);
  }
  const events = await cases.events(path, input.fromCaseId);
  const trail: ProcessEvent[] = events.map((e) => {
    const { type, at, actor, from, to, note } = e as unknown as Record<string, string | undefined>;
    return {
      type: `incident.${type}`,
      at: String(at),
      actor: String(actor ?? 'system'),
      ...(from ? { from: `incident:${from}` } : {}),
      ...(to ? { to: `incident:${to}` } : {}),
      ...(note ? { note } : {}),
      detail: { caseId: input.fromCaseId },
    };
  });
  return { trail };
}

/** Dispute mediation (矛盾纠纷调解): statistics, the printable agreement, conversion of incidents. */
export const disputesModule: ApiModule = {
  name: 'disputes',
  routes: (route, deps) => {
    registerDisputeRoutes(route, deps);
    registerCommitteeRoutes(route, deps);
  },
  processHooks: {
    [disputeKind.kind]: {
      beforeCreate: (deps, path, input) => incidentTrail(deps, path, input as DisputeInput),
      beforeAction: checkMediation,
      // 转信访 opens the petition file at once
      afterAction: async (deps, path, action, record, actor) =>
        action === 'transfer'
          ? ((await openPetitionFromDispute(deps, path, record as unknown as ProcessRecord<DisputeData>, actor)) as
              | ProcessRecord
              | undefined)
          : undefined,
    },
  },
};

export type { DisputeData };
