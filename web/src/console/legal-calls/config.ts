import type { KindConfig } from '../process/types';

const TYPES = Object.fromEntries(
  [
    'marriage',
    'labour',
    'contract',
    'property',
    'injury',
    'neighbourhood',
    'consumer',
    'administrative',
    'criminal',
    'other',
  ].map((k) => [k, `legalCall.type.${k}`]),
);
const TARGETS = {
  mediation: 'legalCall.referral.mediation',
  legalAid: 'legalCall.referral.legalAid',
  petition: 'legalCall.referral.petition',
};

/** The 12348 hotline log in the console: calls by type, the answer, the referral that opens the linked record. */
export const legalCallConfig: KindConfig = {
  path: 'legal-calls',
  title: 'nav.legalCalls',
  newLabel: 'legalCall.new',
  stepPrefix: 'legalCall.step',
  summaryField: 'question',
  createRoles: ['tenant_admin', 'dispatcher'],
  filter: { name: 'questionType', label: 'legalCall.field.questionType', options: TYPES },
  details: [
    { field: 'caller.name', label: 'legalCall.field.caller' },
    { field: 'caller.phone', label: 'proc.field.phone' },
    { field: 'questionType', label: 'legalCall.field.questionType', options: TYPES },
    { field: 'answer', label: 'legalCall.field.answer' },
    { field: 'referral.to', label: 'legalCall.field.referral', options: TARGETS },
    { field: 'referral.recordId', label: 'legalCall.field.linked' },
  ],
  createFields: [
    { name: 'caller.name', label: 'legalCall.field.caller', type: 'text', required: true },
    { name: 'caller.phone', label: 'proc.field.phone', type: 'text' },
    { name: 'questionType', label: 'legalCall.field.questionType', type: 'select', required: true, options: TYPES },
    { name: 'question', label: 'legalCall.field.question', type: 'textarea', required: true },
    { name: 'answer', label: 'legalCall.field.answer', type: 'textarea' },
    { name: 'referral.to', label: 'legalCall.field.referral', type: 'select', options: TARGETS },
    { name: 'referral.respondent', label: 'legalCall.field.respondent', type: 'text' },
    { name: 'gridCode', label: 'proc.grid', type: 'text' },
  ],
  actions: {
    answer: {
      label: 'proc.event.answer',
      fields: [{ name: 'answer', label: 'legalCall.field.answer', type: 'textarea', required: true }],
    },
    refer: {
      label: 'proc.event.refer',
      fields: [
        { name: 'to', label: 'legalCall.field.referral', type: 'select', required: true, options: TARGETS },
        { name: 'respondent', label: 'legalCall.field.respondent', type: 'text' },
        { name: 'answer', label: 'legalCall.field.answer', type: 'textarea' },
        { name: 'note', label: 'proc.field.note', type: 'textarea' },
      ],
    },
  },
};
