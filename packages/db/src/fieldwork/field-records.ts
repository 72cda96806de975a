import type { FieldProposal, Patrol, Visit } from '@civicgrid/domain';
import type { RecordDefinition } from '../records/record-repository';

/**
 * Patrols: listed for the tenant and per worker, newest first (sort = start instant). The trace is kept beside the
 * record, one item per batch (`PK=<path>PATROL#<id>#TRACE SK=<seq>`), written in the update that folds it in.
 */
export const patrolRecords: RecordDefinition<Patrol> = {
  kind: 'PATROL',
  label: 'Patrol',
  indexes: (p) => [
    { index: 'all', value: 'all', sort: p.startedAt },
    { index: 'user', value: p.userId, sort: p.startedAt },
    ...(p.status === 'open' ? [{ index: 'open', value: p.userId, sort: p.startedAt }] : []),
  ],
};

/**
 * Visits (走访): for the tenant, per worker, per target record, per grid and per task, newest first; a client's
 * Idempotency-Key is unique per worker (a retried offline write finds the first visit).
 */
export const visitRecords: RecordDefinition<Visit> = {
  kind: 'VISIT',
  label: 'Visit',
  indexes: (v) => [
    { index: 'all', value: 'all', sort: v.visitedAt },
    { index: 'user', value: v.userId, sort: v.visitedAt },
    ...(v.target.id ? [{ index: 'target', value: v.target.id, sort: v.visitedAt }] : []),
    ...(v.gridCode ? [{ index: 'grid', value: v.gridCode, sort: v.visitedAt }] : []),
    ...(v.taskId ? [{ index: 'task', value: v.taskId, sort: v.visitedAt }] : []),
  ],
  // `idem` holds `<userId>.<key base64url>` (set by the service): one visit per worker and key
  uniques: (v) => (v.idempotencyKey ? [{ name: 'idem', value: v.idempotencyKey, field: 'Idempotency-Key' }] : []),
  tallies: (v) => [{ dimension: 'purpose', value: v.purpose, add: { visits: 1, followUp: v.followUp ? 1 : 0 } }],
};

/** Base-data changes proposed from the field: the review queue by status (oldest first) and per target record. */
export const proposalRecords: RecordDefinition<FieldProposal> = {
  kind: 'FPROP',
  label: 'Proposal',
  indexes: (p) => [
    { index: 'status', value: p.status, sort: p.createdAt },
    { index: 'target', value: p.target.id, sort: p.createdAt },
  ],
  tallies: (p) => [{ dimension: 'status', value: p.status, add: { proposals: 1 } }],
};
