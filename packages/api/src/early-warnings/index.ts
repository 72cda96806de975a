import { ProcessRepository } from '@civicgrid/db';
import {
  type EarlyWarningData,
  earlyWarningKind,
  type ProcessRecord,
  type TenantPath,
  warningLevelZh,
} from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import type { Route } from '../http/routes';
import type { ApiModule } from '../modules/module';
import { registerKindStats } from '../process/stats';

/** Warnings, emergencies, responses and the average time to response (minutes), with the engine's counters. */
const COUNTERS = [
  'warnings',
  'emergencies',
  'responded',
  'responseMinutes',
  'defused',
  'occurred',
  'people',
  'finished',
  'finishedOnTime',
  'overdueOpen',
] as const;
const RATES = [
  // an average, not a share: minutes from the report to the response over the warnings responded to
  ['averageResponseMinutes', 'responseMinutes', 'responded'],
  ['defusedRate', 'defused', 'finished'],
  ['onTimeRate', 'finishedOnTime', 'finished'],
] as const;
const DIMENSIONS = ['level', 'grid'] as const;

/** The notice to the leaders (of the tenant and the level above) when a warning is in emergency mode. */
export function emergencyNotice(r: ProcessRecord<EarlyWarningData>): string {
  const d = r.data;
  return `紧急预警 ${r.number ?? r.id}：${d.place}，约${d.peopleCount}人，${d.subject}（${warningLevelZh[d.level]}）。请领导即时调度，${
    r.clock
      ? `须于 ${new Date(Date.parse(r.clock.deadline) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')} 前响应处置`
      : ''
  }。`;
}

/** `.parent`: the notice goes to this tenant's leaders and the level above's. */
async function notifyLeaders(deps: AppDeps, path: TenantPath, r: ProcessRecord<EarlyWarningData>): Promise<void> {
  await deps.notifier.notify({
    tenantPath: path,
    caseId: r.id,
    kind: 'warning.emergency.parent',
    audience: 'leader',
    text: emergencyNotice(r),
  });
}

function registerEarlyWarningRoutes(route: Route, deps: AppDeps): void {
  const repo = new ProcessRepository<EarlyWarningData>(deps.store, earlyWarningKind, deps.config);
  registerKindStats(route, deps, repo, {
    path: '/api/stats/early-warnings',
    operationId: 'getEarlyWarningStats',
    permission: 'warning.read',
    summary:
      '预警 KPIs: warnings, emergencies, responded, averageResponseMinutes (report → response), defusedRate, onTimeRate; rows by level and grid',
    counters: COUNTERS,
    rates: RATES,
    dimensions: DIMENSIONS,
  });
}

/**
 * Early warnings (预警): statistics, and the leaders' notice when a warning goes into emergency mode (created so,
 * or by the `emergency` action) — through the notifier, to the tenant's outbox and the level above's.
 */
export const earlyWarningsModule: ApiModule = {
  name: 'early-warnings',
  routes: registerEarlyWarningRoutes,
  processHooks: {
    [earlyWarningKind.kind]: {
      async afterCreate(deps, path, record) {
        const r = record as unknown as ProcessRecord<EarlyWarningData>;
        if (r.data.emergency) await notifyLeaders(deps, path, r);
        return undefined;
      },
      async afterAction(deps, path, action, record) {
        if (action === 'emergency')
          await notifyLeaders(deps, path, record as unknown as ProcessRecord<EarlyWarningData>);
        return undefined;
      },
    },
  },
};
