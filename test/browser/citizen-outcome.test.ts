import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  apiLogin,
  apiOk,
  DESKTOP,
  loginThroughUi,
  newPage,
  PHONE,
  pngImage,
  screenshot,
  settle,
  useDemoBrowser,
} from '../support/browser';
import { watchPageProblems } from '../support/page-errors';

/** The citizen form's first load as transferred (JS only), the budget. */
const JS_BUDGET_BYTES = 80 * 1000;
const TIANDITU_KEY = '0123456789abcdef0123456789abcdef';

/** The tile and geocoder requests a test answers itself (the machine has no outside network). */
const TIANDITU_URL = /^https:\/\/[a-z0-9]+\.tianditu\.gov\.cn\//;
const isTianditu = (url: string) => TIANDITU_URL.test(url);

type Lang = 'zh' | 'en';

/** A phone page in the given language (the citizen pages remember the choice in localStorage). */
async function citizenPage(lang: Lang) {
  const { context, page } = await newPage(env.browser(), PHONE, true);
  if (lang === 'en') {
    await context.addInitScript(() => localStorage.setItem('civicgrid.lang', 'en'));
  }
  return { context, page };
}

// one demo runtime and browser for the file; the map tests change the office's map settings last
const env = useDemoBrowser();
const url = () => env.runtime().url;

describe('what the citizen learns, on a phone', () => {
  /** A citizen report through the public API, found in the dispatcher's inbox. */
  async function fileReport(description: string) {
    const created = await apiOk(url(), 'POST', '/public/taida/reports', {
      description,
      categoryCode: 'garbage',
      contact: { phone: '13900139000' },
    });
    const dispatcher = await apiLogin(url(), 'dispatcher@taida.demo');
    const list = await apiOk(url(), 'GET', '/api/cases?step=reported&limit=100', undefined, dispatcher);
    const found = list.items.find((c: { description: string }) => c.description === description);
    expect(found, 'the report is in the inbox').toBeDefined();
    return { code: created.trackingCode as string, id: found.id as string, dispatcher };
  }

  for (const lang of ['zh', 'en'] as const) {
    it(`shows the department's reply and after-photo once closed (${lang})`, { timeout: 240_000 }, async () => {
      const description = `路灯不亮 ${randomUUID().slice(0, 8)}`;
      const { code, id, dispatcher } = await fileReport(description);
      const [dept, grid] = await Promise.all([apiLogin(url(), 'dept@taida.demo'), apiLogin(url(), 'grid@taida.demo')]);
      const act = (token: string, action: string, body: unknown) =>
        apiOk(url(), 'POST', `/api/cases/${id}/actions/${action}`, body, token);
      const grids = await apiOk(url(), 'GET', '/api/grids', undefined, dispatcher);
      const categories = await apiOk(url(), 'GET', '/api/categories', undefined, dispatcher);
      const garbage = categories.items.find((c: { code: string }) => c.code === 'garbage');
      await act(dispatcher, 'register', { categoryCode: 'garbage', gridCode: grids.items[0].code });
      await act(dispatcher, 'dispatch', { departmentId: garbage.departmentId });

      // open: the page tells when it should be done
      const { context, page } = await citizenPage(lang);
      const errors = watchPageProblems(context);
      await page.goto(`${url()}/r/taida/t/${code}`);
      await page.getByTestId('track-expected').waitFor();
      expect(await page.getByTestId('track-expected').textContent()).toMatch(
        lang === 'zh' ? /^预计办结：/ : /^Expected by: /,
      );
      expect(await page.getByTestId('track-office').textContent()).toContain('泰达');

      // the department hands in its report with an after-photo
      const photo = pngImage(48);
      const upload = await apiOk(
        url(),
        'POST',
        `/api/cases/${id}/evidence`,
        { fileName: 'after.png', contentType: 'image/png', size: photo.length },
        dept,
      );
      const put = await fetch(upload.uploadUrl, {
        method: 'PUT',
        headers: upload.headers,
        body: new Uint8Array(photo),
      });
      expect(put.status).toBe(200);
      const reply = '已更换灯泡，路灯恢复照明';
      await act(dept, 'handle', { note: reply, evidence: [upload.key] });
      await act(grid, 'verify', { note: '核查人员内部备注' });
      await act(dispatcher, 'close', { note: '中心内部结案意见' });

      await page.reload();
      await expect.poll(() => page.getByTestId('track-step').getAttribute('data-step')).toBe('closed');
      await page.getByTestId('track-reply').waitFor();
      expect(await page.getByTestId('track-reply-text').textContent()).toBe(reply);
      await expect
        .poll(() => page.getByTestId('track-reply').locator('h2').textContent())
        .toBe(lang === 'zh' ? '办理答复' : 'Reply from the office');
      const img = page.getByTestId('track-reply-photo-0');
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(48);
      expect(await page.getByTestId('track-expected').count()).toBe(0);
      const shown = await page.content();
      for (const internal of ['核查人员内部备注', '中心内部结案意见', '13900139000', 'dept@taida.demo']) {
        expect(shown).not.toContain(internal);
      }
      await screenshot(page, `citizen-outcome-closed-${lang}`);

      // the SMS notices carry the office's name and the tracking link
      const outbox = await apiOk(url(), 'GET', '/api/outbox?limit=100', undefined, dispatcher);
      const notices = outbox.items.filter((m: { caseId: string }) => m.caseId === id);
      expect(notices.length).toBeGreaterThan(2);
      for (const n of notices) {
        expect(n.text).toMatch(/^【[^】]*泰达[^】]*】/);
        expect(n.text).toContain(`${url()}/r/taida/t/${code}`);
      }
      errors.assertNone();
      await context.close();
    });

    it(`shows why a report was not accepted (${lang})`, { timeout: 180_000 }, async () => {
      const { code, id, dispatcher } = await fileReport(`邻居家狗叫 ${randomUUID().slice(0, 8)}`);
      const reason = '该事项属于物业服务范围，请联系小区物业';
      await apiOk(url(), 'POST', `/api/cases/${id}/actions/reject`, { reason }, dispatcher);
      const { context, page } = await citizenPage(lang);
      const errors = watchPageProblems(context);
      await page.goto(`${url()}/r/taida/t/${code}`);
      await page.getByTestId('track-rejection').waitFor();
      expect(await page.getByTestId('track-rejection-reason').textContent()).toBe(reason);
      await expect
        .poll(() => page.getByTestId('track-rejection').locator('h2').textContent())
        .toBe(lang === 'zh' ? '不予立案原因' : 'Why the report was not accepted');
      expect(await page.getByTestId('track-reply').count()).toBe(0);
      await screenshot(page, `citizen-outcome-rejected-${lang}`);
      errors.assertNone();
      await context.close();
    });

    it(`answers an unknown office with the not-found page and 404 (${lang})`, { timeout: 120_000 }, async () => {
      const { context, page } = await citizenPage(lang);
      // the 404s the test asks for (the page itself, the office lookups it makes) are the only errors allowed
      const errors = watchPageProblems(context, { ignore: [/\/no-such-office(\/|$)/] });
      const res = await page.goto(`${url()}/r/no-such-office`);
      expect(res?.status()).toBe(404);
      await page.getByTestId('not-found').waitFor();
      await expect
        .poll(() => page.getByTestId('not-found').locator('h1').textContent())
        .toBe(lang === 'zh' ? '页面不存在' : 'Page not found');
      expect(await page.getByTestId('report-form').count()).toBe(0);
      await screenshot(page, `citizen-not-found-${lang}`);
      // a path the citizen pages do not have is a 404 too; a real office is a 200
      expect((await fetch(`${url()}/r/taida/nothing/here`)).status).toBe(404);
      expect((await fetch(`${url()}/r/taida`)).status).toBe(200);
      errors.assertNone();
      await context.close();
    });
  }
});

describe('the citizen map', () => {
  /** The tenant admin sets 天地图 with a key in the console's map settings. */
  async function setTiandituInConsole() {
    const { context, page } = await newPage(env.browser(), DESKTOP);
    const errors = watchPageProblems(context, { ignore: [TIANDITU_URL] });
    await loginThroughUi(page, url(), 'admin@taida.demo');
    await page.getByTestId('nav-map-settings').click();
    await page.getByTestId('map-provider-tianditu').click();
    await page.getByTestId('map-settings-key').fill(TIANDITU_KEY);
    await page.getByTestId('map-settings-save').click();
    await page.getByText('地图设置已保存').waitFor();
    await settle(page);
    await screenshot(page, 'console-map-settings');
    errors.assertNone();
    await context.close();
    const admin = await apiLogin(url(), 'admin@taida.demo');
    const saved = await apiOk(url(), 'GET', '/api/settings/map', undefined, admin);
    expect(saved).toMatchObject({ provider: 'tianditu', tiandituKey: TIANDITU_KEY });
  }

  async function openMap(page: Page) {
    await page.goto(`${url()}/r/taida`);
    await page.getByTestId('report-form').waitFor();
    await page.getByTestId('report-map-toggle').click();
    await page.getByTestId('report-map').waitFor();
  }

  /** Answer 天地图: tiles as PNGs, the geocoder from `places` (keyword → point). */
  async function fakeTianditu(context: BrowserContext, places: Record<string, { lat: number; lng: number }>) {
    const tile = pngImage(256);
    await context.route(
      (u: URL) => isTianditu(u.href),
      async (route) => {
        const requested = new URL(route.request().url());
        if (requested.pathname === '/geocoder') {
          const keyWord = JSON.parse(requested.searchParams.get('ds') ?? '{}').keyWord as string;
          const at = places[keyWord];
          const body = at
            ? { status: '0', msg: 'ok', location: { lon: at.lng, lat: at.lat, level: '门址' } }
            : { status: '101', msg: '结果为空' };
          return route.fulfill({
            status: 200,
            contentType: 'application/json',
            headers: { 'access-control-allow-origin': '*' },
            body: JSON.stringify(body),
          });
        }
        return route.fulfill({ status: 200, contentType: 'image/png', body: tile });
      },
    );
  }

  it('draws the office’s grids and buildings when the tiles cannot be loaded', { timeout: 300_000 }, async () => {
    await setTiandituInConsole();
    for (const lang of ['zh', 'en'] as const) {
      const { context, page } = await citizenPage(lang);
      // every tile request fails, as on a phone that cannot reach 天地图: those failures are the test's doing
      await context.route(
        (u: URL) => isTianditu(u.href),
        (route) => route.abort('internetdisconnected'),
      );
      const errors = watchPageProblems(context, { ignore: [TIANDITU_URL] });
      await openMap(page);
      await expect.poll(() => page.getByTestId('report-map').getAttribute('data-offline')).toBe('true');
      const grids = await apiOk(url(), 'GET', '/public/taida/map/grids');
      const buildings = await apiOk(url(), 'GET', '/public/taida/map/buildings');
      expect(grids.features.length).toBeGreaterThan(0);
      expect(buildings.features.length).toBeGreaterThan(0);
      await expect
        .poll(() => page.locator('[data-testid="report-map"] path.cg-grid-outline').count())
        .toBe(grids.features.length);
      await expect
        .poll(() => page.locator('[data-testid="report-map"] path.cg-building').count())
        .toBe(buildings.features.length);
      await expect
        .poll(() => page.getByTestId('report-map-offline').textContent())
        .toBe(lang === 'zh' ? '离线底图：本单位网格与楼栋' : 'Offline map: this office’s grids and buildings');
      // a building's name reaches its tooltip as text
      const name = buildings.features[0].properties.name as string;
      await screenshot(page, `citizen-map-offline-${lang}`);
      // a tap on a building opens its name (a phone has no hover): DOM text, never HTML
      await page.locator('[data-testid="report-map"] path.cg-building').first().click({ force: true });
      await page.locator('.leaflet-tooltip', { hasText: name }).waitFor();
      errors.assertNone();
      await context.close();
    }
  });

  it('shows 天地图 tiles, finds an address, and warns when the pin lies outside every grid', {
    timeout: 300_000,
  }, async () => {
    const grids = await apiOk(url(), 'GET', '/public/taida/map/grids');
    const ring = grids.features[0].geometry.coordinates[0] as number[][];
    const inside = {
      lng: ring.reduce((s, p) => s + (p[0] ?? 0), 0) / ring.length,
      lat: ring.reduce((s, p) => s + (p[1] ?? 0), 0) / ring.length,
    };
    const places = { 泰达第一大街: inside, 天安门广场: { lat: 39.9087, lng: 116.3975 } };
    for (const lang of ['zh', 'en'] as const) {
      const { context, page } = await citizenPage(lang);
      await fakeTianditu(context, places);
      const errors = watchPageProblems(context);
      await openMap(page);
      await expect
        .poll(() => page.locator('[data-testid="report-map"] .cg-tiles img.leaflet-tile-loaded').count())
        .toBeGreaterThan(0);
      expect(await page.getByTestId('report-map').getAttribute('data-offline')).toBe('false');

      // a place far outside the office's grids: found, pinned, and the citizen is warned
      await page.getByTestId('report-map-search').fill('天安门广场');
      await page.getByTestId('report-map-search-go').click();
      await expect.poll(() => page.getByTestId('report-location-text').textContent()).toContain('39.908700');
      await page.getByTestId('report-outside-grid').waitFor();
      await expect
        .poll(() => page.getByTestId('report-outside-grid').textContent())
        .toContain(lang === 'zh' ? '不在本单位任何网格内' : 'outside every grid');
      await screenshot(page, `citizen-map-outside-grid-${lang}`);

      // inside a grid: the warning goes
      await page.getByTestId('report-map-search').fill('泰达第一大街');
      await page.getByTestId('report-map-search-go').click();
      await expect.poll(() => page.getByTestId('report-outside-grid').count()).toBe(0);
      await expect.poll(() => page.getByTestId('report-location-text').textContent()).toContain(inside.lat.toFixed(6));

      // an address the geocoder does not know
      await page.getByTestId('report-map-search').fill('不存在的地址');
      await page.getByTestId('report-map-search-go').click();
      await expect
        .poll(() => page.getByTestId('report-map-search-none').textContent())
        .toBe(lang === 'zh' ? '未找到该地址' : 'Address not found');
      await screenshot(page, `citizen-map-tiles-${lang}`);
      errors.assertNone();
      await context.close();
    }
  });

  it('hides the address search when the office has no geocoder', { timeout: 120_000 }, async () => {
    const admin = await apiLogin(url(), 'admin@taida.demo');
    const current = await apiOk(url(), 'GET', '/api/settings/map', undefined, admin);
    await apiOk(url(), 'PUT', '/api/settings/map', { provider: 'none', version: current.version }, admin);
    const { context, page } = await citizenPage('zh');
    const errors = watchPageProblems(context);
    await openMap(page);
    await expect.poll(() => page.getByTestId('report-map').getAttribute('data-offline')).toBe('true');
    await page.locator('[data-testid="report-map"] path.cg-building').first().waitFor();
    expect(await page.getByTestId('report-map-search').count()).toBe(0);
    errors.assertNone();
    await context.close();
  });
});

describe('the citizen form as served', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`arrives compressed, cached right, with a favicon, within ${JS_BUDGET_BYTES / 1000} KB of JS (${lang})`, {
      timeout: 120_000,
    }, async () => {
      const { context, page } = await citizenPage(lang);
      const errors = watchPageProblems(context);
      const responses: import('playwright-core').Response[] = [];
      page.on('response', (r) => responses.push(r));
      await page.goto(`${env.runtime().url}/r/taida`);
      await page.getByTestId('report-form').waitFor();
      await page.waitForLoadState('networkidle');
      await expect
        .poll(() => page.getByTestId('report-form').locator('h1').textContent())
        .toBe(lang === 'zh' ? '问题上报' : 'Report a problem');

      const scripts = responses.filter((r) => r.request().resourceType() === 'script');
      expect(scripts.length).toBeGreaterThan(0);
      let transferred = 0;
      const sizes: Record<string, number> = {};
      for (const script of scripts) {
        const headers = await script.allHeaders();
        // the body bytes as they came over the wire (compressed), not the size of the file
        const { responseBodySize } = await script.request().sizes();
        // brotli for everything but the tiniest chunks (below 1 KB the headers outweigh the saving)
        if (responseBodySize >= 1024) expect(headers['content-encoding'], script.url()).toBe('br');
        expect(headers.vary, script.url()).toMatch(/accept-encoding/i);
        expect(headers['cache-control'], script.url()).toBe('public, max-age=31536000, immutable');
        sizes[new URL(script.url()).pathname] = responseBodySize;
        transferred += responseBodySize;
      }
      console.info(`citizen form first-load JS as transferred (${lang}):`, sizes, 'total', transferred);
      expect(transferred).toBeGreaterThan(10_000); // the form's code did arrive
      expect(transferred).toBeLessThanOrEqual(JS_BUDGET_BYTES);
      // Leaflet and the console libraries stay off the first load
      expect(scripts.map((s) => s.url()).join(' ')).not.toMatch(/base-map|leaflet|antd|EChart/i);

      const document = responses.find((r) => r.request().resourceType() === 'document');
      const documentHeaders = (await document?.allHeaders()) ?? {};
      expect(documentHeaders['cache-control']).toBe('no-cache');
      expect(documentHeaders.vary).toMatch(/accept-encoding/i);
      const icon = await page.locator('link[rel="icon"]').getAttribute('href');
      expect(icon).toBe('/favicon.svg');
      const favicon = await context.request.get(`${env.runtime().url}${icon}`);
      expect(favicon.status()).toBe(200);
      expect(favicon.headers()['content-type']).toBe('image/svg+xml');
      await screenshot(page, `citizen-form-served-${lang}`);
      errors.assertNone();
      await context.close();
    });
  }

  it('sends gzip to a client without brotli and the plain file to one without either', async () => {
    const html = await (await fetch(`${env.runtime().url}/r/taida`)).text();
    const script = /src="(\/assets\/report-[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const gz = await fetch(`${env.runtime().url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const plain = await fetch(`${env.runtime().url}${script}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toMatch(/accept-encoding/i);
    expect((await gz.text()).length).toBe((await plain.text()).length);
  });
});
