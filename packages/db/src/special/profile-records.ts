import type { SpecialProfile } from '@civicgrid/domain';
import type { RecordDefinition } from '../records/record-repository';

/** The unique of a listed profile: one per person and group (`<group>.<personId>`); the people search reads it. */
export const LISTED_UNIQUE = 'pg';

/** The unique value of a person's listed profile in a group. */
export const listedKey = (group: string, personId: string) => `${group}.${personId}`;

/**
 * Special-population profiles (列管档案): lists `all` (newest first), `grid`, `group`, `worker` (the responsible
 * worker's caseload), `status` and `person`; one listed profile per person and group; tallies 列管数 (`listed`)
 * by tenant, group, grid and worker, and by grid within each group (`grid:<group>`, the density map).
 */
export const specialProfileRecords: RecordDefinition<SpecialProfile> = {
  kind: 'SPECIAL',
  label: 'Special-population profile',
  indexes(p) {
    return [
      { index: 'all', value: 'all', sort: p.createdAt },
      { index: 'group', value: p.group, sort: p.createdAt },
      { index: 'worker', value: p.responsibleUserId, sort: p.createdAt },
      { index: 'status', value: p.status, sort: p.createdAt },
      { index: 'person', value: p.personId, sort: p.createdAt },
      ...(p.gridCode ? [{ index: 'grid', value: p.gridCode, sort: p.createdAt }] : []),
    ];
  },
  uniques: (p) =>
    p.status === 'listed' ? [{ name: LISTED_UNIQUE, value: listedKey(p.group, p.personId), field: 'personId' }] : [],
  tallies(p) {
    const add = { listed: p.status === 'listed' ? 1 : 0, released: p.status === 'released' ? 1 : 0 };
    const grid = p.gridCode ?? 'none';
    return [
      { dimension: 'tenant', value: 'all', add },
      { dimension: 'group', value: p.group, add },
      { dimension: 'grid', value: grid, add },
      { dimension: 'worker', value: p.responsibleUserId, add },
      { dimension: `grid:${p.group}`, value: grid, add },
    ];
  },
};
