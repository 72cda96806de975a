import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { idNumberOf } from '../support/people';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

const p = await createTestPlatform();
const s = await setUpStreet(p, 'export-jobs');
const other = await setUpStreet(p, 'export-jobs-other');
const PEOPLE = 40;
for (let i = 0; i < PEOPLE; i++) {
  const res = await p.call(
    'POST',
    '/api/people',
    { name: `居民${i}`, idNumber: idNumberOf('120116', '19700101', i), registration: 'resident' },
    s.tokens.admin,
  );
  expect(res.status).toBe(201);
}

async function exportFile(token: string, format: 'xlsx' | 'csv') {
  const started = await p.call('POST', '/api/export-jobs', { entity: 'people', format }, token);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  await p.jobs.idle();
  const job = await p.call('GET', `/api/export-jobs/${started.body.id}`, undefined, token);
  expect(job.status).toBe(200);
  expect(job.body).toMatchObject({ status: 'done', rows: PEOPLE, format });
  expect(job.body.fileKey.startsWith(`${s.path}exports/`)).toBe(true);
  expect(job.body.actor).toBeUndefined();
  const download = await fetch(job.body.downloadUrl);
  expect(download.status).toBe(200);
  return { id: started.body.id as string, bytes: Buffer.from(await download.arrayBuffer()) };
}

describe('background exports to a file (any size, a download link)', () => {
  it('writes the admin’s export in the clear (logged), the dispatcher’s masked, each visible to its creator only', {
    timeout: 120_000,
  }, async () => {
    const before = (await p.call('GET', '/api/access-log', undefined, s.tokens.admin)).body.items.length;
    const clear = await exportFile(s.tokens.admin, 'xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(clear.bytes as never);
    const sheet = wb.worksheets[0];
    expect(sheet?.rowCount).toBe(PEOPLE + 1);
    expect(sheet?.getRow(2).getCell(2).text).toMatch(/^\d{17}[\dX]$/);
    const log = (await p.call('GET', '/api/access-log', undefined, s.tokens.admin)).body.items;
    expect(log.length).toBe(before + 1);
    expect(log[0]).toMatchObject({ action: 'export', subjectKind: 'people' });

    const masked = await exportFile(s.tokens.dispatcher, 'csv');
    const lines = masked.bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(PEOPLE + 1);
    expect(lines[1]?.split(',')[1]).toMatch(/^\d{3}\*{11}\d{3}[\dX]$/);

    // the dispatcher may not fetch the admin's clear export; another street's admin gets a 404 too
    expect((await p.call('GET', `/api/export-jobs/${clear.id}`, undefined, s.tokens.dispatcher)).status).toBe(404);
    expect((await p.call('GET', `/api/export-jobs/${clear.id}`, undefined, other.tokens.admin)).status).toBe(404);
  });

  it('names a bad format and refuses an unknown entity or a role without export rights', async () => {
    const bad = await p.call('POST', '/api/export-jobs', { entity: 'people', format: 'pdf' }, s.tokens.admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('format');
    expect((await p.call('POST', '/api/export-jobs', { entity: 'aliens' }, s.tokens.admin)).status).toBe(404);
    expect((await p.call('POST', '/api/export-jobs', { entity: 'people' }, s.tokens.grid)).status).toBe(403);
  });
});
