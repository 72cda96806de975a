import type { Role } from '../types';

/** One field of an action or create form, as data: the form on the desktop and on a mediator's phone. */
export interface FieldSpec {
  name: string;
  /** i18n key of the label */
  label: string;
  /**
   * `grid`: one of the tenant's grids (a grid worker's own); `department`: one of the tenant's departments;
   * `worker`: one of the tenant's grid workers
   */
  type:
    | 'text'
    | 'textarea'
    | 'select'
    | 'datetime'
    | 'number'
    | 'tags'
    | 'switch'
    | 'parties'
    | 'grid'
    | 'department'
    | 'worker';
  required?: boolean;
  /** select options: value → i18n key (with `tags`: a choice of several of them) */
  options?: Record<string, string>;
}

/** How the console shows one kind of process record (the API and the engine are the same for all). */
export interface KindConfig {
  /** `/api/<path>` and the console route `/<path>` */
  path: string;
  /** i18n keys */
  title: string;
  newLabel: string;
  /** i18n key prefix of the step names: `<stepPrefix>.<step>` */
  stepPrefix: string;
  /** the field shown as the record's one-line summary */
  summaryField: string;
  /** the people on the file: disputes' `parties`, petitions' `petitioners` (none: no people table) */
  peopleField?: string;
  /** more fields of the record shown on the file (a dotted path for a nested one: `caller.name`) */
  details?: Array<{ field: string; label: string; options?: Record<string, string> }>;
  /** a field that, when true, marks the record in red on the worklist and the file (an emergency warning) */
  flag?: { field: string; label: string };
  createFields: FieldSpec[];
  actions: Record<string, { label: string; fields: FieldSpec[] }>;
  /** the printable document, when the record has one at this step */
  document?: { label: string; file: string; when: (record: ProcessRecordView) => boolean };
  createRoles: Role[];
  /** the kind's KPI endpoint (`?from=&to=` months) and what the worklist's card shows of it */
  stats?: { path: string; counts: string[]; rates: string[] };
  /** a grid worker sees the records of their own grids only: their worklist names one of their grids */
  gridAudience?: boolean;
  /** filter of the worklist by one of the kind's fields */
  filter?: { name: string; label: string; options: Record<string, string> };
}

export interface ProcessEventView {
  type: string;
  at: string;
  actor: string;
  actorName?: string;
  from?: string;
  to?: string;
  note?: string;
}

export interface ProcessRecordView {
  id: string;
  step: string;
  version: number;
  deadline?: string;
  clockLabel?: string;
  overdue: boolean;
  escalations: number;
  createdAt: string;
  finishedAt?: string;
  finishedOnTime?: boolean;
  gridCode?: string;
  events?: ProcessEventView[];
  actions?: string[];
  [field: string]: unknown;
}
