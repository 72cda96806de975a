import type { Action, TenantPath } from '@civicgrid/domain';
import type { RouteModule } from '../app';
import type { AppDeps } from '../deps';
import type { StaffActor } from './actor';

/** One column of a module's spreadsheet: the field, its Chinese header, and other headers accepted on import. */
export interface SheetColumn {
  field: string;
  header: string;
  aliases?: readonly string[];
  /** required on import (marked in the template) */
  required?: boolean;
}

/** A problem with one cell of an imported row. */
export interface RowProblem {
  field: string;
  message: string;
}

/** A row that passed validation: its natural key (idempotent re-import) and the module's input. */
export type ParsedRow = { ok: true; key: string; input: unknown } | { ok: false; problems: RowProblem[] };

/** How a module imports rows: prepared once per file, then chunk by chunk. */
export interface RowImporter {
  parse(cells: Record<string, string>): ParsedRow;
  /** which of these keys are stored already (one batched read per chunk) */
  existing(keys: readonly string[]): Promise<Set<string>>;
  /** save valid rows not on record yet; one outcome per input, in order (a problem names its field) */
  saveAll(inputs: readonly unknown[]): Promise<('added' | 'skipped' | RowProblem)[]>;
}

/** A module's records as spreadsheets: import (optional) and export, each behind a permission. */
export interface SheetEntity {
  /** the `entity` of `/api/imports` and `/api/exports/{entity}` */
  entity: string;
  columns: readonly SheetColumn[];
  readPermission: Action;
  /** callers holding it export clear values (and the export is logged); others get masks */
  revealPermission?: Action;
  importPermission?: Action;
  /** an importer for one tenant, acting as `actor` (the service checks scope as for any write) */
  importer?(deps: AppDeps, path: TenantPath, actor: StaffActor): Promise<RowImporter>;
  /** the export's rows, page by page (at most `maxRows`) */
  exportRows(
    deps: AppDeps,
    path: TenantPath,
    actor: StaffActor,
    options: { reveal: boolean; maxRows: number },
  ): AsyncIterable<Record<string, string>>;
}

/**
 * A module of the product (people, places, organisations, disputes …): its routes and, optionally, its
 * spreadsheets. Adding a module is one line in `modules/index.ts`.
 */
export interface ApiModule {
  name: string;
  routes: RouteModule;
  sheets?: readonly SheetEntity[];
  /** what the module adds to the generic routes of a process kind (`/api/<kind.path>`), by kind */
  processHooks?: Readonly<Record<string, ProcessHooks>>;
}

/** A module's additions to a process kind's generic routes (the routes themselves are written once). */
export interface ProcessHooks {
  /**
   * Before a record is created: check references and return events carried over into its trail (an incident
   * converted into a dispute keeps its trail).
   */
  beforeCreate?(
    deps: AppDeps,
    path: TenantPath,
    input: unknown,
  ): Promise<{ trail?: import('@civicgrid/domain').ProcessEvent[] }>;
  /**
   * Before an action: rules that need I/O (the mediator belongs to a configured committee, the department
   * exists); throw to refuse, or return the body completed from the store (the department's name).
   */
  beforeAction?(deps: AppDeps, path: TenantPath, action: string, body: unknown): Promise<unknown | undefined>;
  /**
   * After an action is stored: what follows from it in another module (a dispute transferred to 信访 opens the
   * petition file); returns the record as it is then (linked), or undefined when nothing followed.
   */
  afterAction?(
    deps: AppDeps,
    path: TenantPath,
    action: string,
    record: import('@civicgrid/domain').ProcessRecord,
    actor: StaffActor,
  ): Promise<import('@civicgrid/domain').ProcessRecord | undefined>;
}
