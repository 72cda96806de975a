import { expect } from 'vitest';
import type { createTestPlatform } from './platform';

type Platform = Awaited<ReturnType<typeof createTestPlatform>>;

/** Upload a spreadsheet through the presigned URL, start its import as the console does, wait, return the job. */
export async function importSheet(
  p: Platform,
  token: string,
  entity: string,
  file: { bytes: Buffer; name: string; contentType: string },
) {
  const upload = await p.call(
    'POST',
    '/api/imports/upload-url',
    { fileName: file.name, contentType: file.contentType, size: file.bytes.length },
    token,
  );
  expect(upload.status, JSON.stringify(upload.body)).toBe(201);
  const put = await fetch(upload.body.uploadUrl, {
    method: 'PUT',
    headers: upload.body.headers,
    body: new Uint8Array(file.bytes),
  });
  expect(put.status).toBe(200);
  const started = await p.call('POST', '/api/imports', { entity, fileKey: upload.body.fileKey }, token);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  expect(['queued', 'running']).toContain(started.body.status);
  await p.jobs.idle();
  const job = await p.call('GET', `/api/imports/${started.body.id}`, undefined, token);
  expect(job.status).toBe(200);
  return job.body;
}

/** The content type of an .xlsx file. */
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
