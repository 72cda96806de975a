import type { KindConfig } from '../process/types';

const KINDS = {
  neighbourhood: 'dispute.kind.neighbourhood',
  family: 'dispute.kind.family',
  property: 'dispute.kind.property',
  labour: 'dispute.kind.labour',
  land: 'dispute.kind.land',
  compensation: 'dispute.kind.compensation',
  other: 'dispute.kind.other',
};

/** 矛盾纠纷 in the console: the worklist, the file and the mediator's forms. */
export const disputeConfig: KindConfig = {
  path: 'disputes',
  title: 'nav.disputes',
  newLabel: 'dispute.new',
  stepPrefix: 'dispute.step',
  summaryField: 'summary',
  peopleField: 'parties',
  createRoles: ['tenant_admin', 'dispatcher', 'grid_worker'],
  gridAudience: true,
  filter: { name: 'kind', label: 'dispute.field.kind', options: KINDS },
  createFields: [
    { name: 'kind', label: 'dispute.field.kind', type: 'select', required: true, options: KINDS },
    {
      name: 'source',
      label: 'dispute.field.source',
      type: 'select',
      required: true,
      options: {
        patrol: 'dispute.source.patrol',
        visit: 'dispute.source.visit',
        hotline: 'dispute.source.hotline',
        court: 'dispute.source.court',
        police: 'dispute.source.police',
      },
    },
    { name: 'summary', label: 'dispute.field.summary', type: 'textarea', required: true },
    {
      name: 'parties',
      label: 'dispute.field.parties',
      type: 'parties',
      required: true,
      options: {
        applicant: 'proc.role.applicant',
        respondent: 'proc.role.respondent',
        third_party: 'proc.role.third_party',
      },
    },
    { name: 'amount', label: 'dispute.field.amount', type: 'number' },
    {
      name: 'risk',
      label: 'dispute.field.risk',
      type: 'select',
      options: { low: 'dispute.risk.low', medium: 'dispute.risk.medium', high: 'dispute.risk.high' },
    },
    { name: 'gridCode', label: 'proc.grid', type: 'grid' },
  ],
  actions: {
    accept: { label: 'proc.event.accept', fields: [{ name: 'note', label: 'proc.field.note', type: 'textarea' }] },
    mediate: {
      label: 'proc.event.mediate',
      fields: [
        { name: 'at', label: 'dispute.field.at', type: 'datetime', required: true },
        { name: 'committee', label: 'dispute.field.committee', type: 'text', required: true },
        {
          name: 'committeeType',
          label: 'dispute.field.committeeType',
          type: 'select',
          options: {
            people: 'dispute.committee.people',
            administrative: 'dispute.committee.administrative',
            judicial: 'dispute.committee.judicial',
          },
        },
        { name: 'mediator', label: 'dispute.field.mediator', type: 'text', required: true },
        { name: 'attendees', label: 'dispute.field.attendees', type: 'tags' },
        { name: 'record', label: 'dispute.field.record', type: 'textarea', required: true },
      ],
    },
    agree: {
      label: 'proc.event.agree',
      fields: [
        { name: 'terms', label: 'dispute.field.terms', type: 'textarea', required: true },
        { name: 'confirmedBy', label: 'dispute.field.confirmedBy', type: 'tags', required: true },
      ],
    },
    fail: {
      label: 'proc.event.fail',
      fields: [{ name: 'reason', label: 'proc.field.reason', type: 'textarea', required: true }],
    },
    transfer: {
      label: 'proc.event.transfer',
      fields: [
        {
          name: 'to',
          label: 'dispute.field.transferTo',
          type: 'select',
          required: true,
          options: {
            litigation: 'dispute.transfer.litigation',
            arbitration: 'dispute.transfer.arbitration',
            petition: 'dispute.transfer.petition',
          },
        },
        { name: 'guidance', label: 'dispute.field.guidance', type: 'textarea', required: true },
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
        { name: 'performed', label: 'dispute.field.performed', type: 'switch' },
        {
          name: 'satisfaction',
          label: 'proc.field.satisfaction',
          type: 'select',
          required: true,
          options: {
            satisfied: 'proc.satisfaction.satisfied',
            basically_satisfied: 'proc.satisfaction.basically_satisfied',
            dissatisfied: 'proc.satisfaction.dissatisfied',
          },
        },
        { name: 'note', label: 'proc.field.note', type: 'textarea' },
      ],
    },
  },
  document: {
    label: 'dispute.printAgreement',
    file: 'agreement.pdf',
    when: (r) => r.agreement !== undefined,
  },
};
