import type { ConsoleMessage, Page } from 'playwright-core';
import { expect } from 'vitest';

/** A console message or page error a test expects (a tile server the test made unreachable, a 404 it asked for). */
export interface ExpectedNoise {
  /** the message text, e.g. `Failed to load resource: net::ERR_FAILED` */
  text: string;
  /** the URL the message is about (a failed resource's URL), when the browser names one */
  url: string;
}

/** What a page said that no test expected: console errors and uncaught exceptions, in order. */
export interface PageErrors {
  readonly seen: string[];
  /** Fails the test when the page logged a console error or threw an uncaught exception. */
  expectNone(): void;
}

/**
 * Watch a page for console errors and uncaught exceptions (`pageerror`); `allow` names the ones the test provokes
 * on purpose. Call `expectNone()` at the end of the test (and wherever a step must be clean).
 */
export function watchPageErrors(page: Page, allow: (noise: ExpectedNoise) => boolean = () => false): PageErrors {
  const seen: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    const noise = { text: message.text(), url: message.location().url ?? '' };
    if (!allow(noise)) seen.push(`console error: ${noise.text}${noise.url ? ` (${noise.url})` : ''}`);
  });
  page.on('pageerror', (error: Error) => {
    seen.push(`uncaught ${error.name}: ${error.message}`);
  });
  return {
    seen,
    expectNone() {
      expect(seen, 'the page logged errors').toEqual([]);
    },
  };
}
