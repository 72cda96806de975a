import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  antSelect,
  apiLogin,
  apiOk,
  DESKTOP,
  loginThroughUi,
  newPage,
  pngImage,
  screenshot,
  settle,
  useDemoBrowser,
} from '../support/browser';

/** How many pins of a layer the map draws (each pin is an SVG path with the layer's class). */
const pins = (page: Page, layer: string) => page.locator(`[data-testid="grid-map"] path.cg-layer-${layer}`).count();

/** Wait until the map draws exactly `n` pins of a layer. */
async function expectPins(page: Page, layer: string, n: number) {
  await page.waitForFunction(
    ([l, count]) => document.querySelectorAll(`[data-testid="grid-map"] path.cg-layer-${l}`).length === count,
    [layer, n] as const,
  );
  expect(await pins(page, layer)).toBe(n);
}

describe('the map’s 部件, camera and organisation layers', () => {
  const env = useDemoBrowser();

  it('shows the layers, toggles each, narrows them to a grid, and a camera leads to its video cases', {
    timeout: 300_000,
  }, async () => {
    const url = env.runtime().url;
    const token = await apiLogin(url, 'admin@taida.demo');
    // what the demo street holds, read through the API: the map must show the same
    const count = async (path: string, gridCode?: string) =>
      (await apiOk(url, 'GET', `${path}?limit=100${gridCode ? `&gridCode=${gridCode}` : ''}`, undefined, token)).items
        .length as number;
    const totals = {
      things: await count('/api/things'),
      cameras: await count('/api/cameras'),
      organisations: await count('/api/organisations'),
    };
    expect(totals.things).toBeGreaterThan(0);
    expect(totals.cameras).toBeGreaterThan(0);
    expect(totals.organisations).toBeGreaterThan(0);

    const { page, context } = await newPage(env.browser(), DESKTOP);
    await loginThroughUi(page, url, 'dispatcher@taida.demo');
    await page.getByTestId('nav-map').click();
    await page.getByTestId('grid-map').waitFor();
    await settle(page);
    for (const [layer, n] of Object.entries(totals)) await expectPins(page, layer, n);
    // Chinese labels, no English
    const labels = (await page.getByTestId('map-layers').textContent()) ?? '';
    expect(labels).toBe('部件视频监控组织');

    // toggling a layer hides only its pins, and brings them back
    await page.getByTestId('map-layer-things').click();
    await expectPins(page, 'things', 0);
    expect(await pins(page, 'cameras')).toBe(totals.cameras);
    await page.getByTestId('map-layer-cameras').click();
    await expectPins(page, 'cameras', 0);
    await page.getByTestId('map-layer-things').click();
    await expectPins(page, 'things', totals.things);
    await page.getByTestId('map-layer-cameras').click();
    await expectPins(page, 'cameras', totals.cameras);

    // one grid: only its things and cameras
    const grid = '120116001001001';
    const inGrid = { things: await count('/api/things', grid), cameras: await count('/api/cameras', grid) };
    expect(inGrid.things).toBeLessThan(totals.things);
    await antSelect(page, 'map-grid', `第1社区 1号网格 (${grid})`);
    await expectPins(page, 'things', inGrid.things);
    await expectPins(page, 'cameras', inGrid.cameras);
    await screenshot(page, 'map-layers');

    // a camera's tooltip is its name as plain text; a click opens the camera's page
    const camera = (await apiOk(url, 'GET', `/api/cameras?gridCode=${grid}`, undefined, token)).items[0];
    const pin = page.locator('[data-testid="grid-map"] path.cg-layer-cameras');
    let tip = '';
    for (let i = 0; i < (await pin.count()) && tip !== camera.name; i++) {
      await pin.nth(i).hover({ force: true });
      tip = await page
        .waitForFunction(() => {
          const el = [...document.querySelectorAll('.leaflet-tooltip')].pop();
          return el && el.children.length === 1 && el.firstElementChild?.tagName === 'SPAN' ? el.textContent : '';
        })
        .then((h) => h.jsonValue() as Promise<string>);
      if (tip === camera.name) await pin.nth(i).click({ force: true });
    }
    expect(tip).toBe(camera.name);
    await page.waitForURL(/\/cameras\/[^/]+$/);
    await page.getByTestId('camera-page').waitFor();
    expect(await page.getByTestId('camera-page').textContent()).toContain(camera.deviceId);

    // a video case seen on that camera, with a snapshot: the case page links the camera, whose page lists it
    const dispatcher = await apiLogin(url, 'dispatcher@taida.demo');
    const image = pngImage();
    const upload = await apiOk(
      url,
      'POST',
      `/api/cameras/${camera.id}/snapshots`,
      { fileName: '抓拍.png', contentType: 'image/png', size: image.length },
      dispatcher,
    );
    const put = await fetch(upload.uploadUrl, { method: 'PUT', headers: upload.headers, body: new Uint8Array(image) });
    expect(put.status).toBe(200);
    const created = await apiOk(
      url,
      'POST',
      '/api/cases',
      { description: '视频巡查发现占道经营', source: 'video', cameraId: camera.id, snapshot: upload.key },
      dispatcher,
    );
    await page.goto(`${url}/cases/${created.id}`);
    await page.getByTestId('case-detail').waitFor();
    expect(await page.getByTestId('case-detail').textContent()).toContain('视频巡查');
    await page.getByTestId('case-camera').click();
    await page.getByTestId('camera-page').waitFor();
    await page.getByTestId(`case-row-${created.id}`).waitFor();

    // the 部件与监控 page lists the same 部件; a row opens its page
    await page.getByTestId('nav-things').click();
    const rows = page.locator('[data-testid="things-table"] tbody tr.ant-table-row');
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="things-table"] tbody tr.ant-table-row').length === n,
      totals.things,
    );
    await rows.first().click();
    await page.getByTestId('thing-page').waitFor();
    expect(await page.getByTestId('thing-page').textContent()).toMatch(/部件编码\d{16}/);
    await context.close();
  });
});
