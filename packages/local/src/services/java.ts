import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { StartupError } from '../errors';

export const JAVA_MISSING = 'Java 17+ is required for DynamoDB Local: install openjdk-17-jre-headless';

/** The `java` executable on PATH, or a StartupError saying how to get one. */
export function findJava(path = process.env.PATH ?? ''): string {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'java');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new StartupError(JAVA_MISSING);
}
