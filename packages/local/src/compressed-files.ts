import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** The encodings served: brotli first (smaller), gzip for the rest. */
export type Encoding = 'br' | 'gzip';

/** Text a browser can take compressed (images and fonts are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.map', '.txt']);
/** Below this the headers outweigh the saving. */
const MIN_BYTES = 1024;
/** Files compressed here (no build twin) are kept in memory up to this size each. */
const MAX_CACHED_BYTES = 4 * 1024 * 1024;

/** A file's bytes as sent: compressed with `encoding`, or as stored when `encoding` is undefined. */
export interface CompressedFile {
  body: Buffer;
  encoding?: Encoding;
  /** a text type: its response varies by Accept-Encoding even when sent as stored */
  compressible: boolean;
}

/**
 * The best encoding the client accepts (`Accept-Encoding: gzip, deflate, br;q=0.9`), or undefined. A q of 0 refuses
 * an encoding; `*` stands for any not named.
 */
export function negotiateEncoding(header: string | null): Encoding | undefined {
  if (!header) return undefined;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const weight = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    q.set(name, weight === undefined ? 1 : Number(weight));
  }
  const weightOf = (name: Encoding) => q.get(name) ?? q.get('*') ?? 0;
  const ranked = (['br', 'gzip'] as const).filter((e) => weightOf(e) > 0);
  return ranked.sort((a, b) => weightOf(b) - weightOf(a))[0];
}

/**
 * Reads built files for sending. The build writes `x.js.br` and `x.js.gz` beside `x.js` (web/vite.config.ts); a
 * file without its twin (a build without them, a file added by hand) is compressed here once per version (path,
 * size, modification time) and kept in memory.
 */
export class CompressedFiles {
  private readonly cache = new Map<string, { version: string; body: Buffer }>();

  async read(path: string, encoding: Encoding | undefined): Promise<CompressedFile> {
    const compressible = COMPRESSIBLE.has(extname(path).toLowerCase());
    if (!compressible || !encoding) return { body: await readFile(path), compressible };
    const twin = await readFile(`${path}${encoding === 'br' ? '.br' : '.gz'}`).catch(() => undefined);
    if (twin) return { body: twin, encoding, compressible };
    const info = await stat(path);
    if (info.size < MIN_BYTES) return { body: await readFile(path), compressible };
    const key = `${encoding}:${path}`;
    const version = `${info.size}:${info.mtimeMs}`;
    const hit = this.cache.get(key);
    if (hit?.version === version) return { body: hit.body, encoding, compressible };
    const raw = await readFile(path);
    const body =
      encoding === 'br'
        ? await brotli(raw, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
          })
        : await gz(raw, { level: 9 });
    if (raw.length <= MAX_CACHED_BYTES) this.cache.set(key, { version, body });
    return { body, encoding, compressible };
  }
}
