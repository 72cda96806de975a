import { useSyncExternalStore } from 'react';

/** The citizen pages have two routes; a 30-line router beats shipping react-router to every phone. */
export type Route = { name: 'report'; slug: string } | { name: 'track'; slug: string; code: string } | { name: 'none' };

export function parseRoute(pathname: string): Route {
  const m = /^\/r\/([^/]+)(?:\/t\/([^/]+))?\/?$/.exec(pathname);
  if (!m?.[1]) return { name: 'none' };
  const slug = decodeURIComponent(m[1]);
  return m[2] ? { name: 'track', slug, code: decodeURIComponent(m[2]) } : { name: 'report', slug };
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  return () => window.removeEventListener('popstate', listener);
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function navigate(to: string): void {
  window.history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
  window.scrollTo(0, 0);
}

export const reportPath = (slug: string) => `/r/${encodeURIComponent(slug)}`;
export const trackPath = (slug: string, code: string) => `/r/${encodeURIComponent(slug)}/t/${encodeURIComponent(code)}`;
