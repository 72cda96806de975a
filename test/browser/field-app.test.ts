import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  apiLogin,
  apiOk,
  DEMO_PASSWORD,
  newPage,
  PHONE,
  pngImage,
  screenshot,
  useDemoBrowser,
} from '../support/browser';

/** The demo street's first grid (滨海新区 泰达 第1社区 网格1): its centre. */
const IN_GRID = { latitude: 39.0325, longitude: 117.716 };
const WORKER = 'grid@taida.demo';

async function login(page: Page, url: string) {
  await page.goto(`${url}/m/`);
  await page.getByTestId('field-login-email').fill(WORKER);
  await page.getByTestId('field-login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('field-login-submit').click();
  await page.getByTestId('field-tasks').waitFor();
}

/** The service worker is active and controls the page (the shell is cached). */
async function controlled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** A queued entry read straight from the app's IndexedDB (a copy: what a lost answer leaves behind). */
/**
 * The queue's entries, also kept in the page (`window.__queueCopies`) with their photo Blobs intact: a Blob does
 * not survive the trip to the test process, so the copies are put back from inside the page.
 */
function readQueue(page: Page) {
  return page.evaluate(
    () =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open('civicgrid-field');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('queue').objectStore('queue').getAll();
          req.onsuccess = () => {
            (window as unknown as { __queueCopies: unknown[] }).__queueCopies = req.result;
            resolve(req.result.map((e: { id: string; kind: string }) => ({ id: e.id, kind: e.kind })));
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

/** Put the copies `readQueue` kept back into the queue, as if their answers had been lost. */
function putBack(page: Page) {
  return page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const items = (window as unknown as { __queueCopies: unknown[] }).__queueCopies;
        const open = indexedDB.open('civicgrid-field');
        open.onsuccess = () => {
          const tx = open.result.transaction('queue', 'readwrite');
          for (const item of items) tx.objectStore('queue').put(item);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

async function noHorizontalScroll(page: Page, where: string) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll, `${where}: scrollWidth ${scroll} > ${client}`).toBeLessThanOrEqual(client);
}

describe('the grid worker’s phone app (PWA)', () => {
  const env = useDemoBrowser();

  it('passes an installability check: manifest, service worker, offline page', { timeout: 120_000 }, async () => {
    const url = env.runtime().url;
    const { context, page } = await newPage(env.browser(), PHONE, true);
    await page.goto(`${url}/m/`);
    await page.getByTestId('field-login').waitFor();
    // the manifest, linked from the page, as Chrome's installability criteria ask
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('/m/manifest.json');
    const manifest = await page.evaluate(async (h) => {
      const res = await fetch(h);
      return { type: res.headers.get('content-type'), body: await res.json() };
    }, href as string);
    expect(manifest.type).toMatch(/json/);
    const m = manifest.body;
    expect(m).toMatchObject({ start_url: '/m/', scope: '/m/', display: 'standalone', lang: 'zh-CN' });
    expect(m.name).toMatch(/网格员/);
    expect(m.short_name.length).toBeLessThanOrEqual(12);
    expect(m.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(m.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    // icons of at least 192 and 512 px that load as real PNGs of the sizes they claim
    const sizes = await page.evaluate(
      async (icons: { src: string; sizes: string; type: string }[]) =>
        Promise.all(
          icons.map(async (icon) => {
            const res = await fetch(icon.src);
            const bytes = new Uint8Array(await res.arrayBuffer());
            const view = new DataView(bytes.buffer);
            const png = bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
            return { claimed: icon.sizes, png, size: png ? `${view.getUint32(16)}x${view.getUint32(20)}` : '' };
          }),
        ),
      m.icons,
    );
    for (const s of sizes) expect(s).toMatchObject({ png: true, size: s.claimed });
    expect(sizes.map((s) => s.claimed)).toEqual(expect.arrayContaining(['192x192', '512x512']));

    // a service worker controls the page within the manifest's scope, and Chrome finds nothing missing
    await controlled(page);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope);
    expect(scope).toBe(`${url}/m/`);
    const cdp = await context.newCDPSession(page);
    const parsed = await cdp.send('Page.getAppManifest');
    expect(parsed.errors).toEqual([]);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    // a headless, throwaway profile is not an installable context for Chrome; everything about the app is
    const aboutTheApp = installabilityErrors.filter(
      (e) => !['in-incognito', 'not-from-secure-origin'].includes(e.errorId),
    );
    expect(aboutTheApp).toEqual([]);

    // with no network the app still opens, served by the service worker from its cache
    await context.setOffline(true);
    const offline = await page.reload();
    expect(offline?.fromServiceWorker()).toBe(true);
    await page.getByTestId('field-login').waitFor();
    // and when the shell is not cached (a cleared cache), the offline page answers instead of the browser's error
    await page.evaluate(async () => {
      for (const name of await caches.keys()) await (await caches.open(name)).delete('/m/');
    });
    await page.goto(`${url}/m/tasks`);
    await page.getByTestId('field-offline-page').waitFor();
    expect(await page.locator('h1').textContent()).toBe('当前无网络');
    await screenshot(page, 'field-offline-page');
    await context.close();
  });

  it('files a case with a photo and GPS and records a visit offline; online, each reaches the server once', {
    timeout: 180_000,
  }, async () => {
    const url = env.runtime().url;
    const { context, page } = await newPage(env.browser(), PHONE, true);
    await context.grantPermissions(['geolocation'], { origin: url });
    await context.setGeolocation(IN_GRID);
    await login(page, url);
    await controlled(page);
    await screenshot(page, 'field-home');

    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('field-online').textContent()).toBe('离线');
    const mark = randomUUID().slice(0, 8);
    const description = `井盖缺失，行人易跌落 ${mark}`;
    const note = `入户走访，独居老人情况良好 ${mark}`;

    // 新建上报: camera photo and GPS, no signal
    await page.getByTestId('field-nav-case').click();
    await page.getByTestId('field-case-description').fill(description);
    await page
      .getByTestId('field-case-photo')
      .setInputFiles({ name: 'manhole.png', mimeType: 'image/png', buffer: pngImage(48) });
    await expect.poll(() => page.getByTestId('field-case-gps').getAttribute('data-located')).toBe('yes');
    await screenshot(page, 'field-case-offline');
    await page.getByTestId('field-case-submit').click();
    await page.getByTestId('field-notice').waitFor();

    // 走访登记, no signal
    await page.getByTestId('field-nav-visit').click();
    await page.getByTestId('field-visit-address').fill('泰达街道幸福里3号楼2单元501');
    await page.getByTestId('field-visit-note').fill(note);
    await page.getByTestId('field-visit-submit').click();
    await page.getByTestId('field-notice').waitFor();

    // both wait in the visible queue — and survive the app being reopened with no signal
    await expect.poll(() => page.getByTestId('field-queue-chip').textContent()).toBe('待同步 2 条');
    await page.reload();
    await page.getByTestId('field-nav-queue').click();
    await expect.poll(() => page.getByTestId('field-queue-item').count()).toBe(2);
    await screenshot(page, 'field-queue-offline');
    const copies = await readQueue(page);
    expect(copies).toHaveLength(2);

    // the signal comes back: the queue empties by itself
    await context.setOffline(false);
    await expect.poll(() => page.getByTestId('field-queue-chip').textContent(), { timeout: 60_000 }).toBe('全部已同步');

    // the same writes again, twice, as if both answers had been lost on a weak signal
    for (let round = 0; round < 2; round++) {
      await putBack(page);
      await page.getByTestId('field-sync-now').click();
      await expect
        .poll(() => page.getByTestId('field-queue-chip').textContent(), { timeout: 60_000 })
        .toBe('全部已同步');
    }

    const dispatcher = await apiLogin(url, 'dispatcher@taida.demo');
    const cases = await apiOk(url, 'GET', '/api/cases?step=reported&limit=100', undefined, dispatcher);
    const mine = cases.items.filter((c: { description: string }) => c.description === description);
    expect(mine).toHaveLength(1);
    const detail = await apiOk(url, 'GET', `/api/cases/${mine[0].id}`, undefined, dispatcher);
    expect(detail.source).toBe('grid_worker');
    expect(detail.photos).toHaveLength(1);
    expect(detail.location).toEqual({ lat: IN_GRID.latitude, lng: IN_GRID.longitude });
    expect(detail.gridCode).toBe('120116001001001');
    const visits = await apiOk(url, 'GET', '/api/visits?limit=100', undefined, dispatcher);
    expect(visits.items.filter((v: { note: string }) => v.note === note)).toHaveLength(1);
    await context.close();
  });

  it('verifies with a photo, calls the reporter with one tap, and never scrolls sideways at 360 px', {
    timeout: 180_000,
  }, async () => {
    const url = env.runtime().url;
    // a citizen report with a phone, filed, dispatched and handled in the worker's grid
    const code = (
      await apiOk(url, 'POST', '/public/taida/reports', {
        description: `路灯不亮 ${randomUUID().slice(0, 8)}`,
        contact: { name: '王女士', phone: '13900139000' },
      })
    ).trackingCode;
    const [dispatcher, dept] = await Promise.all([
      apiLogin(url, 'dispatcher@taida.demo'),
      apiLogin(url, 'dept@taida.demo'),
    ]);
    const list = await apiOk(url, 'GET', `/api/cases?trackingCode=${code}`, undefined, dispatcher);
    const id = list.items[0].id as string;
    const garbage = (await apiOk(url, 'GET', '/api/categories', undefined, dispatcher)).items.find(
      (c: { code: string }) => c.code === 'garbage',
    );
    const act = (token: string, action: string, body: unknown) =>
      apiOk(url, 'POST', `/api/cases/${id}/actions/${action}`, body, token);
    await act(dispatcher, 'register', { categoryCode: 'garbage', gridCode: '120116001001001' });
    await act(dispatcher, 'dispatch', { departmentId: garbage.departmentId });
    await act(dept, 'handle', { note: '已更换灯泡' });

    const { context, page } = await newPage(env.browser(), { width: 360, height: 740 }, true);
    await context.grantPermissions(['geolocation'], { origin: url });
    await context.setGeolocation(IN_GRID);
    await login(page, url);
    await noHorizontalScroll(page, 'home');
    for (const tab of ['case', 'visit', 'patrol', 'queue'] as const) {
      await page.getByTestId(`field-nav-${tab}`).click();
      await noHorizontalScroll(page, tab);
    }
    await page.getByTestId('field-nav-home').click();
    const item = page.getByTestId('field-verify-item').filter({ hasText: list.items[0].number ?? id });
    await item.first().click();
    const call = page.getByTestId('field-call');
    expect(await call.getAttribute('href')).toBe('tel:13900139000');
    await noHorizontalScroll(page, 'verify');
    await screenshot(page, 'field-verify-360');
    await page
      .getByTestId('field-verify-photo')
      .setInputFiles({ name: 'fixed.png', mimeType: 'image/png', buffer: pngImage(32) });
    await page.getByTestId('field-verify-note').fill('现场路灯已恢复');
    await page.getByTestId('field-verify-submit').click();
    await page.getByTestId('field-notice').waitFor();
    await expect.poll(async () => JSON.stringify(await readQueue(page)), { timeout: 60_000 }).toBe('[]');
    const verified = await apiOk(url, 'GET', `/api/cases/${id}`, undefined, dispatcher);
    expect(verified.step).toBe('verified');
    const event = verified.events.find((e: { type: string }) => e.type === 'verified');
    expect(event.evidence).toHaveLength(1);
    await context.close();
  });
});
