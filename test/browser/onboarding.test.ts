import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  antSelect,
  apiLogin,
  apiOk,
  DEMO_PASSWORD,
  DESKTOP,
  loginThroughUi,
  newPage,
  PLATFORM_ADMIN,
  screenshot,
  settle,
  useDemoBrowser,
} from '../support/browser';
import { watchPageProblems } from '../support/page-errors';

/** Open the checklist from the side menu and wait for it. */
async function openChecklist(page: Page): Promise<void> {
  await page.getByTestId('nav-onboarding').click();
  await page.getByTestId('onboarding').waitFor();
  await settle(page);
}

const stepDone = (page: Page, key: string) => page.getByTestId(`onboarding-step-${key}`).getAttribute('data-done');

/** Words of three or more Latin letters: what must not appear in the Chinese interface. */
const ENGLISH = /[A-Za-z]{3,}/;

describe('a new street office, guided', () => {
  const env = useDemoBrowser();

  it('goes from sign-up to its first citizen report following only the checklist (zh-CN)', async () => {
    const url = env.runtime().url;
    const { context, page } = await newPage(env.browser(), DESKTOP);
    const watch = watchPageProblems(context);
    try {
      // sign-up: the parent district is picked from the list of districts, not typed
      await page.goto(`${url}/signup`);
      await page.getByTestId('signup-tenant-name').fill('海河街道');
      await page.getByTestId('signup-slug').fill('haihe');
      await antSelect(page, 'signup-parent', '滨海新区');
      await page.getByTestId('signup-admin-name').fill('海河管理员');
      await page.getByTestId('signup-admin-email').fill('admin@haihe.test');
      await page.getByTestId('signup-admin-password').fill('haihe-password-1');
      await screenshot(page, 'onboarding-01-signup');
      await page.getByTestId('signup-submit').click();

      // the checklist opens at once, nothing done, and says the district has to approve
      await page.getByTestId('onboarding').waitFor();
      await settle(page);
      expect(await page.getByTestId('onboarding').getAttribute('data-done')).toBe('0');
      await page.getByTestId('onboarding-pending').waitFor();
      expect(await page.getByTestId('onboarding-progress').textContent()).toContain('已完成 0 / 5 项');
      await screenshot(page, 'onboarding-02-checklist-empty');

      // 1. departments
      await page.getByTestId('onboarding-go-departments').click();
      await page.getByTestId('department-name').fill('城市管理办公室');
      await page.getByTestId('department-submit').click();
      await page.getByTestId('departments-table').getByText('城市管理办公室').waitFor();
      await openChecklist(page);
      expect(await stepDone(page, 'departments')).toBe('yes');

      // 2. categories from the library
      await page.getByTestId('onboarding-go-categories').click();
      await page.getByTestId('category-library').waitFor();
      await antSelect(page, 'library-codes', '市容环境 · 私搭乱建');
      await page.keyboard.press('Escape');
      await antSelect(page, 'library-department', '城市管理办公室');
      await page.getByTestId('library-adopt').click();
      await page.getByTestId('categories-table').getByText('私搭乱建').waitFor();
      await screenshot(page, 'onboarding-03-library');
      await openChecklist(page);
      expect(await stepDone(page, 'categories')).toBe('yes');

      // 3. grids
      await page.getByTestId('onboarding-go-grids').click();
      await page.getByTestId('grid-code').fill('120116003001001');
      await page.getByTestId('grid-name').fill('海河一号网格');
      await page.getByTestId('grid-submit').click();
      await page.getByTestId('grid-row-120116003001001').waitFor();
      await openChecklist(page);
      expect(await stepDone(page, 'grids')).toBe('yes');

      // 4. users
      await page.getByTestId('onboarding-go-users').click();
      await page.getByTestId('user-name').fill('海河值班员');
      await page.getByTestId('user-email').fill('duty@haihe.test');
      await page.getByTestId('user-password').fill('haihe-duty-password');
      await antSelect(page, 'user-roles', '综治中心（派遣员）');
      await page.keyboard.press('Escape');
      await page.getByTestId('user-submit').click();
      await page.getByTestId('user-row-duty@haihe.test').waitFor();
      await openChecklist(page);
      expect(await stepDone(page, 'users')).toBe('yes');
      expect(await stepDone(page, 'share')).toBe('no');
      expect(await page.getByTestId('onboarding-progress').textContent()).toContain('已完成 4 / 5 项');

      // 5. share: the link and a printable QR code poster
      const link = (await page.getByTestId('onboarding-citizen-link').textContent())?.trim() ?? '';
      expect(link).toBe(`${url}/r/haihe`);
      await page.getByTestId('onboarding-go-share').click();
      await page.getByTestId('poster-qr').waitFor();
      expect(await page.getByTestId('poster-title').textContent()).toBe('海河街道 群众诉求上报');
      expect(await page.getByTestId('poster-link').textContent()).toBe(link);
      expect(await page.getByTestId('poster-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      await screenshot(page, 'onboarding-04-poster');

      // the district approves the new street (its own console's work), then a citizen follows the link
      const district = await apiLogin(url, 'district.admin@binhai.demo');
      const me = await apiOk(
        url,
        'GET',
        '/api/onboarding',
        undefined,
        await apiLogin(url, 'admin@haihe.test', 'haihe-password-1'),
      );
      await apiOk(url, 'POST', `/api/tenants/${me.tenant.id}/approve`, {}, district);

      const citizen = await context.newPage();
      await citizen.goto(link);
      await citizen.getByTestId('report-form').waitFor();
      await citizen.locator('[data-testid="report-category"] option[value="E0101"]').waitFor({ state: 'attached' });
      await citizen.getByTestId('report-category').selectOption('E0101');
      await citizen.getByTestId('report-description').fill('小区北门外有人私搭乱建铁皮房，占用消防通道');
      await citizen.getByTestId('report-address').fill('海河街道北门');
      await citizen.getByTestId('report-submit').click();
      await citizen.getByTestId('report-success').waitFor();
      await citizen.close();

      await openChecklist(page);
      await page.getByTestId('onboarding-complete').waitFor();
      expect(await page.getByTestId('onboarding').getAttribute('data-done')).toBe('5');
      // everything but the link itself is Chinese
      expect((await page.getByTestId('onboarding').textContent())?.replace(link, '')).not.toMatch(ENGLISH);
      await screenshot(page, 'onboarding-05-complete');
      watch.assertNone();
    } finally {
      await context.close();
    }
  }, 240_000);

  it('shows the lock-out in Chinese with the time left, and an admin’s deactivation stops the user at once', async () => {
    const url = env.runtime().url;
    const admin = await apiLogin(url, 'admin@taida.demo');
    const created = await apiOk(
      url,
      'POST',
      '/api/users',
      { name: '临时值班员', email: 'temp@taida.test', password: 'temp-password-1', roles: ['dispatcher'] },
      admin,
    );
    const { context, page } = await newPage(env.browser(), DESKTOP);
    // the wrong passwords answer 401 and then 429, the bad phone 400, the deactivated session 401: on purpose
    const watch = watchPageProblems(context, { allowStatuses: [400, 401, 429] });
    try {
      await page.goto(`${url}/login`);
      await page.getByTestId('login-email').fill('temp@taida.test');
      let text = '';
      for (let i = 0; i < 6 && !text.includes('锁定'); i++) {
        await page.getByTestId('login-password').fill(`wrong-password-${i}`);
        await page.getByTestId('login-submit').click();
        await page.getByTestId('login-error').waitFor();
        await expect.poll(async () => (await page.getByTestId('login-error').textContent()) ?? '').not.toBe('');
        text = (await page.getByTestId('login-error').textContent()) ?? '';
        if (!text.includes('锁定')) expect(text).toBe('邮箱或密码错误');
      }
      expect(text).toMatch(/^密码错误次数过多，账号已被临时锁定，请 \d+ 秒后再试/);
      expect(text).not.toMatch(ENGLISH);
      await screenshot(page, 'onboarding-06-lockout-zh');

      // the admin unlocks, edits the phone and resets the password: a one-time temporary password
      const adminPage = await context.newPage();
      await loginThroughUi(adminPage, url, 'admin@taida.demo', DEMO_PASSWORD);
      await adminPage.goto(`${url}/config/users`);
      await adminPage.getByTestId(`user-unlock-${created.id}`).click();
      await adminPage.getByTestId(`user-edit-${created.id}`).click();
      await adminPage.getByTestId('user-edit-phone').fill('139');
      await adminPage.getByTestId('user-edit-save').click();
      // a bad phone: the API's rule, in Chinese, under the field
      await adminPage.locator('.ant-form-item-explain-error', { hasText: '格式不正确' }).waitFor();
      await adminPage.getByTestId('user-edit-phone').fill('13912345678');
      await adminPage.getByTestId('user-edit-save').click();
      await adminPage.getByTestId('user-row-temp@taida.test').getByText('13912345678').waitFor();
      await adminPage.getByTestId(`user-reset-${created.id}`).click();
      await adminPage.getByTestId('user-reset-submit').click();
      const temporary = (await adminPage.getByTestId('user-temporary-password').textContent())?.trim() ?? '';
      expect(temporary).toMatch(/^[a-zA-Z2-9]{12}$/);
      await screenshot(adminPage, 'onboarding-07-temporary-password');
      await adminPage.getByTestId('user-reset-submit').click();

      // the user logs in with it and works
      await page.getByTestId('login-password').fill(temporary);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('tenant-name').waitFor();
      await page.goto(`${url}/cases`);
      await settle(page);

      // the admin deactivates the user: the next request of the user's open console ends the session
      await adminPage.getByTestId(`user-toggle-${created.id}`).click();
      await adminPage.getByTestId('user-row-temp@taida.test').getByText('已停用').waitFor();
      await page.reload();
      await page.getByTestId('login-email').waitFor();
      await page.getByTestId('login-email').fill('temp@taida.test');
      await page.getByTestId('login-password').fill(temporary);
      await page.getByTestId('login-submit').click();
      await expect
        .poll(async () => page.getByTestId('login-error').textContent())
        .toBe('该账号已停用，请联系本单位管理员');
      await screenshot(page, 'onboarding-08-deactivated');
      watch.assertNone();
    } finally {
      await context.close();
    }
  }, 240_000);

  it('in English: the platform admin changes a plan, and times show in +08:00 in a New York browser', async () => {
    const url = env.runtime().url;
    const context = await env
      .browser()
      .newContext({ viewport: DESKTOP, locale: 'en-US', timezoneId: 'America/New_York' });
    context.setDefaultTimeout(20_000);
    const watch = watchPageProblems(context, { allowStatuses: [401, 429] });
    try {
      const page = await context.newPage();
      await page.goto(`${url}/login`);
      await page.getByTestId('lang-switch').click();
      await expect.poll(() => page.getByTestId('login-submit').textContent()).toMatch(/Log ?in/i);
      // a lock-out in English names the wait too
      await page.getByTestId('login-email').fill('nobody@en.test');
      let text = '';
      for (let i = 0; i < 6 && !text.includes('locked'); i++) {
        await page.getByTestId('login-password').fill(`wrong-password-${i}`);
        await page.getByTestId('login-submit').click();
        await page.getByTestId('login-error').waitFor();
        text = (await page.getByTestId('login-error').textContent()) ?? '';
      }
      expect(text).toMatch(/Too many wrong passwords: the account is locked for now\. Try again in \d+ s/);

      await page.getByTestId('login-email').fill(PLATFORM_ADMIN.email);
      await page.getByTestId('login-password').fill(PLATFORM_ADMIN.password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('admin-tenants-table').waitFor();
      await settle(page);
      await antSelect(page, 'tenant-plan-xingang', 'Trial');
      const platform = await apiLogin(url, PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
      await expect
        .poll(async () => {
          const all = await apiOk(url, 'GET', '/api/admin/tenants', undefined, platform);
          return all.items.find((t: { slug: string }) => t.slug === 'xingang')?.plan;
        })
        .toBe('trial');

      // the created time of a tenant is shown in China time, not New York's
      const all = await apiOk(url, 'GET', '/api/admin/tenants', undefined, platform);
      const created = new Date(all.items.find((t: { slug: string }) => t.slug === 'taida').createdAt);
      const china = new Date(created.getTime() + 8 * 3600_000).toISOString();
      const expected = `${china.slice(0, 10)} ${china.slice(11, 16)}`;
      expect(await page.getByTestId('tenant-row-taida').textContent()).toContain(expected);
      await screenshot(page, 'onboarding-09-plan-en');
      watch.assertNone();
    } finally {
      await context.close();
    }
  }, 240_000);
});
