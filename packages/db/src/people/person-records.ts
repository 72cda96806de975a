import { type Household, type Person, populationContribution } from '@civicgrid/domain';
import type { RecordDefinition } from '../records/record-repository';

/** Tally kind of the population counters (`PK=<path>TALLY#POP`). */
export const POPULATION_TALLY = 'PERSON';

/**
 * People: lists by name (all), grid, registration type, tag, building and the blind indexes of the ID number and
 * phone; the ID number is unique per tenant; ID number and phone are sealed; population tallies by grid and for
 * the whole tenant.
 */
export const personRecords: RecordDefinition<Person> = {
  kind: 'PERSON',
  label: 'Person',
  sealed: ['idNumber', 'phone'],
  indexes(p, { blind }) {
    const byName = `${p.name}`;
    return [
      { index: 'all', value: 'all', sort: byName },
      { index: 'idn', value: blind('idNumber', p.idNumber), sort: 'p' },
      { index: 'reg', value: p.registration, sort: byName },
      ...(p.gridCode ? [{ index: 'grid', value: p.gridCode, sort: byName }] : []),
      ...(p.phone ? [{ index: 'phone', value: blind('phone', p.phone), sort: byName }] : []),
      ...(p.residence
        ? [{ index: 'bldg', value: p.residence.buildingId, sort: `${p.residence.roomCode}#${byName}` }]
        : []),
      ...p.tags.map((tag) => ({ index: 'tag', value: tag, sort: byName })),
    ];
  },
  uniques: (p, { blind }) => [{ name: 'idn', value: blind('idNumber', p.idNumber), field: 'idNumber' }],
  tallies(p) {
    const add = populationContribution(p);
    const occupancy = Object.fromEntries(Object.entries(add).filter(([k]) => k === 'total' || k.startsWith('reg:')));
    return [
      { dimension: 'tenant', value: 'all', add },
      { dimension: 'grid', value: p.gridCode ?? 'none', add },
      // who lives in each room of a building: the building view colours rooms from these, one Query a building
      ...(p.residence && p.status === 'present'
        ? [{ dimension: `room:${p.residence.buildingId}`, value: p.residence.roomCode, add: occupancy }]
        : []),
    ];
  },
};

/** Households: listed for the tenant (newest first) and by building (by room). */
export const householdRecords: RecordDefinition<Household> = {
  kind: 'HOUSEHOLD',
  label: 'Household',
  indexes: (h) => [
    { index: 'all', value: 'all', sort: h.createdAt },
    { index: 'bldg', value: h.buildingId, sort: h.roomCode },
  ],
};
