/**
 * The bibliographic part of the BALIS form, editable: the gateway's values for the chosen volume
 * (POST /api/ill/drafts/preview) in inputs the reader may correct, within the limits the gateway
 * states (src/ill/form.ts EDITABLE_LIMITS). A live counter counts code points as BALIS does; a value
 * over its limit shows, before anything is sent, where it will be cut (at a grapheme boundary, the
 * same limitText the server uses), and that cut value is what the next step sends.
 */
import type { DraftPreview } from './api.ts';
import { limitText } from '../../ill/text.ts';
import { h } from './dom.ts';
import { bilingual, t, type StringKey } from './i18n.ts';
import { textLength } from './ill-fields.ts';

export type BibKey = keyof DraftPreview['limits'];

const KEYS: BibKey[] = ['title', 'authors', 'publisher', 'year', 'isbnIssn', 'language'];
/** Fields holding record text: marked with the record's language. */
const RECORD_TEXT = new Set<BibKey>(['title', 'authors', 'publisher']);
/** Characters shown before a cut, so the reader sees where the value will end. */
const TAIL = 12;

interface Entry {
  input: HTMLInputElement | HTMLTextAreaElement;
  counter: HTMLElement;
  cut: HTMLElement;
  error: HTMLElement;
  max: number;
}

export interface BibForm {
  element: HTMLElement;
  /** Shows the gateway's values (and the reader's earlier corrections on top). */
  load(preview: DraftPreview, corrections?: Partial<Record<BibKey, string>>): void;
  /** The values as they will be sent, cut to their limits; only those that differ from the gateway's. */
  corrections(): Partial<Record<BibKey, string>>;
  /** False (with the error shown) when the title is empty. */
  validateAll(): boolean;
  /** Errors from the server by parameter (bibliographic.title). */
  serverErrors(errors: { parameter: string; detail: string }[]): boolean;
  firstInvalid(): HTMLElement | undefined;
}

export function createBibForm(recordLanguage: string | undefined): BibForm {
  const element = h('fieldset', { class: 'bib-fields', attrs: { 'aria-busy': 'true' } }, h('legend', { text: t('ill.bibLegend') }), h('p', { class: 'hint', text: t('ill.working') }));
  const entries = new Map<BibKey, Entry>();
  let original: DraftPreview['form'] | undefined;

  function check(key: BibKey): void {
    const { input, counter, cut, error, max } = entries.get(key)!;
    const value = input.value.trim();
    const length = textLength(value);
    counter.textContent = `${t('ill.limit', { n: max })} · ${t('ill.counter', { n: length, max })}`;
    counter.classList.toggle('over', length > max);
    if (length > max) {
      const kept = limitText(value, max).text;
      cut.textContent = t('ill.cutPreview', { max, kept: textLength(kept), dropped: length - textLength(kept), tail: [...kept].slice(-TAIL).join('') });
    } else {
      cut.textContent = '';
    }
    if (key === 'title' && value !== '') error.textContent = '';
    input.setAttribute('aria-invalid', error.textContent ? 'true' : 'false');
  }

  function sent(key: BibKey): string {
    const { input, max } = entries.get(key)!;
    return limitText(input.value.trim(), max).text;
  }

  return {
    element,
    load(preview, corrections = {}) {
      original = preview.form;
      entries.clear();
      const rows = KEYS.map((key) => {
        const id = `ill-bib-${key}`;
        const max = preview.limits[key];
        const attrs = { id, name: key, autocomplete: 'off', 'aria-describedby': `${id}-counter ${id}-cut ${id}-error`, ...(RECORD_TEXT.has(key) && recordLanguage ? { lang: recordLanguage } : {}) };
        const input = key === 'title' || key === 'authors' ? h('textarea', { attrs: { ...attrs, rows: 2 } }) : h('input', { attrs: { ...attrs, type: 'text' } });
        input.value = corrections[key] ?? preview.form[key];
        const counter = h('span', { class: 'counter', attrs: { id: `${id}-counter` } });
        const cut = h('p', { class: 'cut', attrs: { id: `${id}-cut`, 'aria-live': 'polite' } });
        const error = h('p', { class: 'field-error', attrs: { id: `${id}-error` } });
        // The gateway's own cuts (a record's title over 240): said at the field, before submit.
        const notes = preview.warnings.filter((w) => w.field === key).map((w) => h('p', { class: 'cut', text: bilingual(w) }));
        entries.set(key, { input, counter, cut, error, max });
        input.addEventListener('input', () => check(key));
        return h('div', { class: 'field' }, h('label', { attrs: { for: id } }, key === 'title' ? '*' : '', t(`field.${key}` as StringKey)), input, counter, cut, ...notes, error);
      });
      element.replaceChildren(h('legend', { text: t('ill.bibLegend') }), ...rows);
      element.removeAttribute('aria-busy');
      for (const key of KEYS) check(key);
    },
    corrections() {
      if (!original) return {};
      const out: Partial<Record<BibKey, string>> = {};
      for (const key of entries.keys()) {
        const value = sent(key);
        if (value !== original[key]) out[key] = value;
      }
      return out;
    },
    validateAll() {
      const title = entries.get('title');
      if (!title || title.input.value.trim() !== '') return true;
      title.error.textContent = t('ill.required');
      title.input.setAttribute('aria-invalid', 'true');
      return false;
    },
    serverErrors(errors) {
      let mapped = false;
      for (const e of errors) {
        const entry = entries.get(e.parameter.replace(/^bibliographic\./, '') as BibKey);
        if (!entry || !e.parameter.startsWith('bibliographic.')) continue;
        entry.error.textContent = /^at most/.test(e.detail) ? t('ill.tooLong', { max: entry.max }) : e.detail === 'required' ? t('ill.required') : t('ill.badValue');
        entry.input.setAttribute('aria-invalid', 'true');
        mapped = true;
      }
      return mapped;
    },
    firstInvalid() {
      return [...entries.values()].find((e) => e.input.getAttribute('aria-invalid') === 'true')?.input;
    },
  };
}
