import type { KindConfig } from '../process/types';

/** 任务 in the console: the centre assigns work to grid workers with a due time (the engine escalates). */
export const taskConfig: KindConfig = {
  path: 'tasks',
  title: 'nav.tasks',
  newLabel: 'task.new',
  stepPrefix: 'task.step',
  summaryField: 'title',
  peopleField: 'people',
  createRoles: ['tenant_admin', 'dispatcher'],
  filter: {
    name: 'taskType',
    label: 'task.field.taskType',
    options: { visit: 'task.type.visit', verify: 'task.type.verify', inspect: 'task.type.inspect' },
  },
  createFields: [
    { name: 'title', label: 'task.field.title', type: 'text', required: true },
    {
      name: 'taskType',
      label: 'task.field.taskType',
      type: 'select',
      required: true,
      options: { visit: 'task.type.visit', verify: 'task.type.verify', inspect: 'task.type.inspect' },
    },
    { name: 'assigneeId', label: 'task.field.assignee', type: 'worker', required: true },
    { name: 'dueAt', label: 'task.field.dueAt', type: 'datetime', required: true },
    { name: 'gridCode', label: 'proc.grid', type: 'grid' },
    { name: 'note', label: 'proc.field.note', type: 'textarea' },
  ],
  actions: {
    done: { label: 'task.action.done', fields: [{ name: 'result', label: 'task.field.result', type: 'textarea' }] },
    cancel: {
      label: 'task.action.cancel',
      fields: [{ name: 'reason', label: 'proc.field.reason', type: 'textarea', required: true }],
    },
  },
};
