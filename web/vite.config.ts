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

const proxy = Object.fromEntries(
  ['/api', '/public', '/open311', '/health'].map((p) => [p, { target: API_TARGET, changeOrigin: false }]),
);

export default defineConfig({
  base: '/',
  root: import.meta.dirname,
  plugins: [react(), citizenRoutes()],
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
