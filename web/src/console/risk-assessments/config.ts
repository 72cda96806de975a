import type { KindConfig } from '../process/types';

const LEVELS = { high: 'assessment.level.high', medium: 'assessment.level.medium', low: 'assessment.level.low' };
const METHODS = {
  survey: 'assessment.method.survey',
  hearing: 'assessment.method.hearing',
  interview: 'assessment.method.interview',
  symposium: 'assessment.method.symposium',
  publicNotice: 'assessment.method.publicNotice',
};
const score = (name: string) => ({ name, label: `assessment.field.${name}`, type: 'number', required: true }) as const;
const finding = (name: string) =>
  ({ name: `findings.${name}`, label: `assessment.findings.${name}`, type: 'textarea' }) as const;

/** 社会稳定风险评估 in the console: the worklist by level, the file, the assessors' and the decision body's forms. */
export const riskAssessmentConfig: KindConfig = {
  path: 'risk-assessments',
  title: 'nav.riskAssessments',
  newLabel: 'assessment.new',
  stepPrefix: 'assessment.step',
  summaryField: 'project',
  createRoles: ['tenant_admin', 'dispatcher'],
  filter: { name: 'level', label: 'assessment.field.level', options: LEVELS },
  details: [
    { field: 'decisionBody', label: 'assessment.field.decisionBody' },
    { field: 'level', label: 'assessment.field.level', options: LEVELS },
    { field: 'derivedLevel', label: 'assessment.field.derivedLevel', options: LEVELS },
    { field: 'levelReason', label: 'assessment.field.levelReason' },
    { field: 'opinionsFor', label: 'assessment.field.for' },
    { field: 'opinionsAgainst', label: 'assessment.field.against' },
    { field: 'scores.legality', label: 'assessment.field.legality' },
    { field: 'scores.reasonableness', label: 'assessment.field.reasonableness' },
    { field: 'scores.feasibility', label: 'assessment.field.feasibility' },
    { field: 'scores.controllability', label: 'assessment.field.controllability' },
  ],
  createFields: [
    { name: 'project', label: 'assessment.field.project', type: 'text', required: true },
    { name: 'decisionBody', label: 'assessment.field.decisionBody', type: 'text', required: true },
    { name: 'summary', label: 'assessment.field.summary', type: 'textarea' },
    { name: 'ownerName', label: 'assessment.field.owner', type: 'text' },
    { name: 'gridCode', label: 'proc.grid', type: 'text' },
  ],
  actions: {
    plan: {
      label: 'proc.event.plan',
      fields: [
        { name: 'scope', label: 'assessment.field.scope', type: 'textarea', required: true },
        { name: 'methods', label: 'assessment.field.methods', type: 'tags', required: true, options: METHODS },
        { name: 'team', label: 'assessment.field.team', type: 'text' },
      ],
    },
    consult: {
      label: 'proc.event.consult',
      fields: [
        { name: 'method', label: 'assessment.field.method', type: 'select', required: true, options: METHODS },
        { name: 'at', label: 'assessment.field.at', type: 'datetime', required: true },
        { name: 'participants', label: 'assessment.field.participants', type: 'number', required: true },
        { name: 'for', label: 'assessment.field.for', type: 'number', required: true },
        { name: 'against', label: 'assessment.field.against', type: 'number', required: true },
        { name: 'summary', label: 'assessment.field.opinions', type: 'textarea', required: true },
      ],
    },
    assess: {
      label: 'proc.event.assess',
      fields: [
        score('legality'),
        finding('legality'),
        score('reasonableness'),
        finding('reasonableness'),
        score('feasibility'),
        finding('feasibility'),
        score('controllability'),
        finding('controllability'),
        { name: 'level', label: 'assessment.field.overrideLevel', type: 'select', options: LEVELS },
        { name: 'levelReason', label: 'assessment.field.levelReason', type: 'textarea' },
        { name: 'conclusion', label: 'assessment.field.conclusion', type: 'textarea' },
      ],
    },
    decide: {
      label: 'proc.event.decide',
      fields: [
        {
          name: 'decision',
          label: 'assessment.field.decision',
          type: 'select',
          required: true,
          options: {
            implement: 'assessment.decision.implement',
            withMeasures: 'assessment.decision.withMeasures',
            postpone: 'assessment.decision.postpone',
            drop: 'assessment.decision.drop',
          },
        },
        { name: 'reason', label: 'proc.field.reason', type: 'textarea' },
      ],
    },
    track: {
      label: 'proc.event.track',
      fields: [
        { name: 'measure', label: 'assessment.field.measure', type: 'number', required: true },
        {
          name: 'status',
          label: 'assessment.field.status',
          type: 'select',
          required: true,
          options: { inProgress: 'assessment.status.inProgress', done: 'assessment.status.done' },
        },
        { name: 'note', label: 'proc.field.note', type: 'textarea', required: true },
      ],
    },
  },
  document: { label: 'assessment.printReport', file: 'report.pdf', when: (r) => r.level !== undefined },
};
