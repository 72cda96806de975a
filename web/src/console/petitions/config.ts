import type { KindConfig } from '../process/types';

const CHANNELS = {
  letter: 'petition.channel.letter',
  visit: 'petition.channel.visit',
  online: 'petition.channel.online',
  phone: 'petition.channel.phone',
};
const note = { name: 'note', label: 'proc.field.note', type: 'textarea' } as const;
const reason = { name: 'reason', label: 'proc.field.reason', type: 'textarea', required: true } as const;
const decision = {
  name: 'decision',
  label: 'petition.field.decision',
  type: 'select',
  required: true,
  options: { upheld: 'petition.decision.upheld', revised: 'petition.decision.revised' },
} as const;
const text = { name: 'text', label: 'petition.field.text', type: 'textarea', required: true } as const;

/** 信访 in the console: the worklist (积案 by deadline, the window's reception log by channel) and the file. */
export const petitionConfig: KindConfig = {
  path: 'petitions',
  title: 'nav.petitions',
  newLabel: 'petition.new',
  stepPrefix: 'petition.step',
  summaryField: 'subject',
  peopleField: 'petitioners',
  createRoles: ['tenant_admin', 'dispatcher'],
  filter: { name: 'channel', label: 'petition.field.channel', options: CHANNELS },
  createFields: [
    { name: 'channel', label: 'petition.field.channel', type: 'select', required: true, options: CHANNELS },
    { name: 'subject', label: 'petition.field.subject', type: 'textarea', required: true },
    { name: 'petitioners', label: 'petition.field.petitioners', type: 'parties', required: true },
    { name: 'receivedAt', label: 'petition.field.receivedAt', type: 'datetime' },
    { name: 'ownerName', label: 'petition.field.owner', type: 'text' },
    { name: 'repeated', label: 'petition.field.repeated', type: 'switch' },
    { name: 'lawRelated', label: 'petition.field.lawRelated', type: 'switch' },
  ],
  actions: {
    accept: { label: 'proc.event.accept', fields: [note] },
    decline: { label: 'proc.event.decline', fields: [reason] },
    transfer: {
      label: 'proc.event.transfer',
      fields: [{ name: 'to', label: 'petition.field.transferTo', type: 'text', required: true }, reason],
    },
    assign: {
      label: 'proc.event.assign',
      fields: [
        { name: 'departmentId', label: 'petition.field.department', type: 'department', required: true },
        { name: 'departmentName', label: 'petition.field.departmentName', type: 'text' },
        note,
      ],
    },
    extend: {
      label: 'proc.event.extend',
      fields: [reason, { name: 'days', label: 'petition.field.days', type: 'number', required: true }],
    },
    reply: { label: 'proc.event.reply', fields: [text] },
    requestReview: { label: 'proc.event.requestReview', fields: [reason] },
    review: { label: 'proc.event.review', fields: [decision, text] },
    requestReReview: { label: 'proc.event.requestReReview', fields: [reason] },
    reReview: { label: 'proc.event.reReview', fields: [decision, text] },
    conclude: {
      label: 'proc.event.conclude',
      fields: [
        {
          name: 'satisfaction',
          label: 'proc.field.satisfaction',
          type: 'select',
          options: {
            satisfied: 'proc.satisfaction.satisfied',
            basically_satisfied: 'proc.satisfaction.basically_satisfied',
            dissatisfied: 'proc.satisfaction.dissatisfied',
          },
        },
        note,
      ],
    },
  },
  document: { label: 'petition.printReply', file: 'reply.pdf', when: (r) => r.reply !== undefined },
};
