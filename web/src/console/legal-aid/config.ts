import type { KindConfig } from '../process/types';

const LEVELS = {
  district: 'legalAid.level.district',
  street: 'legalAid.level.street',
  community: 'legalAid.level.community',
};
const satisfaction = {
  satisfied: 'proc.satisfaction.satisfied',
  basically_satisfied: 'proc.satisfaction.basically_satisfied',
  dissatisfied: 'proc.satisfaction.dissatisfied',
};

/** 法律援助 in the console: applications routed district → street → community → lawyer, with their limits. */
export const legalAidConfig: KindConfig = {
  path: 'legal-aid',
  title: 'nav.legalAid',
  newLabel: 'legalAid.new',
  stepPrefix: 'legalAid.step',
  summaryField: 'matter',
  createRoles: ['tenant_admin', 'dispatcher'],
  filter: { name: 'level', label: 'legalAid.field.level', options: LEVELS },
  details: [
    { field: 'applicant.name', label: 'legalAid.field.applicant' },
    { field: 'applicant.phone', label: 'proc.field.phone' },
    { field: 'level', label: 'legalAid.field.level', options: LEVELS },
    { field: 'eligibility.lowIncome', label: 'legalAid.field.lowIncome' },
    { field: 'eligibility.facts', label: 'legalAid.field.facts' },
    { field: 'lawyer.name', label: 'legalAid.field.lawyer' },
    { field: 'lawyer.firm', label: 'legalAid.field.firm' },
    { field: 'callId', label: 'legalAid.field.callId' },
  ],
  createFields: [
    { name: 'applicant.name', label: 'legalAid.field.applicant', type: 'text', required: true },
    { name: 'applicant.phone', label: 'proc.field.phone', type: 'text' },
    { name: 'matter', label: 'legalAid.field.matter', type: 'textarea', required: true },
    { name: 'eligibility.lowIncome', label: 'legalAid.field.lowIncome', type: 'switch' },
    { name: 'eligibility.facts', label: 'legalAid.field.facts', type: 'textarea' },
    { name: 'level', label: 'legalAid.field.level', type: 'select', options: LEVELS },
    { name: 'gridCode', label: 'proc.grid', type: 'text' },
  ],
  actions: {
    route: {
      label: 'proc.event.route',
      fields: [
        {
          name: 'to',
          label: 'legalAid.field.routeTo',
          type: 'select',
          required: true,
          options: { street: 'legalAid.level.street', community: 'legalAid.level.community' },
        },
        { name: 'unit', label: 'legalAid.field.unit', type: 'text' },
        { name: 'note', label: 'proc.field.note', type: 'textarea' },
      ],
    },
    accept: { label: 'proc.event.accept', fields: [{ name: 'note', label: 'proc.field.note', type: 'textarea' }] },
    decline: {
      label: 'proc.event.decline',
      fields: [{ name: 'reason', label: 'proc.field.reason', type: 'textarea', required: true }],
    },
    assign: {
      label: 'proc.event.assignLawyer',
      fields: [
        { name: 'assignee', label: 'legalAid.field.lawyer', type: 'text', required: true },
        { name: 'firm', label: 'legalAid.field.firm', type: 'text' },
      ],
    },
    conclude: {
      label: 'proc.event.closeCase',
      fields: [
        {
          name: 'result',
          label: 'legalAid.field.result',
          type: 'select',
          required: true,
          options: {
            won: 'legalAid.result.won',
            partly: 'legalAid.result.partly',
            mediated: 'legalAid.result.mediated',
            lost: 'legalAid.result.lost',
            withdrawn: 'legalAid.result.withdrawn',
          },
        },
        { name: 'summary', label: 'legalAid.field.summary', type: 'textarea', required: true },
      ],
    },
    followUp: {
      label: 'proc.event.followUp',
      fields: [
        {
          name: 'channel',
          label: 'proc.field.channel',
          type: 'select',
          required: true,
          options: { phone: 'proc.followUp.phone', visit: 'proc.followUp.visit', sms: 'proc.followUp.sms' },
        },
        {
          name: 'satisfaction',
          label: 'proc.field.satisfaction',
          type: 'select',
          required: true,
          options: satisfaction,
        },
        { name: 'note', label: 'proc.field.note', type: 'textarea' },
      ],
    },
  },
};
