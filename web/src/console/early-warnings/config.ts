import type { KindConfig } from '../process/types';

const LEVELS = {
  blue: 'warning.level.blue',
  yellow: 'warning.level.yellow',
  orange: 'warning.level.orange',
  red: 'warning.level.red',
};
const reason = { name: 'reason', label: 'proc.field.reason', type: 'textarea', required: true } as const;

/** 预警 in the console: emergencies first on the worklist (the API orders them), the file, the responders' forms. */
export const earlyWarningConfig: KindConfig = {
  path: 'early-warnings',
  title: 'nav.earlyWarnings',
  newLabel: 'warning.new',
  stepPrefix: 'warning.step',
  summaryField: 'subject',
  createRoles: ['tenant_admin', 'dispatcher', 'grid_worker'],
  filter: { name: 'level', label: 'warning.field.level', options: LEVELS },
  flag: { field: 'emergency', label: 'warning.emergency' },
  details: [
    { field: 'level', label: 'warning.field.level', options: LEVELS },
    { field: 'peopleCount', label: 'warning.field.peopleCount' },
    { field: 'place', label: 'warning.field.place' },
    { field: 'demands', label: 'warning.field.demands' },
    { field: 'emergencyReason', label: 'warning.field.emergencyReason' },
    { field: 'response.lead', label: 'warning.field.lead' },
    { field: 'response.measures', label: 'warning.field.measures' },
  ],
  createFields: [
    { name: 'subject', label: 'warning.field.subject', type: 'textarea', required: true },
    { name: 'peopleCount', label: 'warning.field.peopleCount', type: 'number', required: true },
    { name: 'expectedAt', label: 'warning.field.expectedAt', type: 'datetime' },
    { name: 'place', label: 'warning.field.place', type: 'text', required: true },
    { name: 'demands', label: 'warning.field.demands', type: 'textarea', required: true },
    { name: 'level', label: 'warning.field.level', type: 'select', required: true, options: LEVELS },
    { name: 'emergency', label: 'warning.emergency', type: 'switch' },
    { name: 'analysis', label: 'warning.field.analysis', type: 'textarea' },
    { name: 'gridCode', label: 'proc.grid', type: 'text' },
  ],
  actions: {
    analyse: {
      label: 'proc.event.analyse',
      fields: [{ name: 'notes', label: 'warning.field.analysis', type: 'textarea', required: true }],
    },
    emergency: { label: 'proc.event.emergency', fields: [reason] },
    respond: {
      label: 'proc.event.respond',
      fields: [
        { name: 'lead', label: 'warning.field.lead', type: 'text', required: true },
        { name: 'measures', label: 'warning.field.measures', type: 'textarea', required: true },
      ],
    },
    resolve: {
      label: 'proc.event.resolve',
      fields: [
        {
          name: 'outcome',
          label: 'warning.field.outcome',
          type: 'select',
          required: true,
          options: { defused: 'warning.outcome.defused', occurred: 'warning.outcome.occurred' },
        },
        { name: 'summary', label: 'warning.field.summary', type: 'textarea', required: true },
      ],
    },
    dismiss: { label: 'proc.event.dismiss', fields: [reason] },
  },
};
