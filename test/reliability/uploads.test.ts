import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { beforeAll, describe, expect, it } from 'vitest';
import { testS3Client } from '../support/env';
import { createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

const p = await createTestPlatform();
let a: Awaited<ReturnType<typeof setUpStreet>>;
let b: Awaited<ReturnType<typeof setUpStreet>>;
let caseA: string;
let caseB: string;

const errorShape = { error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) } };
const bytes = (n: number) => Buffer.alloc(n, 7);

async function presign(token: string, id: string, input: { fileName: string; contentType: string; size: number }) {
  return p.call('POST', `/api/cases/${id}/evidence`, input, token);
}

beforeAll(async () => {
  a = await setUpStreet(p, 'upload-a');
  b = await setUpStreet(p, 'upload-b');
  caseA = (await p.call('POST', '/api/cases', { description: 'A' }, a.tokens.grid)).body.id;
  caseB = (await p.call('POST', '/api/cases', { description: 'B' }, b.tokens.grid)).body.id;
});

describe('evidence uploads refuse what they must', () => {
  it('refuses a content type outside photos and PDF with a 400', async () => {
    for (const contentType of ['text/html', 'image/svg+xml', 'application/octet-stream', '']) {
      const res = await presign(a.tokens.admin, caseA, { fileName: 'x', contentType, size: 10 });
      expect(res.status, contentType).toBe(400);
      expect(res.body).toMatchObject(errorShape);
    }
  });

  it('refuses a PUT whose content type differs from the signed one', async () => {
    const up = await presign(a.tokens.admin, caseA, { fileName: 'a.jpg', contentType: 'image/jpeg', size: 4 });
    const put = await fetch(up.body.uploadUrl, {
      method: 'PUT',
      headers: { 'Content-Type': 'text/html' },
      body: bytes(4),
    });
    expect(put.status).toBe(403);
  });

  it('refuses a declared size over 10 MiB with a 400, and a PUT of more bytes than declared', async () => {
    const big = await presign(a.tokens.admin, caseA, {
      fileName: 'a.pdf',
      contentType: 'application/pdf',
      size: 10 * 1024 * 1024 + 1,
    });
    expect(big.status).toBe(400);
    expect(big.body).toMatchObject(errorShape);
    const up = await presign(a.tokens.admin, caseA, { fileName: 'a.jpg', contentType: 'image/jpeg', size: 100 });
    const more = await fetch(up.body.uploadUrl, { method: 'PUT', headers: up.body.headers, body: bytes(101) });
    expect(more.status).toBe(403);
    const fewer = await fetch(up.body.uploadUrl, { method: 'PUT', headers: up.body.headers, body: bytes(99) });
    expect(fewer.status).toBe(403);
    // the exact size goes through: the refusals above are the signature's, not a broken URL
    const exact = await fetch(up.body.uploadUrl, { method: 'PUT', headers: up.body.headers, body: bytes(100) });
    expect(exact.status).toBe(200);
  });

  it('refuses an expired URL', async () => {
    // a URL signed for one minute, as @civicgrid/files signs them (content type and length bound); the late one
    // is signed two minutes ago, so it has expired without the test waiting for it
    const sign = (key: string, signingDate?: Date) =>
      getSignedUrl(
        testS3Client(),
        new PutObjectCommand({ Bucket: p.bucket, Key: key, ContentType: 'image/jpeg', ContentLength: 3 }),
        { expiresIn: 60, signingDate, signableHeaders: new Set(['content-type', 'content-length']) },
      );
    const fresh = await fetch(await sign(`${a.path}cases/${caseA}/fresh.jpg`), {
      method: 'PUT',
      headers: { 'Content-Type': 'image/jpeg' },
      body: bytes(3),
    });
    expect(fresh.status).toBe(200);
    const url = await sign(`${a.path}cases/${caseA}/late.jpg`, new Date(Date.now() - 120_000));
    expect(
      (await fetch(url, { method: 'PUT', headers: { 'Content-Type': 'image/jpeg' }, body: bytes(3) })).status,
    ).toBe(403);
    // and an app-issued URL whose X-Amz-Date is moved back past its 15-minute lifetime
    const up = await presign(a.tokens.admin, caseA, { fileName: 'a.jpg', contentType: 'image/jpeg', size: 3 });
    const aged = new URL(up.body.uploadUrl);
    const old = new Date(Date.now() - 3600_000).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
    aged.searchParams.set('X-Amz-Date', old);
    expect((await fetch(aged, { method: 'PUT', headers: up.body.headers, body: bytes(3) })).status).toBe(403);
  });

  it('refuses another tenant’s key as evidence (400) and a URL for A used on B’s key (403)', async () => {
    const upB = await presign(b.tokens.admin, caseB, { fileName: 'b.jpg', contentType: 'image/jpeg', size: 3 });
    expect((await fetch(upB.body.uploadUrl, { method: 'PUT', headers: upB.body.headers, body: bytes(3) })).status).toBe(
      200,
    );
    await p.call('POST', `/api/cases/${caseA}/actions/register`, { categoryCode: 'garbage' }, a.tokens.dispatcher);
    await p.call('POST', `/api/cases/${caseA}/actions/dispatch`, { departmentId: a.dept.id }, a.tokens.dispatcher);
    const handle = await p.call(
      'POST',
      `/api/cases/${caseA}/actions/handle`,
      { note: '已处置', evidence: [upB.body.key] },
      a.tokens.admin,
    );
    expect(handle.status).toBe(400);
    expect(handle.body).toMatchObject(errorShape);
    // A's URL, B's key: the signature covers the path, so S3 refuses it
    const upA = await presign(a.tokens.admin, caseA, { fileName: 'a.jpg', contentType: 'image/jpeg', size: 3 });
    const forged = new URL(upA.body.uploadUrl);
    forged.pathname = forged.pathname.replace(encodeURI(a.path), encodeURI(b.path)).replace(caseA, caseB);
    expect(forged.pathname).toContain(b.path.replace(/\//g, '/'));
    expect((await fetch(forged, { method: 'PUT', headers: upA.body.headers, body: bytes(3) })).status).toBe(403);
    // and a download of B's key through A's case is refused too
    const dl = await p.call(
      'GET',
      `/api/cases/${caseA}/evidence?key=${encodeURIComponent(upB.body.key)}`,
      undefined,
      a.tokens.admin,
    );
    expect(dl.status).toBe(400);
  });
});
