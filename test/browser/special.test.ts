import { describe, expect, it } from 'vitest';
import { DESKTOP, loginThroughUi, newPage, PHONE, screenshot, useDemoBrowser } from '../support/browser';

describe('the 特殊人群 pages', () => {
  const env = useDemoBrowser();

  it('a grid worker on the phone sees the caseload in Chinese and records a visit', { timeout: 300_000 }, async () => {
    const url = env.runtime().url;
    const { page, context } = await newPage(env.browser(), PHONE, true);
    await loginThroughUi(page, url, 'grid@taida.demo');
    const loaded = page.waitForResponse((r) => r.url().includes('/api/special-caseload'));
    await page.goto(`${url}/special/caseload`);
    await loaded;
    await page.locator('.ant-card-head-title', { hasText: '我的走访任务' }).waitFor();
    const rows = page.locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    const before = await rows.count();
    expect(before).toBeGreaterThan(0);
    expect(await rows.first().textContent()).toMatch(/每 \d+ 天/);
    expect(await page.getByText('严重精神障碍患者').count()).toBeGreaterThan(0);
    await rows.first().getByRole('button', { name: '登记走访' }).click();
    await page.locator('.ant-drawer input').fill('居民家中');
    await page.locator('.ant-drawer textarea').fill('情绪稳定，家属在家');
    const saved = page.waitForResponse((r) => r.url().includes('/visits') && r.request().method() === 'POST');
    await page.locator('.ant-drawer button[type="submit"]').click();
    expect((await saved).status()).toBe(201);
    await page.getByText('走访记录已保存').waitFor();
    // the visit closed one task and opened the next: the caseload keeps one visit per profile
    await page.locator('.ant-table .ant-spin-spinning').waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(before);
    await screenshot(page, 'special-caseload-phone');
    await context.close();
  });

  it('a leader sees the aggregates only; the centre opens a profile with its history', {
    timeout: 300_000,
  }, async () => {
    const url = env.runtime().url;
    const leader = await newPage(env.browser(), DESKTOP);
    await loginThroughUi(leader.page, url, 'leader@taida.demo');
    await leader.page.getByTestId('nav-special').click();
    await leader.page.getByText('按期走访率').first().waitFor();
    expect(await leader.page.getByText('失控漏管数').count()).toBeGreaterThan(0);
    // no profile table for a role without special.read
    expect(await leader.page.locator('.ant-card-head-title', { hasText: /^特殊人群$/ }).count()).toBe(0);
    await leader.context.close();

    const centre = await newPage(env.browser(), DESKTOP);
    await loginThroughUi(centre.page, url, 'dispatcher@taida.demo');
    await centre.page.getByTestId('nav-special').click();
    // the profile table's row (the group table above names the group too, without a button)
    const row = centre.page
      .locator('tbody tr.ant-table-row', { hasText: '刑满释放人员' })
      .filter({ has: centre.page.getByRole('button') });
    await row.waitFor();
    const read = centre.page.waitForResponse((r) => /\/api\/special-populations\/[^/?]+$/.test(r.url()));
    await row.getByRole('button').first().click();
    expect((await read).status()).toBe(200);
    await centre.page.locator('.ant-drawer').getByText('纳入列管').waitFor();
    expect(await centre.page.locator('.ant-drawer').getByText('帮扶').count()).toBeGreaterThan(0);
    await screenshot(centre.page, 'special-profile');
    await centre.context.close();
  });
});
