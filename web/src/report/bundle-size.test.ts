import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

/** The citizen form must open fast on a cheap phone over 4G: its first-load JS stays under 80 KB gzipped. */
const BUDGET_BYTES = 80 * 1000;

const webDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const distDir = join(webDir, 'dist');

/** Chunks a page loads before it can run: the entry, its modulepreloads, and their static imports (not `import()`). */
export function initialChunks(html: string, read: (file: string) => string): string[] {
  const seen = new Set<string>();
  const queue = [
    ...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/?([^"]+\.js)"/g),
  ].map((m) => m[1] as string);
  while (queue.length) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const dir = dirname(file);
    for (const m of read(file).matchAll(/(?:\bfrom|\bimport)\s*["'`](\.\.?\/[^"'`]+\.js)["'`]/g)) {
      queue.push(join(dir, m[1] as string));
    }
  }
  return [...seen];
}

function gzSize(file: string): number {
  return gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length;
}

describe('report.html bundle budget', () => {
  beforeAll(async () => {
    // `npm test` builds the web app first; a bare `vitest run` on a fresh checkout builds it here.
    if (!existsSync(join(distDir, 'report.html'))) {
      const { build } = await import('vite');
      await build({ root: webDir, configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn' });
    }
  }, 180_000);

  it('keeps the citizen entry free of the console libraries', () => {
    const html = readFileSync(join(distDir, 'report.html'), 'utf8');
    const chunks = initialChunks(html, (f) => readFileSync(join(distDir, f), 'utf8'));
    const code = chunks.map((f) => readFileSync(join(distDir, f), 'utf8')).join('\n');
    expect(chunks.length).toBeGreaterThan(0);
    // antd's CSS-in-JS, ECharts and Leaflet must never be on the first load of the public form.
    expect(code).not.toMatch(/ant-btn|echarts|leaflet-container/);
  });

  it(`loads at most ${BUDGET_BYTES / 1000} KB of gzipped JS first`, () => {
    const html = readFileSync(join(distDir, 'report.html'), 'utf8');
    const chunks = initialChunks(html, (f) => readFileSync(join(distDir, f), 'utf8'));
    const sizes = Object.fromEntries(chunks.map((f) => [f, gzSize(f)]));
    const total = Object.values(sizes).reduce((a, b) => a + b, 0);
    console.info('report.html first-load JS (gzip):', sizes, 'total', total);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
