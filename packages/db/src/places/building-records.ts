import type { Building } from '@civicgrid/domain';
import type { RecordDefinition } from '../records/record-repository';

/** Buildings: listed by name for the tenant and per grid. */
export const buildingRecords: RecordDefinition<Building> = {
  kind: 'BUILDING',
  label: 'Building',
  indexes: (b) => [
    { index: 'all', value: 'all', sort: b.name },
    { index: 'grid', value: b.gridCode, sort: b.name },
  ],
};
