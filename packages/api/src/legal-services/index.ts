import { ProcessRepository } from '@civicgrid/db';
import {
  type DisputeInput,
  disputeKind,
  type LegalAidData,
  type LegalAidInput,
  type LegalCallData,
  legalAidKind,
  legalCallKind,
  type PetitionInput,
  type ProcessRecord,
  petitionKind,
  type TenantPath,
} from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import type { Route } from '../http/routes';
import type { StaffActor } from '../modules/actor';
import type { ApiModule } from '../modules/module';
import { ProcessService } from '../process/service';
import { registerKindStats } from '../process/stats';

/** 12348: calls, answered, referred; rows by question type, referral target and grid. */
const CALL_COUNTERS = ['calls', 'answered', 'referred', 'finished', 'finishedOnTime', 'overdueOpen'] as const;
const CALL_RATES = [
  ['answerRate', 'answered', 'calls'],
  ['referralRate', 'referred', 'calls'],
  ['onTimeRate', 'finishedOnTime', 'finished'],
] as const;
/** 法律援助: 受理数, 办结率 (concluded ÷ accepted), 满意率 (satisfied ÷ rated), timely acceptance. */
const AID_COUNTERS = [
  'applications',
  'accepted',
  'acceptedOnTime',
  'declined',
  'concluded',
  'rated',
  'satisfied',
  'finished',
  'finishedOnTime',
  'overdueOpen',
] as const;
const AID_RATES = [
  ['concludedRate', 'concluded', 'accepted'],
  ['satisfactionRate', 'satisfied', 'rated'],
  ['timelyAcceptanceRate', 'acceptedOnTime', 'accepted'],
  ['onTimeRate', 'finishedOnTime', 'finished'],
] as const;

function registerLegalServiceRoutes(route: Route, deps: AppDeps): void {
  const calls = new ProcessRepository<LegalCallData>(deps.store, legalCallKind, deps.config);
  const aid = new ProcessRepository<LegalAidData>(deps.store, legalAidKind, deps.config);
  registerKindStats(route, deps, calls, {
    path: '/api/stats/legal-calls',
    operationId: 'getLegalCallStats',
    permission: 'legal.read',
    summary:
      '12348 KPIs: calls, answered, referred, answerRate, referralRate; rows by questionType (calls by type), referral target and grid',
    counters: CALL_COUNTERS,
    rates: CALL_RATES,
    dimensions: ['questionType', 'referral', 'grid'],
  });
  registerKindStats(route, deps, aid, {
    path: '/api/stats/legal-aid',
    operationId: 'getLegalAidStats',
    permission: 'legal.read',
    summary:
      '法律援助 KPIs: 受理 accepted, 办结率 concludedRate = concluded ÷ accepted, 满意率 satisfactionRate, timelyAcceptanceRate; rows by level and grid',
    counters: AID_COUNTERS,
    rates: AID_RATES,
    dimensions: ['level', 'grid'],
  });
}

/** What a referral creates, from the call: a dispute file, a legal-aid application or a petition. */
export function referralInput(call: ProcessRecord<LegalCallData>) {
  const d = call.data;
  const ref = d.referral;
  if (!ref) return undefined;
  const caller = { name: d.caller.name, ...(d.caller.phone ? { phone: d.caller.phone } : {}) };
  const grid = call.gridCode ? { gridCode: call.gridCode } : {};
  switch (ref.to) {
    case 'mediation': {
      const input: DisputeInput & { callId: string } = {
        kind: d.questionType === 'marriage' ? 'family' : d.questionType === 'labour' ? 'labour' : 'other',
        summary: `12348转介：${d.question}`,
        source: 'hotline',
        parties: [
          { ...caller, role: 'applicant' },
          ...(ref.respondent ? [{ name: ref.respondent, role: 'respondent' as const }] : []),
        ],
        ...grid,
        callId: call.id,
      };
      return { kind: disputeKind, input };
    }
    case 'legalAid': {
      const input: LegalAidInput = { applicant: caller, matter: d.question, callId: call.id, ...grid };
      return { kind: legalAidKind, input };
    }
    case 'petition': {
      const input: PetitionInput & { callId: string } = {
        channel: 'phone',
        subject: `12348转介：${d.question}`,
        petitioners: [caller],
        ...grid,
        callId: call.id,
      };
      return { kind: petitionKind, input };
    }
  }
}

/**
 * A call referred (at intake or by `refer`) creates the linked record — its first event names the call — and the
 * call keeps the record's kind and id (`referral.recordId`).
 */
export async function createReferral(
  deps: AppDeps,
  path: TenantPath,
  call: ProcessRecord<LegalCallData>,
  actor: StaffActor,
): Promise<ProcessRecord<LegalCallData>> {
  const made = referralInput(call);
  if (!made || call.data.referral?.recordId) return call;
  const target = new ProcessService(deps, made.kind);
  const linked = await target.create(path, call.tenantId, made.input, actor, [
    {
      type: 'legal-call.referral',
      at: deps.clock().toISOString(),
      actor: actor.userId,
      ...(actor.name ? { actorName: actor.name } : {}),
      note: `12348热线转介（来电 ${call.number ?? call.id}）`,
      detail: { callId: call.id },
    },
  ]);
  // the petition keeps the call too (its create copies only its own fields)
  if (made.kind === petitionKind) {
    await target.amend(path, linked.id, (data) => ({ ...data, callId: call.id }), {
      type: 'link',
      actor: actor.userId,
      detail: { callId: call.id },
    });
  }
  const calls = new ProcessService<LegalCallData>(deps, legalCallKind);
  return calls.amend(
    path,
    call.id,
    (data) => ({
      ...data,
      referral: data.referral ? { ...data.referral, recordKind: made.kind.kind, recordId: linked.id } : data.referral,
    }),
    {
      type: 'link',
      actor: actor.userId,
      ...(actor.name ? { actorName: actor.name } : {}),
      note: `已创建${made.kind.labelZh} ${linked.number ?? linked.id}`,
      detail: { recordKind: made.kind.kind, recordId: linked.id },
    },
  );
}

/** 12348 hotline calls and legal-aid applications: statistics and the referral that creates the linked record. */
export const legalServicesModule: ApiModule = {
  name: 'legal-services',
  routes: registerLegalServiceRoutes,
  processHooks: {
    [legalCallKind.kind]: {
      afterCreate: async (deps, path, record, actor) =>
        (await createReferral(deps, path, record as unknown as ProcessRecord<LegalCallData>, actor)) as unknown as
          | ProcessRecord
          | undefined,
      afterAction: async (deps, path, action, record, actor) =>
        action === 'refer'
          ? ((await createReferral(
              deps,
              path,
              record as unknown as ProcessRecord<LegalCallData>,
              actor,
            )) as unknown as ProcessRecord)
          : undefined,
    },
  },
};
