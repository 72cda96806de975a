import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  antSelect,
  apiLogin,
  apiOk,
  DESKTOP,
  loginThroughUi,
  newPage,
  PHONE,
  PLATFORM_ADMIN,
  pngImage,
  screenshot,
  settle,
  useDemoBrowser,
} from '../support/browser';

const GARBAGE = '暴露垃圾';
const CITY_MANAGEMENT = '城市管理局';
const GRID_1_1 = '第1社区 1号网格 (120116001001001)';
const DIRTY_ROAD = '道路不洁';
const PROPERTY_OFFICE = '物业办';
const CITIZEN_PHONE = '13812345678';

/** The number in a table cell marked `data-col="<col>"` of the row `data-testid="<rowTestId>"`. */
async function cellNumber(page: Page, rowTestId: string, col: string): Promise<number> {
  const text = await page.getByTestId(rowTestId).locator(`td[data-col="${col}"]`).first().textContent();
  return Number(text?.trim() || Number.NaN);
}

/** `settle`, then until antd's loading blur has faded out of every table, so a screenshot shows the rows crisp. */
async function settleTables(page: Page): Promise<void> {
  await settle(page);
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.ant-spin-container')].every((el) => getComputedStyle(el).opacity === '1'),
  );
}

/** Open a case from a workbench tab: the card is there, and clicking it opens the case page. */
async function openFromWorklist(page: Page, url: string, tab: string, caseId: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId(`tab-${tab}`).click();
  const card = page.getByTestId(`worklist-${tab}`).getByTestId(`case-row-${caseId}`);
  await card.waitFor();
  await card.click();
  await page.waitForURL(`**/cases/${encodeURIComponent(caseId)}`);
  await page.getByTestId('case-detail').waitFor();
}

/** Take an action through its button and modal; then the page shows the new step and its timeline entry. */
async function act(page: Page, action: string, fill: () => Promise<void>, step: string, eventType: string) {
  await page.getByTestId(`action-${action}`).click();
  await page.getByTestId('action-submit').waitFor();
  await fill();
  await page.getByTestId('action-submit').click();
  await expect.poll(() => page.getByTestId('case-detail').getAttribute('data-step')).toBe(step);
  await page.locator(`[data-testid^="case-event-"][data-type="${eventType}"]`).waitFor();
  expect(await page.getByTestId('action-error').count()).toBe(0);
}

describe('the console, role by role', () => {
  const env = useDemoBrowser();

  it('each role does its job through the UI; the leader sees 结案 rise, the platform admin sees usage rise', async () => {
    const url = env.runtime().url;
    const taida = (
      await apiOk(url, 'POST', '/api/auth/login', { email: 'leader@taida.demo', password: 'civicgrid-demo-2026' })
    ).tenant.id as string;

    // a citizen leaves a phone number with a report: the acknowledgement SMS is the outbox's first message
    await apiOk(url, 'POST', '/public/taida/reports', {
      description: `人行道上有油污，行人易滑倒 ${randomUUID().slice(0, 8)}`,
      categoryCode: 'road-dirty',
      address: '泰达第一社区 5 号楼前',
      contact: { name: '张先生', phone: CITIZEN_PHONE },
    });

    // --- the platform admin: tenants, and a first reading of usage
    const admin = await newPage(env.browser(), DESKTOP);
    await admin.page.goto(`${url}/login`);
    await admin.page.getByTestId('login-email').waitFor();
    await screenshot(admin.page, 'login');
    await loginThroughUi(admin.page, url, PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
    await admin.page.waitForURL('**/admin/tenants');
    await admin.page.getByTestId('tenant-row-taida').waitFor();
    await admin.page.getByTestId('tenant-row-xingang').waitFor();
    await admin.page.getByTestId('tenant-row-binhai').waitFor();
    await screenshot(admin.page, 'admin-tenants');
    await admin.page.getByTestId('nav-admin-usage').click();
    await admin.page.getByTestId('usage-row-taida').waitFor();
    await settle(admin.page);
    const usageBefore = {
      cases: await cellNumber(admin.page, 'usage-row-taida', 'cases'),
      requests: await cellNumber(admin.page, 'usage-row-taida', 'requests'),
    };
    expect(usageBefore.cases).toBeGreaterThanOrEqual(0);
    await screenshot(admin.page, 'admin-usage');

    // --- the leader: the KPI table before
    const leader = await newPage(env.browser(), DESKTOP);
    await loginThroughUi(leader.page, url, 'leader@taida.demo');
    await leader.page.getByTestId('nav-dashboard').click();
    await leader.page.getByTestId(`kpi-row-${taida}`).waitFor();
    await settle(leader.page);
    const closedBefore = await cellNumber(leader.page, `kpi-row-${taida}`, 'closed');
    expect(closedBefore).toBeGreaterThanOrEqual(0);
    await screenshot(leader.page, 'dashboard');

    // --- the grid worker on a phone reports a case from patrol
    const grid = await newPage(env.browser(), PHONE, true);
    await loginThroughUi(grid.page, url, 'grid@taida.demo');
    await screenshot(grid.page, 'grid-worklist-phone');
    await grid.page.getByTestId('menu-toggle').click();
    await grid.page.getByTestId('nav-new-case').click();
    await grid.page.waitForURL('**/cases/new');
    await grid.page.locator('.ant-drawer-open').waitFor({ state: 'detached' });
    const description = `路边暴露垃圾，约两立方 ${randomUUID().slice(0, 8)}`;
    await grid.page.getByTestId('new-case-description').fill(description);
    await antSelect(grid.page, 'new-case-category', GARBAGE);
    await grid.page.getByTestId('new-case-address').fill('泰达第一社区 3 号楼旁');
    await screenshot(grid.page, 'new-case-phone');
    await grid.page.getByTestId('new-case-submit').click();
    await grid.page.waitForURL(/\/cases\/[^/]+$/);
    await grid.page.getByTestId('case-detail').waitFor();
    const caseId = decodeURIComponent(new URL(grid.page.url()).pathname.split('/').pop() ?? '');
    expect(await grid.page.getByTestId('case-detail').getAttribute('data-step')).toBe('reported');
    await grid.page.locator('[data-testid^="case-event-"][data-type="reported"]').waitFor();
    expect(await grid.page.getByTestId('case-description').textContent()).toBe(description);

    // --- the dispatcher registers (category + grid) and dispatches to the category's department
    const dispatcher = await newPage(env.browser(), DESKTOP);
    await loginThroughUi(dispatcher.page, url, 'dispatcher@taida.demo');
    await openFromWorklist(dispatcher.page, url, 'inbox', caseId);
    await screenshot(dispatcher.page, 'case-reported');
    await act(
      dispatcher.page,
      'register',
      async () => {
        await antSelect(dispatcher.page, 'action-category', GARBAGE);
        await antSelect(dispatcher.page, 'action-grid', GRID_1_1);
        await dispatcher.page.getByTestId('action-note').fill('符合立案标准');
      },
      'registered',
      'registered',
    );
    await act(
      dispatcher.page,
      'dispatch',
      async () => {
        await antSelect(dispatcher.page, 'action-department', CITY_MANAGEMENT);
      },
      'dispatched',
      'dispatched',
    );
    await screenshot(dispatcher.page, 'case-dispatched');
    await dispatcher.page.goto(`${url}/`);
    await dispatcher.page.getByTestId('worklist-inbox').waitFor();
    await settle(dispatcher.page);
    await screenshot(dispatcher.page, 'worklist');
    await dispatcher.page.getByTestId('nav-cases').click();
    await dispatcher.page.getByTestId(`case-row-${caseId}`).waitFor();
    await screenshot(dispatcher.page, 'case-list');
    await dispatcher.page.getByTestId('nav-map').click();
    await dispatcher.page.getByTestId('grid-map').waitFor();
    await dispatcher.page.locator('[data-testid="grid-map"] path.leaflet-interactive').first().waitFor();
    await settle(dispatcher.page);
    await screenshot(dispatcher.page, 'map');

    // --- the department handles it with a note and a photo (waits for the upload to finish)
    const dept = await newPage(env.browser(), DESKTOP);
    await loginThroughUi(dept.page, url, 'dept@taida.demo');
    await openFromWorklist(dept.page, url, 'todo', caseId);
    await act(
      dept.page,
      'handle',
      async () => {
        await dept.page.getByTestId('action-note').fill('已清运完毕，现场恢复整洁');
        await dept.page
          .getByTestId('action-evidence-input')
          .setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: pngImage(48) });
        await expect.poll(() => dept.page.getByTestId('action-evidence-0').getAttribute('data-status')).toBe('done');
      },
      'handled',
      'handled',
    );
    // the photo is on the case and downloads through `GET /api/cases/{id}/evidence?key=`
    await dept.page.getByTestId('evidence-0').waitFor();
    await expect.poll(() => dept.page.getByTestId('evidence-download-0').getAttribute('href')).toMatch(/^http/);
    const href = (await dept.page.getByTestId('evidence-download-0').getAttribute('href')) ?? '';
    const photo = await fetch(href);
    expect(photo.status).toBe(200);
    expect(
      Buffer.from(await photo.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    await dept.page.locator('[data-testid="evidence-0"] img').waitFor();
    await expect
      .poll(() =>
        dept.page.locator('[data-testid="evidence-0"] img').evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBe(48);
    await screenshot(dept.page, 'case-handled');

    // --- the grid worker (phone) verifies on site
    await openFromWorklist(grid.page, url, 'to-verify', caseId);
    await act(
      grid.page,
      'verify',
      async () => {
        await grid.page.getByTestId('action-note').fill('现场核查已清理');
      },
      'verified',
      'verified',
    );
    await screenshot(grid.page, 'case-verified-phone');

    // --- the dispatcher closes it
    await openFromWorklist(dispatcher.page, url, 'to-close', caseId);
    await act(dispatcher.page, 'close', async () => undefined, 'closed', 'closed');
    const types = await dispatcher.page
      .locator('[data-testid^="case-event-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    expect(types).toEqual(['reported', 'registered', 'dispatched', 'handled', 'verified', 'closed']);
    // a closed case offers the centre only its 回访 (follow-up)
    const left = await dispatcher.page
      .getByTestId('case-actions')
      .locator('button[data-testid^="action-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(left).toEqual(['action-followUp']);
    await screenshot(dispatcher.page, 'case-closed');

    // --- the leader sees 结案 rise by one
    await expect
      .poll(
        async () => {
          await leader.page.reload();
          await leader.page.getByTestId(`kpi-row-${taida}`).waitFor();
          return cellNumber(leader.page, `kpi-row-${taida}`, 'closed');
        },
        { timeout: 20_000 },
      )
      .toBe(closedBefore + 1);
    await screenshot(leader.page, 'dashboard-after');

    // --- the platform admin sees usage rise: cases at once (counted in the transaction), requests after the
    //     meter's next flush (every 60 s in the embedded runtime)
    const usageNow = async (col: string) => {
      await admin.page.reload();
      await admin.page.getByTestId('usage-row-taida').waitFor();
      await settle(admin.page);
      return cellNumber(admin.page, 'usage-row-taida', col);
    };
    expect(await usageNow('cases')).toBe(usageBefore.cases + 1);
    await expect
      .poll(() => usageNow('requests'), { timeout: 90_000, interval: 2_000 })
      .toBeGreaterThan(usageBefore.requests);
    await screenshot(admin.page, 'admin-usage-after');

    // --- the street admin's configuration pages; the working calendar round-trips the domain's shape
    const streetAdmin = await newPage(env.browser(), DESKTOP);
    await loginThroughUi(streetAdmin.page, url, 'admin@taida.demo');
    for (const [nav, testId] of [
      ['users', 'users-table'],
      ['departments', 'departments-table'],
      ['grids', 'grids-table'],
      ['categories', 'categories-table'],
      ['tenants', 'tenants-table'],
    ] as const) {
      await streetAdmin.page.getByTestId(`nav-${nav}`).click();
      await streetAdmin.page.getByTestId(testId).locator('tbody tr.ant-table-row').first().waitFor();
      await settle(streetAdmin.page);
      await screenshot(streetAdmin.page, `config-${nav}`);
    }
    // an Open311 key: the secret is shown once, the list keeps its name only
    await streetAdmin.page.getByTestId('nav-api-keys').click();
    await streetAdmin.page.getByTestId('api-key-name').fill('12345 热线对接');
    await streetAdmin.page.getByTestId('api-key-submit').click();
    await expect.poll(() => streetAdmin.page.getByTestId('api-key-secret').textContent()).toMatch(/^cg_/);
    await screenshot(streetAdmin.page, 'config-api-key-created');
    await streetAdmin.page.locator('.ant-modal-footer .ant-btn-primary').click();
    await streetAdmin.page.getByTestId('api-keys-table').getByText('12345 热线对接').waitFor();
    await screenshot(streetAdmin.page, 'config-api-keys');
    // an integration key with a scope: its scope is listed in Chinese, and it can be revoked
    await streetAdmin.page.getByTestId('api-key-name').fill('大屏读取');
    await streetAdmin.page.getByTestId('api-key-scopes').getByText('读取案件').click();
    await streetAdmin.page.getByTestId('api-key-submit').click();
    await expect.poll(() => streetAdmin.page.getByTestId('api-key-secret').textContent()).toMatch(/^cg_/);
    await streetAdmin.page.locator('.ant-modal-footer .ant-btn-primary').click();
    const screenRow = streetAdmin.page.getByTestId('api-keys-table').locator('tr', { hasText: '大屏读取' });
    await screenRow.getByText('读取案件').waitFor();
    await screenRow.locator('[data-testid^="api-key-revoke-"]').click();
    await streetAdmin.page.locator('.ant-modal-confirm-btns .ant-btn-dangerous').click();
    await expect.poll(() => screenRow.count()).toBe(0);

    // a webhook to a receiver on this machine: the signing secret shown once, then the (empty) delivery log
    await streetAdmin.page.getByTestId('nav-webhooks').click();
    await streetAdmin.page.getByTestId('webhook-url').fill('http://127.0.0.1:9/civicgrid');
    await streetAdmin.page.getByTestId('webhook-events').click();
    await streetAdmin.page.locator('.ant-select-dropdown').getByText('案件 · 派遣', { exact: true }).click();
    await streetAdmin.page.keyboard.press('Escape');
    await streetAdmin.page.getByTestId('webhook-submit').click();
    await expect.poll(() => streetAdmin.page.getByTestId('webhook-secret').textContent()).toMatch(/^whsec_/);
    await screenshot(streetAdmin.page, 'config-webhook-created');
    await streetAdmin.page.locator('.ant-modal-footer .ant-btn-primary').click();
    const hookRow = streetAdmin.page.getByTestId('webhooks-table').locator('tr', { hasText: '127.0.0.1:9' });
    await hookRow.getByText('案件 · 派遣').waitFor();
    await hookRow.locator('[data-testid^="webhook-log-"]').click();
    await streetAdmin.page.getByTestId('webhook-deliveries').waitFor();
    await screenshot(streetAdmin.page, 'config-webhook-deliveries');
    await streetAdmin.page.locator('.ant-drawer-close').click();

    await streetAdmin.page.getByTestId('nav-calendar').click();
    await expect.poll(() => streetAdmin.page.getByTestId('calendar-start-0').inputValue()).toBe('09:00');
    await expect.poll(() => streetAdmin.page.getByTestId('calendar-end-1').inputValue()).toBe('17:30');
    const holidays = streetAdmin.page.getByTestId('calendar-holidays');
    await holidays.fill(`${await holidays.inputValue()}\n2026-12-31`);
    await streetAdmin.page.getByTestId('calendar-submit').click();
    await screenshot(streetAdmin.page, 'config-calendar');
    const adminToken = await apiLogin(url, 'admin@taida.demo');
    await expect
      .poll(async () => (await apiOk(url, 'GET', '/api/calendar', undefined, adminToken)).holidays as string[])
      .toContain('2026-12-31');
    const calendar = await apiOk(url, 'GET', '/api/calendar', undefined, adminToken);
    expect(calendar).toMatchObject({ weekendDays: [0, 6], workingHours: [{ start: '09:00' }, { end: '17:30' }] });
    expect(await streetAdmin.page.getByTestId('calendar-error').count()).toBe(0);

    // a grid drawn on the map: four corners clicked, the ring closed, saved with a code, a name and a worker
    const drawnCode = '120116001002009';
    const drawnRow = streetAdmin.page.getByTestId(`grid-row-${drawnCode}`);
    const drawMap = streetAdmin.page.getByTestId('grid-draw-map');
    const clickCorners = async (corners: [number, number][]) => {
      const box = await drawMap.boundingBox();
      if (!box) throw new Error('the draw map has no box');
      for (const [x, y] of corners) await streetAdmin.page.mouse.click(box.x + box.width * x, box.y + box.height * y);
    };
    await streetAdmin.page.getByTestId('nav-grids').click();
    await drawMap.locator('.cg-offline-tile').first().waitFor();
    await settleTables(streetAdmin.page);
    await drawMap.scrollIntoViewIfNeeded();
    await clickCorners([
      [0.3, 0.3],
      [0.7, 0.3],
      [0.7, 0.7],
      [0.3, 0.7],
    ]);
    await expect.poll(() => drawMap.getAttribute('data-corners')).toBe('4');
    // undo takes the last corner back; it is clicked again
    await streetAdmin.page.getByTestId('grid-draw-undo').click();
    await expect.poll(() => drawMap.getAttribute('data-corners')).toBe('3');
    await clickCorners([[0.3, 0.7]]);
    await expect.poll(() => drawMap.getAttribute('data-corners')).toBe('4');
    await streetAdmin.page.getByTestId('grid-draw-finish').click();
    await expect.poll(() => drawMap.getAttribute('data-closed')).toBe('true');
    await streetAdmin.page.getByTestId('grid-code').fill(drawnCode);
    await streetAdmin.page.getByTestId('grid-name').fill('第2社区 9号网格（绘制）');
    await antSelect(streetAdmin.page, 'grid-workers', '网格员');
    await streetAdmin.page.keyboard.press('Escape');
    await streetAdmin.page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .waitFor({ state: 'hidden' });
    await screenshot(streetAdmin.page, 'console-grid-draw');
    await streetAdmin.page.getByTestId('grid-save').click();
    await drawnRow.waitFor();
    expect(await streetAdmin.page.getByTestId(`grid-history-${drawnCode}`).textContent()).toBe('0');
    expect(await streetAdmin.page.getByTestId('grid-error').count()).toBe(0);
    const drawn = (await apiOk(url, 'GET', '/api/grids', undefined, adminToken)).items.find(
      (g: { code: string }) => g.code === drawnCode,
    );
    expect(drawn.polygon.coordinates[0]).toHaveLength(5);
    expect(drawn.polygon.coordinates[0][4]).toEqual(drawn.polygon.coordinates[0][0]);
    expect(drawn.workerIds).toHaveLength(1);
    // …then redrawn as a triangle: the earlier boundary goes to its history
    await streetAdmin.page.getByTestId(`grid-redraw-${drawnCode}`).click();
    await expect.poll(() => streetAdmin.page.getByTestId('grid-code').isDisabled()).toBe(true);
    await drawMap.scrollIntoViewIfNeeded();
    await clickCorners([
      [0.4, 0.25],
      [0.75, 0.75],
      [0.25, 0.75],
    ]);
    await expect.poll(() => drawMap.getAttribute('data-corners')).toBe('3');
    await streetAdmin.page.getByTestId('grid-draw-finish').click();
    await streetAdmin.page.getByTestId('grid-save').click();
    await expect.poll(() => streetAdmin.page.getByTestId(`grid-history-${drawnCode}`).textContent()).toBe('1');
    expect(await streetAdmin.page.getByTestId('grid-error').count()).toBe(0);
    const redrawn = (await apiOk(url, 'GET', '/api/grids', undefined, adminToken)).items.find(
      (g: { code: string }) => g.code === drawnCode,
    );
    expect(redrawn.polygon.coordinates[0]).toHaveLength(4);
    expect(redrawn.history).toHaveLength(1);
    // a second grid with the same code: the server's 409 shows under the code field
    await drawMap.scrollIntoViewIfNeeded();
    await clickCorners([
      [0.2, 0.2],
      [0.5, 0.2],
      [0.5, 0.5],
    ]);
    await streetAdmin.page.getByTestId('grid-draw-finish').click();
    await streetAdmin.page.getByTestId('grid-code').fill(drawnCode);
    await streetAdmin.page.getByTestId('grid-name').fill('重复编码');
    await streetAdmin.page.getByTestId('grid-save').click();
    await streetAdmin.page.locator('.ant-form-item-has-error [data-testid="grid-code"]').waitFor();
    await streetAdmin.page.getByTestId('grid-draw-clear').click();
    await expect.poll(() => drawMap.getAttribute('data-corners')).toBe('0');

    // a routing rule through the form: in grid 1-1, dirty roads go to the property office
    const ruleKey = '120116001001001#road-dirty';
    const ruleRow = (page: Page) => page.getByTestId('routing-table').locator(`tr[data-rule="${ruleKey}"]`);
    await streetAdmin.page.getByTestId('nav-routing').click();
    await streetAdmin.page.getByTestId('routing-table').waitFor();
    await settle(streetAdmin.page);
    await antSelect(streetAdmin.page, 'routing-grid', GRID_1_1);
    await antSelect(streetAdmin.page, 'routing-category', DIRTY_ROAD);
    await antSelect(streetAdmin.page, 'routing-department', PROPERTY_OFFICE);
    await streetAdmin.page.getByTestId('routing-submit').click();
    await ruleRow(streetAdmin.page).waitFor();
    expect(await ruleRow(streetAdmin.page).textContent()).toContain(PROPERTY_OFFICE);
    expect(await ruleRow(streetAdmin.page).textContent()).toContain(DIRTY_ROAD);
    expect(await streetAdmin.page.getByTestId('routing-error').count()).toBe(0);
    const rules = await apiOk(url, 'GET', '/api/routing-rules', undefined, adminToken);
    expect(rules.items).toContainEqual(
      expect.objectContaining({ gridCode: '120116001001001', categoryCode: 'road-dirty' }),
    );
    await settleTables(streetAdmin.page);
    await screenshot(streetAdmin.page, 'console-routing');

    // the outbox: the citizen's acknowledgement SMS, phone masked, linked to its case
    await streetAdmin.page.getByTestId('nav-outbox').click();
    await streetAdmin.page.getByTestId('outbox-row-0').waitFor();
    const sms = streetAdmin.page.locator('[data-testid^="outbox-row-"][data-kind="citizen.reported"]');
    await sms.first().waitFor();
    expect(await sms.first().getAttribute('data-channel')).toBe('sms');
    expect(await sms.first().textContent()).toContain('138****5678');
    expect(await streetAdmin.page.getByTestId('outbox-table').textContent()).not.toContain(CITIZEN_PHONE);
    await settleTables(streetAdmin.page);
    await screenshot(streetAdmin.page, 'console-outbox');

    // usage and plan: taida is on 'standard'; this month's meters and the rows; the CSV comes from the API
    await streetAdmin.page.getByTestId('nav-usage').click();
    await expect.poll(() => streetAdmin.page.getByTestId('usage-plan').getAttribute('data-plan')).toBe('standard');
    for (const meter of ['reports', 'storage', 'users']) {
      await streetAdmin.page.getByTestId(`usage-progress-${meter}`).waitFor();
      expect(
        Number(await streetAdmin.page.getByTestId(`usage-progress-${meter}`).getAttribute('data-limit')),
      ).toBeGreaterThan(0);
    }
    expect(
      Number(await streetAdmin.page.getByTestId('usage-progress-users').getAttribute('data-used')),
    ).toBeGreaterThan(0);
    await streetAdmin.page.getByTestId('usage-rows').getByTestId('usage-row-taida').waitFor();
    await settleTables(streetAdmin.page);
    await screenshot(streetAdmin.page, 'console-usage');
    const [csv] = await Promise.all([
      streetAdmin.page.waitForEvent('download'),
      streetAdmin.page.getByTestId('usage-csv').click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^civicgrid-usage-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csvText = await readFile((await csv.path()) ?? '', 'utf8');
    expect(csvText.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^tenantId,slug,name,/);
    expect(csvText).toMatch(/\r\n[^,]+,taida,/);

    // the dispatcher reads the rules (no form, no delete) and the outbox; usage is the admin's
    await dispatcher.page.getByTestId('nav-routing').click();
    await ruleRow(dispatcher.page).waitFor();
    expect(await dispatcher.page.getByTestId('routing-submit').count()).toBe(0);
    expect(await dispatcher.page.locator('[data-testid^="routing-delete-"]').count()).toBe(0);
    await dispatcher.page.getByTestId('nav-outbox').click();
    await dispatcher.page.locator('[data-testid^="outbox-row-"][data-kind="citizen.reported"]').first().waitFor();
    expect(await dispatcher.page.getByTestId('nav-usage').count()).toBe(0);

    // the street admin removes the rule again
    await streetAdmin.page.getByTestId('nav-routing').click();
    await ruleRow(streetAdmin.page).waitFor();
    const ruleIndex = (await ruleRow(streetAdmin.page).getAttribute('data-testid'))?.replace('routing-row-', '');
    await streetAdmin.page.getByTestId(`routing-delete-${ruleIndex}`).click();
    await ruleRow(streetAdmin.page).waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await apiOk(url, 'GET', '/api/routing-rules', undefined, adminToken)).items.length)
      .toBe(rules.items.length - 1);

    for (const session of [admin, leader, grid, dispatcher, dept, streetAdmin]) await session.context.close();
  }, 300_000);
});
