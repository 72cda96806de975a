/**
 * Operator commands against the embedded runtime's store (stop `npm start` first: one process per data directory).
 *
 *   npm run admin -- reset-password [--email <e-mail>] [--password <new password>]
 *
 * The e-mail defaults to CIVICGRID_ADMIN_EMAIL (else admin@civicgrid.local), the data directory to
 * CIVICGRID_DATA_DIR (else ./.civicgrid). Without --password a new one is generated and printed once. The account
 * is reactivated, its failed logins cleared and its sessions ended.
 */
import { parseArgs } from 'node:util';
import { resetAccountPassword } from '@civicgrid/api';
import { createDynamo, ensureTable } from '@civicgrid/db';
import {
  acquireDataDirLock,
  DYNAMODB_LOCAL_CREDENTIALS,
  DYNAMODB_LOCAL_REGION,
  prepareDataDir,
  startDynamoDbLocal,
  TABLE_NAME,
} from '@civicgrid/local';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { email: { type: 'string' }, password: { type: 'string' } },
});
const command = positionals[0];
if (command !== 'reset-password') {
  console.error('usage: npm run admin -- reset-password [--email <e-mail>] [--password <new password>]');
  process.exit(2);
}
if (values.password !== undefined && values.password.length < 10) {
  console.error('civicgrid admin: --password must be at least 10 characters');
  process.exit(2);
}
const email = values.email ?? process.env.CIVICGRID_ADMIN_EMAIL ?? 'admin@civicgrid.local';
let exitCode = 0;
try {
  const dataDir = prepareDataDir(process.env.CIVICGRID_DATA_DIR || './.civicgrid');
  const lock = acquireDataDirLock(dataDir, 0); // refuses while a runtime uses the directory
  const dynamo = await startDynamoDbLocal({ dataDir });
  try {
    const { client, doc } = createDynamo({
      endpoint: dynamo.endpoint,
      region: DYNAMODB_LOCAL_REGION,
      credentials: DYNAMODB_LOCAL_CREDENTIALS,
    });
    await ensureTable(client, TABLE_NAME);
    const result = await resetAccountPassword({ doc, tableName: TABLE_NAME }, email, values.password);
    console.log(`civicgrid admin: password of ${result.email} reset; all its sessions ended`);
    if (result.generated) console.log(`civicgrid admin: new password (shown once): ${result.password}`);
    client.destroy();
  } finally {
    await dynamo.stop();
    lock.release();
  }
} catch (error) {
  console.error(`civicgrid admin: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
}
process.exit(exitCode);
