/**
 * Language state and formatting. Chinese is the default; the choice is remembered in
 * localStorage. Static texts carry data-i18n keys and are re-set on a switch; dynamic views
 * subscribe with onLangChange and re-render themselves.
 */
import { EN } from './strings-en.ts';
import { ZH, type StringKey } from './strings-zh.ts';

export type Lang = 'zh' | 'en';
export type { StringKey };

const STORAGE_KEY = 'balis-ui-lang';
const listeners: (() => void)[] = [];

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

let current: Lang = initialLang();

export function lang(): Lang {
  return current;
}

function isKey(key: string): key is StringKey {
  return key in ZH;
}

export function t(key: StringKey, vars: Record<string, string | number> = {}): string {
  const template: string = current === 'en' ? EN[key] : ZH[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** A text for a key that may not exist (status, rule and category names from the API). */
export function tMaybe(key: string, fallback: string): string {
  return isKey(key) ? t(key) : fallback;
}

export function setLang(next: Lang): void {
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  applyI18n(document);
  for (const listener of listeners) listener();
}

export function onLangChange(listener: () => void): void {
  listeners.push(listener);
}

/** Re-sets every static text, label and the document language. */
export function applyI18n(root: Document | Element): void {
  if (root instanceof Document) {
    root.documentElement.lang = current === 'en' ? 'en' : 'zh-CN';
    const title = root.querySelector('title[data-i18n]');
    if (title instanceof HTMLElement && title.dataset.i18n && isKey(title.dataset.i18n)) root.title = t(title.dataset.i18n);
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n], [data-i18n-label], [data-i18n-placeholder]')) translateElement(el);
}

/** One element's static texts: content, aria-label, placeholder. */
export function translateElement(el: HTMLElement): void {
  const { i18n, i18nLabel, i18nPlaceholder } = el.dataset;
  if (i18n && isKey(i18n)) el.textContent = t(i18n);
  if (i18nLabel && isKey(i18nLabel)) el.setAttribute('aria-label', t(i18nLabel));
  if (i18nPlaceholder && isKey(i18nPlaceholder) && el instanceof HTMLInputElement) el.placeholder = t(i18nPlaceholder);
}

const locale = () => (current === 'en' ? 'en-GB' : 'zh-CN');

export function fmtNumber(n: number): string {
  return new Intl.NumberFormat(locale()).format(n);
}

export function fmtPercent(share: number): string {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** Milliseconds as "850 ms" or "2.5 s", in the UI language's number format. */
export function fmtMs(ms: number): string {
  if (ms < 1000) return new Intl.NumberFormat(locale(), { style: 'unit', unit: 'millisecond', maximumFractionDigits: 0 }).format(ms);
  return new Intl.NumberFormat(locale(), { style: 'unit', unit: 'second', maximumFractionDigits: 1 }).format(ms / 1000);
}

/** An ISO date (YYYY-MM-DD) as a calendar date; the day is kept as written (no time-zone shift). */
export function fmtDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** An ISO date as day and month only (a due date in a crowded grid cell). */
export function fmtDayMonth(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale(), { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(date);
}

/** A time of day in Beijing time ("10:42:05"): when a library answered just now. */
export function fmtTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' }).format(date);
}

/** A moment in Beijing time, whatever the browser's zone, with the zone named ("GMT+8"). */
export function fmtDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai', timeZoneName: 'short' }).format(date);
}

const BCP47: Record<string, string> = { chi: 'zh', zho: 'zh', eng: 'en', jpn: 'ja', kor: 'ko', fre: 'fr', fra: 'fr', ger: 'de', deu: 'de', rus: 'ru', spa: 'es', ita: 'it', por: 'pt', lat: 'la' };

/** The `lang` attribute for a record's text, from its MARC language code; undefined when unknown or undetermined. */
export function recordLang(codes: readonly string[]): string | undefined {
  const code = codes[0];
  return code ? BCP47[code] : undefined;
}

/** A value of the BALIS form (物流, 现金支付, 0元…) in the UI language; the form itself keeps BALIS's own words. */
export function balisValue(value: string): string {
  return tMaybe(`balis.${value}`, value);
}

/** A language code (eng, chi) by name in English; in Chinese the API's own label (英文) is used. */
export function languageName(code: string, zhLabel: string): string {
  if (current === 'zh') return zhLabel;
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code === 'chi' ? 'zh' : code) ?? zhLabel;
  } catch {
    return zhLabel;
  }
}

/** Name of a library in the UI language. */
export function nameOf(name: { zh: string; en: string } | undefined, fallback: string): string {
  if (!name) return fallback;
  return current === 'en' ? name.en : name.zh;
}

/** A reason or notice given by the API in both languages (a library's notice may be in Chinese only). */
export function bilingual(text: { zh: string; en?: string }): string {
  return current === 'en' ? (text.en ?? text.zh) : text.zh;
}
