import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiLogin, apiOk, newPage, PHONE, pngImage, screenshot, useDemoBrowser } from '../support/browser';

/** Staff names and contacts of the demo street: none of them may reach a citizen's page. */
const STAFF_MARKERS = ['综治中心', '城管局', '网格员', '街道管理员', '街道领导', 'Dispatcher', '@taida.demo'];

describe('citizen on a phone', () => {
  const env = useDemoBrowser();

  it('submits a report with a photo, tracks it, and after staff close it, rates it', async () => {
    const { context, page } = await newPage(env.browser(), PHONE, true);
    const description = `小区门口垃圾堆放三天无人清理 ${randomUUID().slice(0, 8)}`;
    const phone = '13800138000';

    // the form: category, description, photo (uploaded straight to the bucket), phone
    await page.goto(`${env.runtime().url}/r/taida`);
    await page.getByTestId('report-form').waitFor();
    await page.locator('[data-testid="report-category"] option[value="garbage"]').waitFor({ state: 'attached' });
    await screenshot(page, 'citizen-form');
    await page.getByTestId('report-category').selectOption('garbage');
    await page.getByTestId('report-description').fill(description);
    await expect
      .poll(() => page.getByTestId('report-description-counter').textContent())
      .toBe(`${description.length}/2000`);
    await page.getByTestId('report-address').fill('泰达街道第一大街 12 号');
    await page
      .getByTestId('report-photo-input')
      .setInputFiles({ name: 'garbage.png', mimeType: 'image/png', buffer: pngImage(32) });
    await expect.poll(() => page.getByTestId('report-photo-status-0').textContent()).toBe('已上传');
    await page.getByTestId('report-contact-name').fill('张先生');
    await page.getByTestId('report-contact-phone').fill('138 0013 8000');
    await screenshot(page, 'citizen-form-filled');
    await page.getByTestId('report-submit').click();

    // the tracking code, big
    await page.getByTestId('report-success').waitFor();
    const code = (await page.getByTestId('report-tracking-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    await screenshot(page, 'citizen-success');

    await page.getByTestId('report-track-link').click();
    await page.waitForURL(`**/r/taida/t/${code}`);
    await expect.poll(() => page.getByTestId('track-step').getAttribute('data-step')).toBe('reported');
    await expect(page.getByTestId('track-step').textContent()).resolves.toBe('已上报');
    await screenshot(page, 'tracking');

    // staff run the loop through the API
    const [dispatcher, dept, grid] = await Promise.all([
      apiLogin(env.runtime().url, 'dispatcher@taida.demo'),
      apiLogin(env.runtime().url, 'dept@taida.demo'),
      apiLogin(env.runtime().url, 'grid@taida.demo'),
    ]);
    const list = await apiOk(env.runtime().url, 'GET', '/api/cases?step=reported&limit=100', undefined, dispatcher);
    const found = list.items.find((c: { description: string }) => c.description === description);
    expect(found, 'the report is in the dispatcher’s inbox').toBeDefined();
    const id = found.id as string;
    const detail = await apiOk(env.runtime().url, 'GET', `/api/cases/${id}`, undefined, dispatcher);
    expect(detail.source).toBe('citizen');
    expect(detail.photos).toHaveLength(1);
    expect(detail.reporter).toEqual({ name: '张先生', phone });
    const categories = await apiOk(env.runtime().url, 'GET', '/api/categories', undefined, dispatcher);
    const garbage = categories.items.find((c: { code: string }) => c.code === 'garbage');
    const grids = await apiOk(env.runtime().url, 'GET', '/api/grids', undefined, dispatcher);
    const act = (token: string, action: string, body: unknown) =>
      apiOk(env.runtime().url, 'POST', `/api/cases/${id}/actions/${action}`, body, token);
    await act(dispatcher, 'register', { categoryCode: 'garbage', gridCode: grids.items[0].code });
    await act(dispatcher, 'dispatch', { departmentId: garbage.departmentId });
    await act(dept, 'handle', { note: '已清运' });
    await act(grid, 'verify', { note: '现场已干净' });
    await act(dispatcher, 'close', { note: '结案' });

    // the citizen reloads: closed, with the public steps only
    await page.reload();
    await expect.poll(() => page.getByTestId('track-step').getAttribute('data-step')).toBe('closed');
    await expect(page.getByTestId('track-step').textContent()).resolves.toBe('已结案');
    for (const step of ['reported', 'registered', 'dispatched', 'handled', 'verified', 'closed']) {
      await page.getByTestId(`track-history-${step}`).waitFor();
    }
    // the department's reply is the citizen's answer; the grid worker's check note and staff details are not
    expect(await page.getByTestId('track-reply-text').textContent()).toBe('已清运');
    const shown = await page.content();
    for (const marker of [...STAFF_MARKERS, phone, '张先生', '现场已干净']) {
      expect(shown, `the tracking page must not show “${marker}”`).not.toContain(marker);
    }
    const tracking = await apiOk(env.runtime().url, 'GET', `/public/taida/reports/${code}`);
    expect(JSON.stringify(tracking)).not.toMatch(/actor|userId|note|phone|reporter/);
    await screenshot(page, 'tracking-closed');

    // rate it: 5 stars and a comment
    await page.getByTestId('eval-form').waitFor();
    await page.getByTestId('eval-star-5').click();
    await page.getByTestId('eval-comment').fill('处理及时，非常满意');
    await page.getByTestId('eval-submit').click();
    await page.getByTestId('eval-thanks').waitFor();
    await expect.poll(() => page.getByTestId('track-step').getAttribute('data-step')).toBe('evaluated');
    await page.getByTestId('track-history-evaluated').waitFor();
    await expect(page.getByTestId('track-step').textContent()).resolves.toBe('已评价');
    expect(await page.getByTestId('eval-form').count()).toBe(0);
    await screenshot(page, 'tracking-evaluated');

    // the rating reached the case
    const rated = await apiOk(env.runtime().url, 'GET', `/api/cases/${id}`, undefined, dispatcher);
    expect(rated).toMatchObject({ step: 'evaluated', rating: 5, ratingComment: '处理及时，非常满意' });
    await context.close();
  });

  it('asks the chosen category’s questions and files the answers with the report', async () => {
    const { context, page } = await newPage(env.browser(), PHONE, true);
    const description = `井盖丢失，夜间危险 ${randomUUID().slice(0, 8)}`;
    await page.goto(`${env.runtime().url}/r/taida`);
    await page.getByTestId('report-form').waitFor();
    await page.locator('[data-testid="report-category"] option[value="manhole"]').waitFor({ state: 'attached' });
    expect(await page.getByTestId('report-attributes').count()).toBe(0);
    await page.getByTestId('report-category').selectOption('manhole');
    await page.getByTestId('report-attributes').waitFor();
    expect(await page.getByTestId('report-attributes').textContent()).toContain('井盖类型');
    await page.getByTestId('report-description').fill(description);
    await page.getByTestId('report-address').fill('泰达街道第三大街路口');
    // the required question unanswered: named on the form, in Chinese, nothing filed
    await page.getByTestId('report-submit').click();
    await expect.poll(() => page.getByTestId('report-error-attr-coverType').textContent()).toBe('此项必填');
    await page.getByTestId('report-attr-coverType').selectOption('sewage');
    await page.getByTestId('report-attr-count').fill('2');
    await screenshot(page, 'citizen-form-attributes');
    await page.getByTestId('report-submit').click();
    await page.getByTestId('report-success').waitFor();

    const dispatcher = await apiLogin(env.runtime().url, 'dispatcher@taida.demo');
    const list = await apiOk(env.runtime().url, 'GET', '/api/cases?step=reported&limit=100', undefined, dispatcher);
    const found = list.items.find((c: { description: string }) => c.description === description);
    expect(found, 'the report is in the dispatcher’s inbox').toBeDefined();
    const detail = await apiOk(env.runtime().url, 'GET', `/api/cases/${found.id}`, undefined, dispatcher);
    expect(detail.attributes).toEqual({ coverType: 'sewage', count: 2 });
    await context.close();
  });
});
