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
  screenshot,
  settle,
  useDemoBrowser,
} from '../support/browser';

/** The number a workbench tab shows (its badge's `data-count`). */
async function tabCount(page: Page, tab: string): Promise<number> {
  const badge = page.getByTestId(`tab-count-${tab}`);
  await expect.poll(async () => (await badge.getAttribute('data-count')) ?? '').not.toBe('');
  return Number(await badge.getAttribute('data-count'));
}

/** The bell's unread number. */
async function bellCount(page: Page): Promise<number> {
  return Number((await page.getByTestId('bell-count').getAttribute('data-count')) ?? Number.NaN);
}

/** Every case id the API lists for a query (all pages). */
async function listedIds(url: string, token: string, query: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await apiOk(
      url,
      'GET',
      `/api/cases?${query}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      undefined,
      token,
    );
    ids.push(...page.items.map((c: { id: string }) => c.id));
    cursor = page.cursor;
  } while (cursor);
  return ids;
}

/** The 案件ID column of a downloaded .xlsx (the header row left out). */
async function exportedIds(path: string): Promise<string[]> {
  const { default: Excel } = await import('exceljs');
  const book = new Excel.Workbook();
  await book.xlsx.load((await readFile(path)) as never);
  const sheet = book.worksheets[0];
  const header = (sheet?.getRow(1).values ?? []) as unknown[];
  const col = header.indexOf('案件ID');
  const ids: string[] = [];
  sheet?.eachRow((row, n) => {
    if (n > 1) ids.push(String((row.values as unknown[])[col]));
  });
  return ids;
}

describe('worklists, the bell and the case list as a working tool', () => {
  const env = useDemoBrowser();

  it('zh-CN: tab counts, bulk dispatch, the department’s bell, search, filter + xlsx export, 交办单, reloads', async () => {
    const url = env.runtime().url;
    const dispatcherToken = await apiLogin(url, 'dispatcher@taida.demo');
    const deptToken = await apiLogin(url, 'dept@taida.demo');
    const deptMe = await apiOk(url, 'GET', '/api/me', undefined, deptToken);
    const departments = (await apiOk(url, 'GET', '/api/departments', undefined, dispatcherToken)).items as Array<{
      id: string;
      name: string;
    }>;
    const dept = departments.find((d) => d.id === deptMe.user.departmentId);
    if (!dept) throw new Error('the demo department user has no department');

    // two staff-created cases, filed (registered): they wait in 待派遣
    const tag = randomUUID().slice(0, 6);
    const ids: string[] = [];
    for (const n of [1, 2]) {
      const made = await apiOk(
        url,
        'POST',
        '/api/cases',
        { description: `批量派遣测试 ${tag} 第${n}件：小区门口垃圾堆放` },
        dispatcherToken,
      );
      await apiOk(url, 'POST', `/api/cases/${made.id}/actions/register`, { categoryCode: 'garbage' }, dispatcherToken);
      ids.push(made.id);
    }
    const [first, second] = ids as [string, string];
    const firstCase = await apiOk(url, 'GET', `/api/cases/${first}`, undefined, dispatcherToken);
    expect(firstCase.number).toMatch(/^[A-Z]+-\d{4}-\d{6}$/); // the short human number, not the id
    expect(first).toContain('.'); // case ids have dots: the reload below goes through the SPA fallback

    // two citizens report the same heap: the second is flagged 疑似重复 on the centre's 待受理 cards
    const heap = { categoryCode: 'garbage', location: { lat: 39.0345, lng: 117.7123 }, address: '泰达第二社区南门' };
    await apiOk(url, 'POST', '/public/taida/reports', { ...heap, description: `南门垃圾成堆 ${tag}` });
    const again = await apiOk(url, 'POST', '/public/taida/reports', { ...heap, description: `南门又堆垃圾 ${tag}` });
    expect(again.duplicates.length).toBeGreaterThan(0);
    const againCase = await apiOk(
      url,
      'GET',
      `/api/cases?trackingCode=${again.trackingCode}`,
      undefined,
      dispatcherToken,
    );
    const againId = againCase.items[0].id as string;

    // the dispatcher's workbench: the 待派遣 tab shows the maintained counter
    const dispatcher = await newPage(env.browser(), DESKTOP);
    await loginThroughUi(dispatcher.page, url, 'dispatcher@taida.demo');
    await dispatcher.page.goto(url);
    const counts = await apiOk(url, 'GET', '/api/worklists/counts', undefined, dispatcherToken);
    expect(counts.registered).toBeGreaterThanOrEqual(2);
    expect(await tabCount(dispatcher.page, 'to-dispatch')).toBe(counts.registered);
    await dispatcher.page.getByTestId('tab-to-dispatch').click();
    await dispatcher.page.getByTestId('worklist-to-dispatch').getByTestId(`case-row-${first}`).waitFor();
    await expect
      .poll(() => dispatcher.page.getByTestId(`case-row-${first}`).locator('.ant-card-head-title').textContent())
      .toBe(firstCase.number);
    await screenshot(dispatcher.page, 'worklist-tab-counts-zh');
    await dispatcher.page.getByTestId('tab-inbox').click();
    await dispatcher.page.getByTestId('worklist-inbox').getByTestId(`flag-duplicate-${againId}`).waitFor();
    expect(await dispatcher.page.getByTestId(`flag-duplicate-${againId}`).textContent()).toBe('疑似重复');

    // the department's bell before the dispatch
    const department = await newPage(env.browser(), DESKTOP);
    await loginThroughUi(department.page, url, 'dept@taida.demo');
    await department.page.goto(url);
    const todoBefore = await tabCount(department.page, 'todo');
    await department.page.getByTestId('bell').waitFor();
    const bellBefore = await bellCount(department.page);

    // bulk dispatch from the case list: both selected, one department, an outcome per case
    await dispatcher.page.goto(`${url}/cases`);
    await settle(dispatcher.page);
    // free text: the maintained term index (character pairs) finds both
    await dispatcher.page.getByTestId('filter-q').locator('input').fill('批量派遣测试');
    await dispatcher.page.getByTestId('filter-q').locator('input').press('Enter');
    await dispatcher.page.getByTestId(`case-row-${first}`).waitFor();
    await dispatcher.page.getByTestId(`case-row-${second}`).waitFor();
    for (const id of ids) await dispatcher.page.getByTestId(`case-row-${id}`).locator('.ant-checkbox-input').check();
    expect(dispatcher.page.url()).toBe(`${url}/cases`); // ticking a row selects it, it does not open it
    await dispatcher.page.getByTestId('bulk-dispatch').click();
    await antSelect(dispatcher.page, 'bulk-department', dept.name);
    await dispatcher.page.getByTestId('bulk-confirm').click();
    await dispatcher.page.getByTestId(`bulk-ok-${first}`).waitFor();
    await dispatcher.page.getByTestId(`bulk-ok-${second}`).waitFor();
    await screenshot(dispatcher.page, 'case-list-bulk-dispatch-zh');
    for (const id of ids) {
      const c = await apiOk(url, 'GET', `/api/cases/${id}`, undefined, dispatcherToken);
      expect([c.step, c.departmentId]).toEqual(['dispatched', dept.id]);
    }

    // the department: the bell counts the two new dispatches, its 待处置 tab two more
    await department.page.reload();
    await department.page.getByTestId('bell').waitFor();
    await expect.poll(() => bellCount(department.page)).toBe(bellBefore + 2);
    expect(await tabCount(department.page, 'todo')).toBe(todoBefore + 2);
    await department.page.getByTestId('tab-todo').click();
    await department.page.getByTestId(`countdown-${first}`).waitFor(); // the time left on the card
    await department.page.getByTestId('worklist-todo-sort-deadline').click();
    const deadlines = await department.page
      .getByTestId('worklist-todo')
      .locator('[data-testid^="case-row-"]')
      .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-deadline') || '~'));
    expect(deadlines).toEqual([...deadlines].sort());
    await department.page.getByTestId('bell').click();
    const notice = department.page.getByTestId(`bell-item-${first}`);
    await notice.waitFor();
    expect(await notice.textContent()).toContain('新派遣');
    await screenshot(department.page, 'bell-dispatch-zh');
    await notice.click();
    await department.page.waitForURL(`**/cases/${encodeURIComponent(first)}`);
    await department.page.getByTestId('case-detail').waitFor();
    await expect.poll(() => bellCount(department.page)).toBe(bellBefore + 1); // read when opened
    // a case URL with a dot survives a reload (the SPA fallback serves the console, not a JSON 404)
    await department.page.reload();
    await department.page.getByTestId('case-detail').waitFor();
    expect(await department.page.getByTestId('case-description').textContent()).toContain(tag);

    // the department handles the case; an empty submit first: the form complains, the page raises nothing
    await department.page.getByTestId('action-handle').click();
    await department.page.getByTestId('action-submit').click();
    await department.page.locator('.ant-form-item-explain-error').first().waitFor();
    await department.page.getByTestId('action-cancel').click();

    // search by tracking code finds a citizen's report
    const report = await apiOk(url, 'POST', '/public/taida/reports', {
      description: `楼道灯坏了 ${tag}`,
      categoryCode: 'garbage',
      address: '泰达第一社区 3 号楼',
    });
    await dispatcher.page.goto(`${url}/cases`);
    await settle(dispatcher.page);
    await dispatcher.page.getByTestId('filter-q').locator('input').fill(report.trackingCode);
    await dispatcher.page.getByTestId('filter-q').locator('input').press('Enter');
    await expect.poll(() => dispatcher.page.locator('[data-testid^="case-row-"]').count()).toBe(1);
    expect(await dispatcher.page.locator('[data-testid^="case-row-"]').first().textContent()).toContain('楼道灯坏了');

    // filter by department, export: the file's rows are the list's rows
    await dispatcher.page.goto(`${url}/cases`);
    await settle(dispatcher.page);
    await antSelect(dispatcher.page, 'filter-department', dept.name);
    const listed = await listedIds(url, dispatcherToken, `scope=subtree&departmentId=${dept.id}`);
    const shownRows = () =>
      dispatcher.page
        .locator('[data-testid^="case-row-"]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')?.slice('case-row-'.length)));
    // the table shows the filtered list once the request for it has answered (until then, the unfiltered one)
    const showsTheFilteredList = async () => {
      const rows = await shownRows();
      return rows.length > 0 && rows.join() === listed.slice(0, rows.length).join();
    };
    await expect.poll(showsTheFilteredList, { timeout: 15_000 }).toBe(true);
    const shown = await shownRows();
    expect(shown).toContain(first);
    const [download] = await Promise.all([
      dispatcher.page.waitForEvent('download'),
      dispatcher.page.getByTestId('cases-export').click(),
    ]);
    const file = await download.path();
    const exported = await exportedIds(file);
    expect(exported).toEqual(listed);
    expect(exported.slice(0, shown.length)).toEqual(shown);
    expect(exported).toEqual(expect.arrayContaining(ids));

    // the printable 交办单 of a dispatched case: a PDF opened in a new tab
    await dispatcher.page.goto(`${url}/cases/${encodeURIComponent(second)}`);
    await dispatcher.page.getByTestId('case-detail').waitFor();
    const [pdf, tab] = await Promise.all([
      dispatcher.page.waitForResponse((r) => r.url().includes(`/documents/dispatch`)),
      dispatcher.context.waitForEvent('page'),
      dispatcher.page.getByTestId('print-dispatch').click(),
    ]);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(tab.url()).toMatch(/^blob:/); // the PDF the browser prints (its bytes: test/api/worklist-tools.test.ts)
    // the same document as the browser fetched it
    const bytes = await dispatcher.page.evaluate(async (u) => {
      const res = await fetch(u, { headers: { authorization: `Bearer ${sessionStorage.getItem('civicgrid.token')}` } });
      return new TextDecoder().decode((await res.arrayBuffer()).slice(0, 5));
    }, pdf.url());
    expect(bytes).toBe('%PDF-');

    await dispatcher.context.close();
    await department.context.close();
  }, 240_000);

  it('English: the same tools, in English', async () => {
    const url = env.runtime().url;
    const { context, page } = await newPage(env.browser(), DESKTOP);
    await loginThroughUi(page, url, 'dispatcher@taida.demo');
    await page.getByTestId('lang-switch').click();
    await page.goto(url);
    const token = await apiLogin(url, 'dispatcher@taida.demo');
    const counts = await apiOk(url, 'GET', '/api/worklists/counts', undefined, token);
    expect(await tabCount(page, 'inbox')).toBe(counts.reported);
    expect(await page.getByTestId('tab-inbox').textContent()).toMatch(/^[\x20-\x7e]+$/); // no Chinese in English
    await page.getByTestId('worklist-inbox-sort-deadline').waitFor();
    expect(await page.getByTestId('worklist-inbox-sort-deadline').textContent()).toBe('By deadline');
    await page.getByTestId('bell').click();
    await page.getByText('New work').waitFor();
    await page.goto(`${url}/cases`);
    await settle(page);
    expect(await page.getByTestId('cases-export').textContent()).toBe('Export to Excel');
    // a filter combination no index serves is refused, and the page says which
    await page.getByTestId('filter-overdue').click();
    await page.getByTestId('filter-supervised').click();
    await page.locator('.ant-alert-error').waitFor();
    expect(await page.locator('.ant-alert-error').textContent()).toMatch(/supervised|overdue/);
    await screenshot(page, 'case-list-en');

    // the close dialog of a verified case: submitted through the UI, no page error; then the 结案单 prints
    const deptToken = await apiLogin(url, 'dept@taida.demo');
    const gridToken = await apiLogin(url, 'grid@taida.demo');
    const deptId = (await apiOk(url, 'GET', '/api/me', undefined, deptToken)).user.departmentId;
    const made = await apiOk(url, 'POST', '/api/cases', { description: 'Broken bench in the park' }, token);
    const act = (action: string, body: unknown, who: string) =>
      apiOk(url, 'POST', `/api/cases/${made.id}/actions/${action}`, body, who);
    await act('register', { categoryCode: 'garbage' }, token);
    await act('dispatch', { departmentId: deptId }, token);
    await act('handle', { note: 'Repaired' }, deptToken);
    await act('verify', { note: 'Checked' }, gridToken);
    await page.goto(`${url}/cases/${encodeURIComponent(made.id)}`);
    await page.getByTestId('action-close').click();
    await page.getByTestId('action-submit').click();
    await expect.poll(() => page.getByTestId('case-detail').getAttribute('data-step')).toBe('closed');
    const [pdf] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/documents/close')),
      context.waitForEvent('page'),
      page.getByTestId('print-close').click(),
    ]);
    expect([pdf.status(), pdf.headers()['content-type']]).toEqual([200, 'application/pdf']);
    expect(await page.getByTestId('print-close').textContent()).toBe('Print closing record');
    await context.close();
  }, 120_000);
});
