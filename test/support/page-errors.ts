import type { BrowserContext, Page } from 'playwright-core';

/** What a page reported that a user would call broken: a console error or an uncaught exception. */
export interface PageProblem {
  page: string;
  kind: 'console' | 'pageerror';
  text: string;
}

/** What to let pass: statuses a test provokes on purpose, resources of a known gap, or every network log line. */
export interface PageProblemFilter {
  /** "Failed to load resource … status of 401" for these statuses is expected (a wrong password, a lock-out) */
  allowStatuses?: number[];
  /** messages about resources whose URL matches (a known gap, named where it is used) */
  ignore?: RegExp[];
  /** every "Failed to load resource" line (the app answers failed requests itself: an alert, a retry) */
  ignoreNetworkLogs?: boolean;
}

const NETWORK_LOG = /^Failed to load resource\b/;

/**
 * Reports console errors and uncaught exceptions (`pageerror`, e.g. a rejected promise with a plain object —
 * shown as "Object") of every page of a context, pages opened later included. The one observer behind both
 * `watchPageProblems` and the automatic watch `newPage` sets up (test/support/browser.ts).
 */
export function onPageProblems(
  context: BrowserContext,
  filter: PageProblemFilter,
  report: (problem: PageProblem) => void,
): void {
  const allowed = new Set(filter.allowStatuses ?? []);
  const watch = (page: Page) => {
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const text = msg.text();
      if (filter.ignoreNetworkLogs && NETWORK_LOG.test(text)) return;
      const status = /the server responded with a status of (\d{3})/.exec(text)?.[1];
      if (status && allowed.has(Number(status))) return;
      const at = msg.location().url;
      if (at && filter.ignore?.some((re) => re.test(at))) return;
      report({ page: page.url(), kind: 'console', text: at ? `${text} (${at})` : text });
    });
    page.on('pageerror', (error) => {
      report({
        page: page.url(),
        kind: 'pageerror',
        text: `${error.name || 'Error'}: ${error.message || String(error)}`,
      });
    });
  };
  for (const page of context.pages()) watch(page);
  context.on('page', watch);
}

/** One line per problem, for an assertion message. */
export function describeProblems(problems: PageProblem[]): string {
  return problems.map((p) => `${p.kind} on ${p.page}: ${p.text}`).join('\n');
}

/**
 * Collects the problems of a context strictly (failed resources too, unless allowed), so a browser test can fail
 * on them with `assertNone()`.
 */
export function watchPageProblems(
  context: BrowserContext,
  filter: Omit<PageProblemFilter, 'ignoreNetworkLogs'> = {},
): { problems: PageProblem[]; assertNone: () => void } {
  const problems: PageProblem[] = [];
  onPageProblems(context, filter, (problem) => problems.push(problem));
  return {
    problems,
    assertNone() {
      if (problems.length > 0) throw new Error(`the pages reported problems:\n${describeProblems(problems)}`);
    },
  };
}
