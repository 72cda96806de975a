/**
 * `npm run gen:client`: the console's typed API client, generated from the OpenAPI document (openapi-typescript).
 * Writes web/src/console/api-schema.d.ts; test/api/openapi-client.test.ts fails when the checked-in file is not
 * what this generates (run it after changing a route, a body or a response schema).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '@civicgrid/api';
import openapiTS, { astToString } from 'openapi-typescript';

export const CLIENT_SCHEMA_FILE = fileURLToPath(new URL('../web/src/console/api-schema.d.ts', import.meta.url));

const HEADER = `/**
 * Generated from /openapi.json by \`npm run gen:client\` (openapi-typescript) — do not edit by hand.
 * The console's API types; test/api/openapi-client.test.ts fails when this file is stale.
 */

`;

/** The generated types of the current document, as the file must read. */
export async function renderClientSchema(): Promise<string> {
  const document = await buildOpenApiDocument();
  // biome-ignore lint/suspicious/noExplicitAny: openapi-typescript takes the document as a plain object
  const ast = await openapiTS(document as any, { silent: true });
  return HEADER + astToString(ast);
}

/** The checked-in file (empty when there is none). */
export async function checkedInClientSchema(): Promise<string> {
  return readFile(CLIENT_SCHEMA_FILE, 'utf8').catch(() => '');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(CLIENT_SCHEMA_FILE, await renderClientSchema());
  console.log(`wrote ${CLIENT_SCHEMA_FILE}`);
}
