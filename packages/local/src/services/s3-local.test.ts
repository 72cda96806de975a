import {
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestBucket, testS3Client } from '../../../../test/support/env';
import { startS3Local } from './s3-local';

let client: S3Client;
let bucket: string;

beforeAll(async () => {
  client = testS3Client();
  bucket = await createTestBucket(client); // CreateBucket + PutBucketCors: path-style bucket-level calls
});
afterAll(() => client.destroy());

/** A presigned PUT as @civicgrid/files makes it: the content type is part of the signature. */
function presignPut(key: string, contentType: string, options: { expiresIn?: number; signingDate?: Date } = {}) {
  return getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType }), {
    expiresIn: options.expiresIn ?? 300,
    signingDate: options.signingDate,
    signableHeaders: new Set(['content-type']),
  });
}

describe('s3rver with path-style bucket-level calls', () => {
  test('HeadBucket, PutObject, GetObject and ListObjectsV2 are signed and answered', async () => {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'd0001/a b.txt', Body: 'hello', ContentType: 'text/plain' }),
    );
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'd0001/a b.txt' }));
    expect(await got.Body?.transformToString()).toBe('hello');
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'd0001/' }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['d0001/a b.txt']);
  });

  test('a missing bucket is a 404, not a signature error', async () => {
    await expect(client.send(new HeadBucketCommand({ Bucket: 'no-such-bucket-here' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe('presigned uploads', () => {
  const body = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

  test('a PUT with the signed content type succeeds and stores the bytes', async () => {
    const url = await presignPut('d0001/ok.png', 'image/png');
    const res = await fetch(url, { method: 'PUT', body, headers: { 'content-type': 'image/png' } });
    expect(res.status).toBe(200);
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'd0001/ok.png' }));
    expect(got.ContentType).toBe('image/png');
    expect(await got.Body?.transformToByteArray()).toEqual(body);
  });

  test('another content type is refused', async () => {
    const url = await presignPut('d0001/wrong-type.png', 'image/png');
    const res = await fetch(url, { method: 'PUT', body, headers: { 'content-type': 'text/html' } });
    expect(res.status).toBe(403);
  });

  test('a tampered signature is refused', async () => {
    const url = new URL(await presignPut('d0001/tampered.png', 'image/png'));
    const signature = url.searchParams.get('X-Amz-Signature') ?? '';
    url.searchParams.set('X-Amz-Signature', `${signature[0] === '0' ? '1' : '0'}${signature.slice(1)}`);
    const res = await fetch(url, { method: 'PUT', body, headers: { 'content-type': 'image/png' } });
    expect(res.status).toBe(403);
  });

  test('a tampered key is refused', async () => {
    const url = new URL(await presignPut('d0001/mine.png', 'image/png'));
    url.pathname = url.pathname.replace('d0001', 'd0002');
    const res = await fetch(url, { method: 'PUT', body, headers: { 'content-type': 'image/png' } });
    expect(res.status).toBe(403);
  });

  test('an expired URL is refused', async () => {
    const url = await presignPut('d0001/late.png', 'image/png', {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 10 * 60_000),
    });
    const res = await fetch(url, { method: 'PUT', body, headers: { 'content-type': 'image/png' } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Request has expired');
  });
});

test('startS3Local configures its buckets with a CORS rule for browser uploads', async () => {
  const s3 = await startS3Local({ buckets: ['evidence'], corsOrigins: ['http://127.0.0.1:3000'] });
  try {
    const preflight = await fetch(`${s3.endpoint}/evidence/some/key.png`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:3000',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(200);
    // s3rver answers an allowed preflight with '*' whatever the rule says; the rule decides whether it is allowed
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
    const foreign = await fetch(`${s3.endpoint}/evidence/some/key.png`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'PUT' },
    });
    expect(foreign.status).toBe(403);
  } finally {
    await s3.stop();
  }
});
