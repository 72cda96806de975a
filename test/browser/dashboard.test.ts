import { randomUUID } from 'node:crypto';
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

describe('the leader dashboard', () => {
  const env = useDemoBrowser();

  it('drills down district → street → department → the case list of exactly that cohort', async () => {
    const url = env.runtime().url;
    const dispatcherLogin = await apiOk(url, 'POST', '/api/auth/login', {
      email: 'dispatcher@taida.demo',
      password: 'civicgrid-demo-2026',
    });
    const dispatcher = dispatcherLogin.token as string;
    const taida = dispatcherLogin.tenant.id as string;
    const grid = await apiLogin(url, 'grid@taida.demo');
    const departments = (await apiOk(url, 'GET', '/api/departments', undefined, dispatcher)).items as {
      id: string;
      name: string;
    }[];
    const cityDept = departments[0];
    const otherDept = departments[1];
    if (!cityDept || !otherDept) throw new Error('the demo street has two departments');

    // one case for the department we drill into, one for another department (not in that cohort)
    const dispatchTo = async (departmentId: string) => {
      const id = (
        await apiOk(
          url,
          'POST',
          '/api/cases',
          { description: `驾驶舱下钻 ${randomUUID().slice(0, 8)}`, categoryCode: 'garbage' },
          grid,
        )
      ).id as string;
      await apiOk(url, 'POST', `/api/cases/${id}/actions/register`, { categoryCode: 'garbage' }, dispatcher);
      const dispatched = await apiOk(url, 'POST', `/api/cases/${id}/actions/dispatch`, { departmentId }, dispatcher);
      return { id, deadline: dispatched.deadline as string };
    };
    const mine = await dispatchTo(cityDept.id);
    const other = await dispatchTo(otherDept.id);
    // the month of the closing deadline (China time) is the cohort the dashboard shows the case in
    const month = new Date(Date.parse(mine.deadline) + 8 * 3_600_000).toISOString().slice(0, 7);

    const leader = await newPage(env.browser(), DESKTOP);
    await loginThroughUi(leader.page, url, 'district.admin@binhai.demo');
    await leader.page.getByTestId('nav-dashboard').click();
    await leader.page.getByTestId('kpi-cards').waitFor();
    if ((await leader.page.getByTestId('kpi-month').textContent())?.includes(month) !== true) {
      await antSelect(leader.page, 'kpi-month', month);
    }
    // the district's ranking lists its streets; drill into 泰达
    await leader.page.getByTestId(`ranking-row-${taida}`).waitFor();
    await settle(leader.page);
    await leader.page.getByTestId('kpi-trend').waitFor();
    await screenshot(leader.page, 'dashboard-district');
    await leader.page.getByTestId(`drill-${taida}`).click();
    // the street's departments, with this month's 应结案 counted for the department holding the case
    const deptRow = leader.page.getByTestId(`ranking-row-${cityDept.id}`);
    await deptRow.waitFor();
    await settle(leader.page);
    const due = Number((await deptRow.locator('td[data-col="dueForClose"]').textContent())?.trim());
    expect(due).toBeGreaterThanOrEqual(1);
    await screenshot(leader.page, 'dashboard-street');
    await leader.page.getByTestId(`drill-${cityDept.id}`).click();

    // the case list of that cohort: this department, closing deadline in the month (or carried into it)
    await leader.page.waitForURL(/\/cases\?/);
    const params = new URL(leader.page.url()).searchParams;
    expect(params.get('departmentId')).toBe(cityDept.id);
    expect(params.get('dueFrom')).toBe(`${month}-01`);
    expect(params.get('tenantId')).toBe(taida);
    await leader.page.getByTestId('cases-cohort').waitFor();
    await leader.page.getByTestId(`case-row-${mine.id}`).waitFor();
    await settle(leader.page);
    expect(await leader.page.getByTestId(`case-row-${other.id}`).count()).toBe(0);
    await screenshot(leader.page, 'dashboard-cohort-cases');
    await leader.context.close();
  }, 180_000);

  it('warns on every page, not only the calendar, when next year’s holidays are missing', async () => {
    const url = env.runtime().url;
    const admin = await apiLogin(url, 'admin@taida.demo');
    // the banner follows the server's rule (from 1 November, next year not covered) — today's answer decides
    const missing = (await apiOk(url, 'GET', '/api/calendar', undefined, admin)).nextYearMissing === true;
    const { context, page } = await newPage(env.browser(), DESKTOP);
    await loginThroughUi(page, url, 'admin@taida.demo');
    await page.goto(`${url}/cases`);
    await page.getByTestId('filter-step').waitFor();
    await settle(page);
    expect(await page.getByTestId('calendar-banner').count()).toBe(missing ? 1 : 0);
    if (missing) {
      expect(await page.getByTestId('calendar-banner').textContent()).toContain('下一年度的节假日安排尚未发布');
      await page.getByTestId('calendar-banner').getByRole('link').click();
      await page.getByTestId('calendar-next-year-missing').waitFor();
      // the calendar page shows its own notice, not the banner twice
      expect(await page.getByTestId('calendar-banner').count()).toBe(0);
    }
    await context.close();
  }, 120_000);

  it('lets the street admin set a community’s division code on the tenants page', async () => {
    const url = env.runtime().url;
    const admin = await apiLogin(url, 'admin@taida.demo');
    const tenants = (await apiOk(url, 'GET', '/api/tenants', undefined, admin)).items as Array<{
      id: string;
      slug: string;
      level: string;
    }>;
    const community = tenants.find((x) => x.level === 'community');
    if (!community) throw new Error('the demo street has communities');
    const { context, page } = await newPage(env.browser(), DESKTOP);
    await loginThroughUi(page, url, 'admin@taida.demo');
    await page.goto(`${url}/config/tenants`);
    const input = page.getByTestId(`division-code-${community.slug}`);
    await input.waitFor();
    // digits only, as many as the level has (12 for a community)
    await input.fill('12a');
    expect(await input.inputValue()).toBe('12');
    await input.fill('120116001001');
    await page.getByTestId(`division-code-save-${community.slug}`).click();
    await expect
      .poll(async () => (await apiOk(url, 'GET', `/api/tenants/${community.id}`, undefined, admin)).divisionCode)
      .toBe('120116001001');
    await context.close();
  }, 120_000);
});
