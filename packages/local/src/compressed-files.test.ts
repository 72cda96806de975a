import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompressedFiles, negotiateEncoding } from './compressed-files';

describe('negotiateEncoding', () => {
  it('prefers brotli, falls back to gzip, honours q=0 and *', () => {
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateEncoding('gzip, deflate')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip')).toBe('gzip');
    expect(negotiateEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(negotiateEncoding('identity')).toBeUndefined();
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('*;q=0')).toBeUndefined();
    expect(negotiateEncoding(null)).toBeUndefined();
  });
});

describe('CompressedFiles', () => {
  let dir = '';
  const text = 'console.log("网格化社会治理");\n'.repeat(200);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'civicgrid-compressed-'));
    await writeFile(join(dir, 'app.js'), text);
    await writeFile(join(dir, 'twin.js'), text);
    await writeFile(join(dir, 'twin.js.br'), 'the build twin');
    await writeFile(join(dir, 'tiny.css'), 'a{}');
    await writeFile(join(dir, 'photo.png'), Buffer.alloc(4096, 1));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('compresses text once per version, and serves the build’s twin when there is one', async () => {
    const files = new CompressedFiles();
    const br = await files.read(join(dir, 'app.js'), 'br');
    expect(br.encoding).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(text);
    expect(br.body.length).toBeLessThan(text.length / 5);
    expect((await files.read(join(dir, 'app.js'), 'br')).body).toBe(br.body); // from memory
    const gz = await files.read(join(dir, 'app.js'), 'gzip');
    expect(gunzipSync(gz.body).toString()).toBe(text);
    expect(Buffer.from((await files.read(join(dir, 'twin.js'), 'br')).body).toString()).toBe('the build twin');
  });

  it('sends images, tiny files and clients without an encoding as stored', async () => {
    const files = new CompressedFiles();
    expect(await files.read(join(dir, 'photo.png'), 'br')).toMatchObject({ compressible: false });
    expect((await files.read(join(dir, 'photo.png'), 'br')).encoding).toBeUndefined();
    expect((await files.read(join(dir, 'tiny.css'), 'gzip')).encoding).toBeUndefined();
    const plain = await files.read(join(dir, 'app.js'), undefined);
    expect(plain).toMatchObject({ compressible: true });
    expect(Buffer.from(plain.body).toString()).toBe(text);
  });
});
