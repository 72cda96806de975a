import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { describeProblems, onPageProblems } from './page-errors';
import { http, type RuntimeProcess, startRuntimeProcess } from './runtime-process';

/** Debian's Chromium: never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const WEB_DIST = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));

export const DEMO_PASSWORD = 'civicgrid-demo-2026';
export const PLATFORM_ADMIN = { email: 'ops@browser.test', password: 'ops-browser-password-1' };
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 900 };

/** True when the machine can run the browser suites (Chromium installed, the web app built). */
/**
 * One demo runtime (started like `npm start`) and one browser for a test file, stopped after it. Chromium and the
 * built web app are prerequisites (`.ci/run` installs Chromium; `npm test` builds web/dist first): when one is
 * missing the suite fails with the reason instead of quietly skipping.
 */
export function useDemoBrowser(): { runtime: () => BrowserRuntime; browser: () => Browser } {
  let rt: BrowserRuntime | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium`);
    if (!existsSync(WEB_DIST)) throw new Error('web/dist is missing: run `npm run build:web` first');
    [rt, browser] = await Promise.all([startDemoRuntime(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await rt?.stop();
  });
  // every page of every test: an uncaught exception or a console error fails the test that caused it
  afterEach(() => {
    const problems = takePageProblems();
    if (problems.length > 0) throw new Error(`The pages reported errors:\n${problems.join('\n')}`);
  });
  return { runtime: () => rt!, browser: () => browser! };
}

/** Problems the watched pages reported since the last `takePageProblems()`. */
const pageProblems: string[] = [];

/**
 * Watch every page of a context (popups too) for uncaught exceptions and `console.error` calls, network log lines
 * aside (a test may provoke a 4xx on purpose; `watchPageProblems` is the strict watch). `newPage` does this for
 * every test page; `useDemoBrowser` fails the test after which any were reported. Shared by all browser tests.
 */
export function watchPageErrors(context: BrowserContext): void {
  onPageProblems(context, { ignoreNetworkLogs: true }, (problem) => pageProblems.push(describeProblems([problem])));
}

/** The page problems reported so far, emptied (each is reported once). */
export function takePageProblems(): string[] {
  return pageProblems.splice(0);
}

/** One headless Chromium per test file; the flags keep it off the (absent) outside network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

export interface BrowserRuntime {
  url: string;
  runtime: RuntimeProcess;
  stop(): Promise<void>;
}

/** The embedded runtime as `npm start` runs it, with the demo tenants, in a fresh data directory. */
export async function startDemoRuntime(): Promise<BrowserRuntime> {
  const dataDir = await mkdtemp(join(tmpdir(), 'civicgrid-browser-'));
  const runtime = await startRuntimeProcess({
    CIVICGRID_DATA_DIR: dataDir,
    CIVICGRID_DEMO: '1',
    CIVICGRID_ADMIN_EMAIL: PLATFORM_ADMIN.email,
    CIVICGRID_ADMIN_PASSWORD: PLATFORM_ADMIN.password,
  });
  return {
    url: runtime.url.replace(/\/$/, ''),
    runtime,
    async stop() {
      await runtime.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new context (own cookies and sessionStorage) and page with the given viewport, Chinese first. */
export async function newPage(
  browser: Browser,
  viewport: { width: number; height: number },
  mobile = false,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  context.setDefaultTimeout(20_000);
  watchPageErrors(context);
  const page = await context.newPage();
  return { context, page };
}

/** A full-page screenshot in test/artifacts/<name>.png (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** A real PNG (RGB, `size`×`size`, a colour gradient) built with zlib — no fixture file needed. */
export function pngImage(size = 16): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) row.set([(x * 255) / size, (y * 255) / size, 128], 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A JWT for a user, through the real login endpoint. */
export async function apiLogin(url: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await http(url, 'POST', '/api/auth/login', { email, password });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

/** An API call that must succeed (2xx); returns the body. */
// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely
export async function apiOk(url: string, method: string, path: string, body?: unknown, token?: string): Promise<any> {
  const res = await http(url, method, path, body, token);
  if (res.status < 200 || res.status >= 300) {
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body;
}

/** Log in through the console's login page and wait for the console frame. */
export async function loginThroughUi(page: Page, url: string, email: string, password = DEMO_PASSWORD) {
  await page.goto(`${url}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('tenant-name').waitFor();
}

/**
 * Pick an option of an antd Select by its visible label (the README's recipe), then check the Select shows it.
 * A dropdown can close under the click while something else animates (a drawer returning focus): try again.
 */
export async function antSelect(page: Page, testId: string, label: string): Promise<void> {
  const select = page.getByTestId(testId);
  const option = page.locator(
    `.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${label}"]`,
  );
  for (let attempt = 1; ; attempt++) {
    try {
      await select.click();
      await option.first().click({ timeout: 5_000 });
      await page.waitForFunction(
        ([id, text]) =>
          [
            ...document.querySelectorAll(
              `[data-testid="${id}"] .ant-select-selection-item, [data-testid="${id}"] [title]`,
            ),
          ].some((el) => el.getAttribute('title') === text || el.textContent === text),
        [testId, label] as const,
        { timeout: 5_000 },
      );
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/** Wait until nothing is loading (antd spinners gone) and the network is idle. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
}
