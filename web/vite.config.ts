import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vite';

const API_TARGET = process.env.CIVICGRID_API ?? 'http://127.0.0.1:3000';

/**
 * Mirrors the server's routing in dev and preview: `/r/*` is the citizen entry, `/m/*` the grid worker's phone app
 * (its files — service worker, manifest, icons — excepted), everything else the console.
 */
function citizenRoutes(): Plugin {
  const rewrite: Connect.NextHandleFunction = (req, _res, next) => {
    if (req.url && /^\/r(\/|\?|$)/.test(req.url)) req.url = '/report.html';
    else if (req.url && /^\/m(\/[^.]*)?(\?.*)?$/.test(req.url)) req.url = '/field.html';
    next();
  };
  return {
    name: 'civicgrid-citizen-routes',
    configureServer(server) {
      server.middlewares.use(rewrite);
    },
    configurePreviewServer(server) {
      server.middlewares.use(rewrite);
    },
  };
}

/**
 * Writes a brotli (`x.js.br`) and a gzip (`x.js.gz`) twin of every text file of the build, at the highest levels
 * (done once here, not per request): the embedded server sends the one the browser accepts.
 */
function precompress(): Plugin {
  const TEXT = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.map', '.txt']);
  let outDir = '';
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return {
    name: 'civicgrid-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const file of walk(outDir)) {
        if (!TEXT.has(extname(file)) || statSync(file).size < 1024) continue;
        const raw = readFileSync(file);
        writeFileSync(`${file}.br`, brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }));
      }
    },
  };
}

const proxy = Object.fromEntries(
  ['/api', '/public', '/open311', '/health'].map((p) => [p, { target: API_TARGET, changeOrigin: false }]),
);

export default defineConfig({
  base: '/',
  root: import.meta.dirname,
  plugins: [react(), citizenRoutes(), precompress()],
  server: { proxy },
  preview: { proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        index: `${import.meta.dirname}/index.html`,
        report: `${import.meta.dirname}/report.html`,
        field: `${import.meta.dirname}/field.html`,
      },
      output: {
        // React is the one library both entries share; give its chunk a name that says so.
        codeSplitting: { groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }] },
      },
    },
  },
});
