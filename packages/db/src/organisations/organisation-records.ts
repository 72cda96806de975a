import { type Employment, type Organisation, organisationContribution } from '@civicgrid/domain';
import type { RecordDefinition } from '../records/record-repository';

/** Tally kind of the organisation counters (`PK=<path>TALLY#ORG`). */
export const ORGANISATION_TALLY = 'ORG';

/**
 * Organisations: lists by name (all), grid, kind, and the credit code (exact lookup); the credit code is unique
 * per tenant; counters by grid and for the whole tenant (kind, status, cultivation stage).
 */
export const organisationRecords: RecordDefinition<Organisation> = {
  kind: 'ORG',
  label: 'Organisation',
  indexes: (o) => [
    { index: 'all', value: 'all', sort: o.name },
    { index: 'grid', value: o.gridCode, sort: o.name },
    { index: 'kind', value: o.kind, sort: o.name },
    { index: 'code', value: o.creditCode, sort: 'o' },
  ],
  uniques: (o) => [{ name: 'code', value: o.creditCode, field: 'creditCode' }],
  tallies(o) {
    const add = organisationContribution(o);
    return [
      { dimension: 'tenant', value: 'all', add },
      { dimension: 'grid', value: o.gridCode, add },
    ];
  },
};

/** Employments: a person's workplace, listed under the organisation (by name) and under the person. */
export const employmentRecords: RecordDefinition<Employment> = {
  kind: 'EMPLOYMENT',
  label: 'Employment',
  indexes: (e) => [
    { index: 'org', value: e.organisationId, sort: e.personName },
    { index: 'person', value: e.personId, sort: e.organisationName },
  ],
  uniques: (e) => [{ name: 'pair', value: `${e.organisationId}|${e.personId}`, field: 'personId' }],
};
