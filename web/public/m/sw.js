/*
 * The grid worker app's service worker (scope /m/). It keeps the app shell — the page, its scripts and styles, the
 * manifest, the icons, the offline page — so the app opens with no signal. Navigations try the network first and
 * fall back to the cached shell, then to the offline page; built assets (fingerprinted) are cache-first. The API
 * is never cached here: writes go through the page's IndexedDB queue with idempotency keys.
 */
const CACHE = 'civicgrid-field-v1';
const SHELL = '/m/';
const OFFLINE = '/m/offline.html';
const PRECACHE = [SHELL, OFFLINE, '/m/manifest.json', '/m/icon-192.png', '/m/icon-512.png'];

async function precache() {
  const cache = await caches.open(CACHE);
  await cache.addAll(PRECACHE);
  const shell = await cache.match(SHELL);
  const html = shell ? await shell.text() : '';
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  await cache.addAll([...new Set(assets)]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

async function navigation(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(SHELL, response.clone());
    return response;
  } catch {
    return (await cache.match(SHELL)) ?? (await cache.match(OFFLINE)) ?? Response.error();
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && (url.pathname === '/m' || url.pathname.startsWith('/m/'))) {
    event.respondWith(navigation(request));
    return;
  }
  if (url.pathname.startsWith('/assets/') || (url.pathname.startsWith('/m/') && url.pathname !== '/m/sw.js')) {
    event.respondWith(cacheFirst(request));
  }
});
