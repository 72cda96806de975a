import type { BrowserContext, Page } from 'playwright-core';

/** What a page reported that a user would call broken: a console error or an uncaught exception. */
export interface PageProblem {
  page: string;
  kind: 'console' | 'pageerror';
  text: string;
}

/**
 * Collects console errors and uncaught exceptions of every page of a context (pages opened later included), so a
 * browser test can fail on them. An answer the test provokes on purpose (a wrong password → 401, a lock-out →
 * 429) makes Chromium log "Failed to load resource … status of 401": pass those statuses in `allowStatuses`;
 * `ignore` drops messages about resources whose URL matches (a known gap, named where it is used).
 */
export function watchPageProblems(
  context: BrowserContext,
  options: { allowStatuses?: number[]; ignore?: RegExp[] } = {},
): { problems: PageProblem[]; assertNone: () => void } {
  const problems: PageProblem[] = [];
  const allowed = new Set(options.allowStatuses ?? []);
  const watch = (page: Page) => {
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const text = msg.text();
      const status = /the server responded with a status of (\d{3})/.exec(text)?.[1];
      if (status && allowed.has(Number(status))) return;
      const at = msg.location().url;
      if (at && options.ignore?.some((re) => re.test(at))) return;
      problems.push({ page: page.url(), kind: 'console', text: at ? `${text} (${at})` : text });
    });
    page.on('pageerror', (error) => {
      problems.push({ page: page.url(), kind: 'pageerror', text: `${error.name}: ${error.message}` });
    });
  };
  for (const page of context.pages()) watch(page);
  context.on('page', watch);
  return {
    problems,
    assertNone() {
      if (problems.length > 0) {
        throw new Error(
          `the pages reported problems:\n${problems.map((p) => `${p.kind} on ${p.page}: ${p.text}`).join('\n')}`,
        );
      }
    },
  };
}
