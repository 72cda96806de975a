import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, expect, test } from 'vitest';
import { DYNAMODB_LOCAL_CREDENTIALS, type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local';

// Each JVM start costs ~3 s: two data directories, started side by side, each restarted once.
const root = mkdtempSync(join(tmpdir(), 'civicgrid-ddb-'));
const dirA = join(root, 'a');
const dirB = join(root, 'b');
const running: DynamoDbLocal[] = [];
afterAll(async () => {
  await Promise.all(running.map((instance) => instance.stop()));
  rmSync(root, { recursive: true, force: true });
});

async function start(dataDir: string): Promise<{ instance: DynamoDbLocal; client: DynamoDBClient }> {
  const instance = await startDynamoDbLocal({ dataDir, quickStart: true });
  running.push(instance);
  // Another region and key than the runtime's own: -sharedDb must make them irrelevant.
  const client = new DynamoDBClient({
    endpoint: instance.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'other', secretAccessKey: 'other' },
    maxAttempts: 1,
  });
  return { instance, client };
}

async function stop(instance: DynamoDbLocal): Promise<void> {
  running.splice(running.indexOf(instance), 1);
  await instance.stop();
}

async function createTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
    }),
  );
}

/** True when no live (non-zombie) process remains in the group; killed orphans may linger as zombies here. */
function processGone(pgid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // fields after the parenthesised command: state ppid pgrp …
      const [state, , pgrp] = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') return false;
    } catch {
      // exited while we looked
    }
  }
  return true;
}

test('two data directories side by side; a write survives a stop, acknowledged writes survive SIGKILL', async () => {
  const [a, b] = await Promise.all([start(dirA), start(dirB)]);
  expect(a.instance.endpoint).not.toBe(b.instance.endpoint);
  await createTable(a.client, 'kept');
  await createTable(b.client, 'crashed');
  expect((await b.client.send(new ListTablesCommand({}))).TableNames).toEqual(['crashed']);
  await a.client.send(new PutItemCommand({ TableName: 'kept', Item: { PK: { S: 'one' }, note: { S: '保留' } } }));
  await stop(a.instance);
  expect(processGone(a.instance.pid!)).toBe(true);

  // Write continuously to B, then SIGKILL its whole process group in the middle of the stream.
  const acknowledged: string[] = [];
  let writing = true;
  const writer = (async () => {
    for (let i = 0; writing; i++) {
      const id = `item-${i}`;
      try {
        await b.client.send(new PutItemCommand({ TableName: 'crashed', Item: { PK: { S: id } } }));
        acknowledged.push(id);
      } catch {
        return;
      }
    }
  })();
  while (acknowledged.length < 50) await new Promise((done) => setTimeout(done, 5));
  const pid = b.instance.pid!;
  process.kill(-pid, 'SIGKILL');
  await writer;
  writing = false;
  running.splice(running.indexOf(b.instance), 1);
  await expect.poll(() => processGone(pid)).toBe(true);

  const [a2, b2] = await Promise.all([start(dirA), start(dirB)]);
  const kept = await a2.client.send(new GetItemCommand({ TableName: 'kept', Key: { PK: { S: 'one' } } }));
  expect(kept.Item?.note?.S).toBe('保留');
  const scanned = await b2.client.send(new ScanCommand({ TableName: 'crashed' }));
  const stored = new Set(scanned.Items?.map((item) => item.PK?.S));
  expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);

  expect(DYNAMODB_LOCAL_CREDENTIALS.accessKeyId).toMatch(/^[a-z0-9]+$/i); // DynamoDB Local rejects other characters
});
