import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  apiLogin,
  apiOk,
  DESKTOP,
  loginThroughUi,
  newPage,
  PHONE,
  screenshot,
  useDemoBrowser,
} from '../support/browser';
import { idNumberOf, withBadCheckDigit } from '../support/people';

const ROWS = 1200;
const BAD = [5, 480, 1111];

/** A spreadsheet a clerk would bring: Chinese headers, a few rows with a wrong check digit. */
async function ledger(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('人口');
  sheet.addRow(['姓名', '身份证号', '户籍类型', '手机号', '网格编码']);
  for (let i = 0; i < ROWS; i++) {
    const id = idNumberOf('410102', `19${60 + (i % 40)}0${1 + (i % 9)}1${i % 10}`, i % 1000);
    sheet.addRow([
      `导入${i}`,
      BAD.includes(i) ? withBadCheckDigit(id) : id,
      i % 3 === 0 ? '流动' : '户籍',
      '',
      '120116001001001',
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the 人口 and 房屋 pages', () => {
  const env = useDemoBrowser();

  it('imports a spreadsheet with a progress bar, reports the bad rows, and the import adds the people', {
    timeout: 300_000,
  }, async () => {
    const url = env.runtime().url;
    const { page, context } = await newPage(env.browser(), DESKTOP);
    await loginThroughUi(page, url, 'admin@taida.demo');
    await page.getByTestId('nav-people').click();
    await page.getByTestId('people-table').waitFor();
    // the demo street's residents are listed masked
    const firstId = await page.locator('[data-testid="people-table"] tbody tr.ant-table-row td').nth(1).textContent();
    expect(firstId).toMatch(/^\d{3}\*{11}\d{3}[\dX]$/);
    await page.getByRole('tab', { name: '批量导入' }).click();
    const file = await ledger();
    await page.getByTestId('import-file').setInputFiles({
      name: '人口台账.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
    const progress = page.getByTestId('import-progress');
    await progress.waitFor();
    // the bar is there while the import runs in the background, then reaches 100 %
    expect(await progress.locator('.ant-progress').count()).toBe(1);
    await page.locator('[data-testid="import-progress"][data-status="done"]').waitFor({ timeout: 240_000 });
    expect(await progress.locator('.ant-progress-status-success').count()).toBe(1);
    expect(await page.getByTestId('import-summary').textContent()).toBe(
      `共 ${ROWS} 行：新增 ${ROWS - BAD.length}，已存在 0，错误 ${BAD.length}`,
    );
    const rows = await page
      .locator('[data-testid="import-errors"] tbody tr.ant-table-row td:first-child')
      .allTextContents();
    expect(rows).toEqual(BAD.map((i) => String(i + 2)));
    await screenshot(page, 'people-import');
    // the imported people are searchable by ID number
    const token = await apiLogin(url, 'admin@taida.demo');
    const found = await apiOk(url, 'GET', `/api/people?q=${idNumberOf('410102', '19600110', 0)}`, undefined, token);
    expect(found.items.map((p: { name: string }) => p.name)).toEqual(['导入0']);
    await context.close();
  });

  it('shows a building’s rooms coloured by occupancy, and a leader reveals a person with a reason (phone layout)', {
    timeout: 120_000,
  }, async () => {
    const url = env.runtime().url;
    const { page, context } = await newPage(env.browser(), PHONE, true);
    await loginThroughUi(page, url, 'leader@taida.demo');
    await page.goto(`${url}/buildings`);
    await page.locator('[data-testid="buildings-table"] tbody tr.ant-table-row').first().click();
    await page.getByTestId('building-view').waitFor();
    const kinds = await page
      .locator('[data-testid^="room-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-occupancy')));
    expect(kinds).toContain('vacant');
    expect(kinds.some((k) => k === 'resident' || k === 'floating')).toBe(true);
    await page.goto(`${url}/people`);
    await page.locator('[data-testid="people-table"] tbody tr.ant-table-row').first().click();
    await page.getByTestId('person-card').waitFor();
    const masked = await page.getByTestId('person-id-number').textContent();
    expect(masked).toMatch(/\*{11}/);
    await page.getByTestId('person-reveal').click();
    await page.getByTestId('reveal-reason').fill('入户走访核对身份');
    await page.getByTestId('reveal-submit').click();
    await page
      .getByTestId('person-id-number')
      .filter({ hasText: /^\d{17}[\dX]$/ })
      .waitFor();
    const token = await apiLogin(url, 'admin@taida.demo');
    const log = await apiOk(url, 'GET', '/api/access-log', undefined, token);
    expect(log.items[0]).toMatchObject({ reason: '入户走访核对身份', action: 'reveal' });
    await screenshot(page, 'person-reveal-phone');
    await context.close();
  });
});
