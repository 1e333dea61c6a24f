import { useSyncExternalStore } from 'react';
import { type Dictionary, en, type MessageKey, zhCN } from './dictionary';

export type { MessageKey };
export type Locale = 'zh-CN' | 'en';

const dictionaries: Record<Locale, Dictionary> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'shopfloor.console.locale';

let current: Locale = readSavedLocale();
const listeners = new Set<() => void>();

/** The text for `key` in the current locale, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return format(dictionaries[current][key], params);
}

export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // a blocked localStorage only costs the choice on the next visit
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Re-renders the component when the locale changes; returns the current one. */
export function useLocale(): Locale {
  return useSyncExternalStore(subscribe, getLocale, getLocale);
}

function readSavedLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // fall through to the default
  }
  return 'zh-CN'; // the office reads Chinese first
}
