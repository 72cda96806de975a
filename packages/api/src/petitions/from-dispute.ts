import { ProcessRepository } from '@civicgrid/db';
import {
  type DisputeData,
  disputeKind,
  NotFoundError,
  type PetitionInput,
  type ProcessEvent,
  type ProcessRecord,
  ProcessRuleError,
  petitionKind,
  type TenantPath,
} from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import type { StaffActor } from '../modules/actor';
import { ProcessService } from '../process/service';

/** The dispute's trail as the first events of the petition file (each marked `dispute.<type>`). */
function disputeTrail(dispute: ProcessRecord<DisputeData>, events: ProcessEvent[]): ProcessEvent[] {
  return events.map((e) => ({
    ...e,
    type: `dispute.${e.type}`,
    ...(e.from ? { from: `dispute:${e.from}` } : {}),
    ...(e.to ? { to: `dispute:${e.to}` } : {}),
    detail: { ...(e.detail ?? {}), disputeId: dispute.id },
  }));
}

/**
 * A petition may start from a dispute only when that dispute's failed mediation was transferred to 信访 (a
 * dispute of this tenant; 404 otherwise): its trail is carried over.
 */
export async function petitionTrailFromDispute(
  deps: AppDeps,
  path: TenantPath,
  input: PetitionInput,
): Promise<{ trail?: ProcessEvent[] }> {
  if (!input.fromDisputeId) return {};
  const disputes = new ProcessRepository<DisputeData>(deps.store, disputeKind, deps.config);
  const dispute = await disputes.get(path, input.fromDisputeId);
  if (!dispute) throw new NotFoundError('Dispute');
  if (dispute.data.transfer?.to !== 'petition') {
    throw new ProcessRuleError('Only a dispute transferred to 信访 opens a petition file', [
      { path: 'fromDisputeId', message: 'the dispute was not transferred to petition' },
    ]);
  }
  return { trail: disputeTrail(dispute, await disputes.events(path, dispute.id)) };
}

/**
 * 转信访: the failed mediation transferred to 信访 opens the petition file at once — its petitioners the
 * dispute's applicants, its subject the dispute's with the guidance given, its trail the dispute's — and the
 * dispute links to it. Idempotent: a dispute already linked opens nothing.
 */
export async function openPetitionFromDispute(
  deps: AppDeps,
  path: TenantPath,
  dispute: ProcessRecord<DisputeData>,
  actor: StaffActor,
): Promise<ProcessRecord<DisputeData> | undefined> {
  const d = dispute.data;
  if (d.transfer?.to !== 'petition' || d.petitionId) return undefined;
  const applicants = d.parties.filter((p) => p.role === 'applicant');
  const petitioners = (applicants.length > 0 ? applicants : d.parties).map((p) => ({
    name: p.name,
    ...(p.phone ? { phone: p.phone } : {}),
    ...(p.personId ? { personId: p.personId } : {}),
  }));
  const input: PetitionInput = {
    channel: 'visit',
    subject: `${d.summary}（矛盾纠纷调解不成，转信访：${d.transfer.guidance}）`.slice(0, 2000),
    petitioners,
    fromDisputeId: dispute.id,
    ...(dispute.gridCode ? { gridCode: dispute.gridCode } : {}),
  };
  const disputes = new ProcessRepository<DisputeData>(deps.store, disputeKind, deps.config);
  const trail = disputeTrail(dispute, await disputes.events(path, dispute.id));
  const petition = await new ProcessService(deps, petitionKind).create(path, dispute.tenantId, input, actor, trail);
  const at = deps.clock().toISOString();
  return disputes.update(path, dispute, { ...dispute, data: { ...d, petitionId: petition.id }, updatedAt: at }, [
    {
      type: 'petitionOpened',
      at,
      actor: actor.userId,
      ...(actor.name ? { actorName: actor.name } : {}),
      from: dispute.step,
      to: dispute.step,
      note: `已转信访，信访件编号 ${petition.number ?? petition.id}`,
      detail: { petitionId: petition.id },
    },
  ]);
}
