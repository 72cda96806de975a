import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of the one process state machine (every kind, incidents included) (ASL JSON with `${Name}` placeholders), for CDK's `fromFile`. */
export const DEFINITION_PATH = fileURLToPath(new URL('./incident-workflow.asl.json', import.meta.url));

/** The Lambda functions the definition invokes: each names a `${Placeholder}` that must be substituted. */
export const TASK_FUNCTIONS = [
  'PrepareFunctionArn',
  'AwaitActionFunctionArn',
  'EscalateFunctionArn',
  // the error handler (Catch States.ALL → mark the case workflowError) and continue-as-new before the 1-year limit
  'MaintenanceFunctionArn',
] as const;

/** The placeholder naming one task function. */
export type TaskFunction = (typeof TASK_FUNCTIONS)[number];

/**
 * Every placeholder in the definition. `Partition` is in the service-integration ARNs
 * (`arn:${Partition}:states:::lambda:invoke`) because the China regions run in the `aws-cn` partition and Step
 * Functions refuses a resource of another partition at run time (aws/aws-cdk#4597).
 */
export const DEFINITION_PLACEHOLDERS = ['Partition', ...TASK_FUNCTIONS] as const;

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

/**
 * Returns the definition with every `${Name}` replaced by `substitutions[Name]` (`Partition` defaults to `aws`).
 * Throws when a placeholder has no value, so nothing half-substituted reaches a state machine.
 */
export function loadDefinition(substitutions: Record<string, string>): string {
  const values: Record<string, string> = { Partition: 'aws', ...substitutions };
  const text = readFileSync(DEFINITION_PATH, 'utf8');
  const missing = new Set<string>();
  const substituted = text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      missing.add(name);
      return whole;
    }
    // The placeholders sit inside JSON strings: escape the value as a JSON string body.
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size > 0) {
    throw new Error(`Workflow definition placeholders without a value: ${[...missing].join(', ')}`);
  }
  return substituted;
}
