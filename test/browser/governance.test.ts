import { describe, expect, it } from 'vitest';
import { DESKTOP, loginThroughUi, newPage, PHONE, screenshot, useDemoBrowser } from '../support/browser';

describe('the 矛盾纠纷 and 信访 pages', () => {
  const env = useDemoBrowser();

  it('a mediator on the phone opens the worklist, the file, and records a failed mediation', {
    timeout: 300_000,
  }, async () => {
    const url = env.runtime().url;
    const { page, context } = await newPage(env.browser(), PHONE, true);
    await loginThroughUi(page, url, 'grid@taida.demo');
    const firstList = page.waitForResponse((r) => r.url().includes('/api/disputes?'));
    await page.goto(`${url}/disputes`);
    await firstList;
    // the demo street's open disputes of one of the worker's grids, by deadline, each with its clock: the worker
    // of four grids picks the grid the wage dispute is in
    const row = page.locator('tbody tr.ant-table-row', { hasText: '拖欠工资' });
    const gridSelect = page.getByTestId('worklist-grid');
    const grids = 4;
    for (let k = 1; k < grids && (await row.count()) === 0; k++) {
      await gridSelect.click();
      const listed = page.waitForResponse((r) => r.url().includes('/api/disputes?'));
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').nth(k).click();
      await listed;
      await page.locator('.ant-table .ant-spin-spinning').waitFor({ state: 'detached' });
    }
    await row.waitFor();
    expect(await row.textContent()).toContain('调解中');
    expect(await row.textContent()).toMatch(/剩 \d+ 天/);
    await row.getByRole('link').click();
    await page.locator('.ant-card-head-title', { hasText: '调解记录' }).waitFor();
    expect(await page.getByText('听取双方陈述，释法明理').count()).toBeGreaterThan(0);
    await page.getByTestId('act-fail').click();
    await page.locator('.ant-drawer textarea').fill('双方对工资数额分歧较大');
    await page.getByTestId('act-submit').click();
    await page.locator('.ant-card-extra .ant-tag', { hasText: '调解不成' }).waitFor();
    expect(await page.getByText('双方对工资数额分歧较大').count()).toBeGreaterThan(0);
    await screenshot(page, 'dispute-file-phone');
    await context.close();
  });

  it('the centre sees the petitions worklist in Chinese with the reply document on the file', {
    timeout: 300_000,
  }, async () => {
    const url = env.runtime().url;
    const { page, context } = await newPage(env.browser(), DESKTOP);
    await loginThroughUi(page, url, 'dispatcher@taida.demo');
    await page.getByTestId('nav-petitions').click();
    await page.locator('tbody tr.ant-table-row', { hasText: '违章建筑' }).waitFor();
    await page.goto(`${url}/petitions`);
    const replied = page.locator('tbody tr.ant-table-row', { hasText: '供暖' });
    await replied.waitFor();
    await replied.getByRole('link').click();
    await page.getByRole('button', { name: '打印处理意见书' }).waitFor();
    expect(await page.getByText('办理记录').count()).toBe(1);
    await screenshot(page, 'petition-file');
    await context.close();
  });
});
