import { useCallback, useEffect, useSyncExternalStore } from 'react';

/** The two languages of the product: Chinese first, English second. */
export type Lang = 'zh' | 'en';
export type Params = Record<string, string | number>;

const STORAGE_KEY = 'civicgrid.lang';
const listeners = new Set<() => void>();

function readStoredLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

let current: Lang = typeof window === 'undefined' ? 'zh' : readStoredLang();

/** The language now in use. */
export function getLang(): Lang {
  return current;
}

/** Switches the language for every mounted component and remembers the choice in localStorage. */
export function setLang(lang: Lang): void {
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the switch still works for this page
  }
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current language, re-rendering on switch. */
export function useLang(): Lang {
  return useSyncExternalStore(subscribe, getLang, () => 'zh' as Lang);
}

/** Replaces `{name}` placeholders. */
export function format(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export type Translate<K extends string> = (key: K, params?: Params) => string;

type Dict<D> = Record<keyof D, string>;

/** A Chinese dictionary and its English twin; English may be a loader fetched on first switch. */
export interface Translator<D extends Record<string, string>> {
  zh: D;
  english(): Dict<D> | undefined;
  loadEnglish(): void;
}

/**
 * Pairs a Chinese dictionary with its English twin (same keys, checked by the compiler). With a loader for English,
 * the citizen bundle fetches it only when someone switches language.
 */
export function createTranslator<D extends Record<string, string>>(
  zh: D,
  en: Dict<D> | (() => Promise<Dict<D>>),
): Translator<D> {
  let loaded: Dict<D> | undefined = typeof en === 'function' ? undefined : en;
  let loading = false;
  return {
    zh,
    english: () => loaded,
    loadEnglish() {
      if (loaded || loading || typeof en !== 'function') return;
      loading = true;
      en().then(
        (dict) => {
          loaded = dict;
          // Re-render every translated component now that the strings are here.
          for (const listener of listeners) listener();
        },
        () => {
          loading = false;
        },
      );
    },
  };
}

/** The `t()` of a translator in the current language (Chinese until English has arrived). */
export function useTranslator<D extends Record<string, string>>(tr: Translator<D>): Translate<keyof D & string> {
  const lang = useLang();
  const english = useSyncExternalStore(subscribe, tr.english, tr.english);
  useEffect(() => {
    if (lang === 'en') tr.loadEnglish();
  }, [lang, tr]);
  const dict: Dict<D> = lang === 'en' && english ? english : tr.zh;
  return useCallback((key: keyof D & string, params?: Params) => format(dict[key] ?? key, params), [dict]);
}
