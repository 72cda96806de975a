import * as z from 'zod';
import { ConflictError } from '../errors';
import { actionsOf, type ProcessKind } from '../process/engine';
import { entityIdSchema, optionalText, requiredText } from '../schemas/common';

/**
 * 任务: work the centre gives a grid worker ("visit these N people", "verify these records", "check this 部件"),
 * due at an instant, on the process engine: the workflow escalates a task not done by then.
 */

export const taskTypes = ['visit', 'verify', 'inspect'] as const;
export const taskSubjectKinds = ['person', 'household', 'organisation', 'case', 'thing'] as const;

const subjectSchema = z.object({
  kind: z.enum(taskSubjectKinds, { error: 'subject kind is person, household, organisation, case or thing' }),
  id: entityIdSchema,
  label: optionalText('subjects.label', 100),
  gridCode: z
    .string()
    .regex(/^\d{15}$/, { error: 'gridCode has 15 digits' })
    .optional(),
});

export const taskInputSchema = z.object({
  title: requiredText('title', 200),
  taskType: z.enum(taskTypes, { error: 'taskType is visit, verify or inspect' }).default('visit'),
  assigneeId: entityIdSchema,
  dueAt: z.iso.datetime({ offset: true, error: 'dueAt must be an ISO 8601 instant' }),
  subjects: z.array(subjectSchema).max(200, { error: 'at most 200 subjects' }).optional(),
  gridCode: z
    .string()
    .regex(/^\d{15}$/, { error: 'gridCode has 15 digits' })
    .optional(),
  note: optionalText('note', 1000),
});

export type TaskInput = z.infer<typeof taskInputSchema>;

/** `POST /api/tasks/spread`: one task per grid worker for the subjects in their grids. */
export const taskSpreadSchema = taskInputSchema.omit({ assigneeId: true, gridCode: true }).extend({
  subjects: z
    .array(subjectSchema.required({ gridCode: true }), { error: 'subjects must be a list' })
    .min(1, { error: 'subjects needs at least one subject' })
    .max(200, { error: 'at most 200 subjects' }),
});

export interface TaskData {
  title: string;
  taskType: (typeof taskTypes)[number];
  assigneeId: string;
  dueAt: string;
  subjects: { kind: string; id: string; label?: string; gridCode?: string }[];
  /** subject ids done (a visit recorded with `taskId`, or `progress`) */
  doneSubjects: string[];
  visitIds: string[];
  note?: string;
  result?: string;
}

const act = actionsOf<TaskData>();

/** Only the assignee works a task (the centre may stand in: its roles grant `task.assign`). */
function assigneeOnly(data: TaskData, ctx: { actor: { userId: string; roles: readonly string[] } }) {
  const centre = ctx.actor.roles.some((r) => r === 'dispatcher' || r === 'tenant_admin');
  if (!centre && ctx.actor.userId !== data.assigneeId) {
    return { path: 'assigneeId', message: 'only the assignee works this task' };
  }
  return undefined;
}

export const fieldTaskKind: ProcessKind<TaskData, TaskInput> = {
  kind: 'fieldtask',
  label: 'Task',
  labelZh: '任务',
  path: 'tasks',
  operationNouns: { one: 'Task', many: 'Tasks' },
  numberPrefix: 'RW',
  filters: ['assigneeId'],
  // a grid worker reads and works the tasks given to them, no other worker's
  audience: { assignee: 'assigneeId' },
  steps: {
    assigned: { label: '待办' },
    done: { label: '已完成', terminal: true },
    cancelled: { label: '已撤销', terminal: true },
  },
  // the deadline is the task's own `dueAt` (create passes it); the value is only the default window
  clocks: { due: { label: '完成时限', unit: 'naturalHours', value: 24 } },
  input: taskInputSchema,
  permissions: { create: 'task.assign', read: 'task.read' },
  create: (input) => ({
    step: 'assigned',
    data: {
      title: input.title,
      taskType: input.taskType,
      assigneeId: input.assigneeId,
      dueAt: new Date(input.dueAt).toISOString(),
      subjects: input.subjects ?? [],
      doneSubjects: [],
      visitIds: [],
      ...(input.note ? { note: input.note } : {}),
    },
    ...(input.gridCode ? { gridCode: input.gridCode } : {}),
    clock: { name: 'due', until: new Date(input.dueAt).toISOString() },
  }),
  actions: {
    progress: act({
      label: '登记进度',
      from: ['assigned'],
      permission: 'task.work',
      body: z.object({ subjectId: entityIdSchema, visitId: entityIdSchema.optional() }),
      to: 'assigned',
      guard: (r, b, ctx) =>
        assigneeOnly(r.data, ctx) ??
        (r.data.subjects.length > 0 && !r.data.subjects.some((s) => s.id === b.subjectId)
          ? { path: 'subjectId', message: 'is not a subject of this task' }
          : undefined),
      apply: (d, b) => ({
        ...d,
        doneSubjects: d.doneSubjects.includes(b.subjectId) ? d.doneSubjects : [...d.doneSubjects, b.subjectId],
        visitIds: b.visitId && !d.visitIds.includes(b.visitId) ? [...d.visitIds, b.visitId] : d.visitIds,
      }),
    }),
    done: act({
      label: '完成',
      from: ['assigned'],
      permission: 'task.work',
      body: z.object({ result: optionalText('result', 1000) }),
      to: 'done',
      guard: (r, _b, ctx) => {
        const who = assigneeOnly(r.data, ctx);
        if (who) return who;
        const open = r.data.subjects.filter((s) => !r.data.doneSubjects.includes(s.id));
        return open.length > 0
          ? { path: 'subjects', message: `${open.length} of ${r.data.subjects.length} subjects not done yet` }
          : undefined;
      },
      apply: (d, b) => ({ ...d, ...(b.result ? { result: b.result } : {}) }),
      note: (b) => b.result,
    }),
    cancel: act({
      label: '撤销',
      from: ['assigned'],
      permission: 'task.assign',
      body: z.object({ reason: requiredText('reason', 500) }),
      to: 'cancelled',
      note: (b) => b.reason,
    }),
  },
  counters: (r) => ({
    add: {
      subjects: r.data.subjects.length,
      subjectsDone: r.data.doneSubjects.length,
      tasksDone: r.step === 'done' ? 1 : 0,
      tasksDoneOnTime: r.step === 'done' && r.finishedOnTime === true ? 1 : 0,
    },
    by: [{ dimension: 'assignee', value: r.data.assigneeId }],
  }),
};

/** Spread subjects over the workers of their grids: grid code → the subjects, in input order. */
export function subjectsByGrid<S extends { gridCode: string }>(subjects: readonly S[]): Map<string, S[]> {
  const out = new Map<string, S[]>();
  for (const s of subjects) out.set(s.gridCode, [...(out.get(s.gridCode) ?? []), s]);
  return out;
}

/** 409 when a grid has no grid worker to take its subjects. */
export function noWorkerFor(gridCode: string): ConflictError {
  return new ConflictError(`No grid worker holds grid ${gridCode}`, 'no_grid_worker');
}
