import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (infra/src/config → ../../..). */
export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The ONE incident workflow definition, shared with the embedded runtime (see docs/architecture.md). */
export const WORKFLOW_DEFINITION_PATH = join(
  REPOSITORY_ROOT,
  'packages',
  'workflow',
  'src',
  'incident-workflow.asl.json',
);

/** Folder holding the Lambda entry points. */
export const FUNCTIONS_SOURCE_DIR = join(REPOSITORY_ROOT, 'functions', 'src');

/** The built SPA, deployed by WebStack when present. */
export const WEB_DIST_DIR = join(REPOSITORY_ROOT, 'web', 'dist');

/** The lock file NodejsFunction hashes and bundles against (npm workspaces: one lock at the root). */
export const LOCK_FILE_PATH = join(REPOSITORY_ROOT, 'package-lock.json');
