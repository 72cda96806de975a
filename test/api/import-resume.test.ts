import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createApp, createLocalDeps } from '@civicgrid/api';
import { describe, expect, it, vi } from 'vitest';
import { dynamoEndpoint, s3Endpoint, testTableName } from '../support/env';
import { idNumberOf, withBadCheckDigit } from '../support/people';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

const p = await createTestPlatform();
const s = await setUpStreet(p, 'import-resume');

const ROWS = 1_100; // five chunks of 250
const idOf = (i: number) => idNumberOf('120116', `${1950 + Math.floor(i / 1000)}0101`, i % 1000);

/** A CSV where data row 10 and 600 have bad check digits and row 700 repeats row 5's ID number. */
function csv(): string {
  const lines = ['姓名,身份证号,户籍类型'];
  for (let i = 0; i < ROWS; i++) {
    let id = i === 700 ? idOf(5) : idOf(i);
    if (i === 10 || i === 600) id = withBadCheckDigit(id);
    lines.push(`居民${i},${id},户籍`);
  }
  return `${lines.join('\n')}\n`;
}

describe('an import interrupted by a restart of the embedded runtime', () => {
  it('stops at its chunk checkpoint and, on the next start, resumes there: nobody twice, nobody lost', {
    timeout: 300_000,
  }, async () => {
    const body = csv();
    const ids = body
      .split('\n')
      .slice(1, -1)
      .map((l) => l.split(',')[1]);
    expect(new Set(ids).size).toBe(ROWS - 1);

    const bytes = Buffer.from(body);
    const upload = await p.call(
      'POST',
      '/api/imports/upload-url',
      { fileName: '人口.csv', contentType: 'text/csv', size: bytes.length },
      s.tokens.admin,
    );
    expect(upload.status).toBe(201);
    await fetch(upload.body.uploadUrl, { method: 'PUT', headers: upload.body.headers, body: new Uint8Array(bytes) });

    // the runtime is told to stop while it writes the first chunk's progress (as a SIGTERM would arrive)
    const send = p.deps.store.doc.send.bind(p.deps.store.doc);
    let stopping: Promise<void> | undefined;
    const spy = vi.spyOn(p.deps.store.doc, 'send').mockImplementation(((command: unknown) => {
      const first = command instanceof TransactWriteCommand ? command.input.TransactItems?.[0]?.Put?.Item : undefined;
      if (first?.type === 'IMPORT' && first.done === 250 && !stopping) stopping = p.jobs.pause();
      return send(command as never);
    }) as typeof p.deps.store.doc.send);
    const started = await p.call(
      'POST',
      '/api/imports',
      { entity: 'people', fileKey: upload.body.fileKey },
      s.tokens.admin,
    );
    expect(started.status).toBe(202);
    await p.jobs.idle();
    spy.mockRestore();
    expect(stopping).toBeDefined();
    await stopping;
    const stuck = await p.call('GET', `/api/imports/${started.body.id}`, undefined, s.tokens.admin);
    expect(stuck.body).toMatchObject({ status: 'running', total: ROWS, done: 250, added: 249, failed: 1 });
    expect((await p.call('GET', '/api/imports', undefined, s.tokens.admin)).body.items[0].status).toBe('running');

    // a new runtime on the same data directory, table and bucket: the start-up resumes the import
    const next = await createLocalDeps({
      dynamoEndpoint: dynamoEndpoint(),
      tableName: testTableName(),
      s3Endpoint: s3Endpoint(),
      bucket: p.bucket,
      keyDir: p.keyDir,
      log: () => {},
    });
    try {
      const app = createApp(next.deps);
      expect(await next.resumeImports()).toBe(1);
      await next.jobs.idle();
      const res = await app.request(`/api/imports/${started.body.id}`, {
        headers: { authorization: `Bearer ${s.tokens.admin}` },
      });
      const job = await res.json();
      expect(job).toMatchObject({ status: 'done', total: ROWS, done: ROWS, failed: 3, added: ROWS - 3, skipped: 0 });
      // the duplicate after the checkpoint is still caught against the rows before it (rebuilt from the file)
      expect(job.errors).toEqual([
        expect.objectContaining({ row: 12, field: 'idNumber' }),
        expect.objectContaining({ row: 602, field: 'idNumber' }),
        expect.objectContaining({ row: 702, message: 'same record as row 7' }),
      ]);
      const stats = await p.call('GET', '/api/stats/population?groupBy=tenant', undefined, s.tokens.admin);
      expect(stats.body.items[0].total).toBe(ROWS - 3);
      // nothing is left to resume, and running the finished job again changes nothing
      expect(await next.resumeImports()).toBe(0);
      await next.deps.jobs?.enqueue({ kind: 'import', tenantPath: s.path, id: started.body.id });
      await next.jobs.idle();
      const again = await app.request(`/api/imports/${started.body.id}`, {
        headers: { authorization: `Bearer ${s.tokens.admin}` },
      });
      expect(await again.json()).toMatchObject({ version: job.version, added: ROWS - 3 });
    } finally {
      await next.stop();
    }
  });
});
