/**
 * The reader's part of the BALIS form, validated as the reader types with the same rules
 * as the server (src/ill/validate.ts): limits shown as counters, errors tied to their field
 * with aria-describedby. "Required" is only shown once a field was left or a submit tried.
 */
import { h } from './dom.ts';
import { t, type StringKey } from './i18n.ts';
import type { ReaderFields } from './api.ts';

export type ReaderKey = keyof ReaderFields | 'customReference' | 'note';

interface Spec {
  key: ReaderKey;
  label: StringKey;
  required?: boolean;
  max?: number;
  type?: string;
  autocomplete?: string;
  check?: (value: string) => StringKey | undefined;
}

const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/u;
const PHONE = /^(?=.*\d)[0-9+()\-\s/,;.#*转分机extEXT]{3,40}$/u;

const SPECS: Spec[] = [
  { key: 'readerBarcode', label: 'field.readerBarcode', required: true, max: 64, autocomplete: 'off' },
  { key: 'readerName', label: 'field.readerName', max: 50, autocomplete: 'name' },
  { key: 'recipientName', label: 'field.recipientName', required: true, max: 50, autocomplete: 'name' },
  { key: 'email', label: 'field.email', required: true, max: 254, type: 'email', autocomplete: 'email', check: (v) => (EMAIL.test(v) ? undefined : 'ill.badEmail') },
  { key: 'phone', label: 'field.phone', type: 'tel', autocomplete: 'tel', check: (v) => (PHONE.test(v) ? undefined : 'ill.badPhone') },
  { key: 'customReference', label: 'field.customReference', max: 50 },
  { key: 'note', label: 'field.note', max: 50 },
];

/** Characters as BALIS counts them: code points, so 𠀀 is one. */
export function textLength(value: string): number {
  return [...value].length;
}

export interface ReaderForm {
  element: HTMLElement;
  values(): Record<ReaderKey, string>;
  /** Validates every field (showing all errors); true when all are fine. */
  validateAll(): boolean;
  /** Errors from the server, by its parameter names (reader.email, note). */
  serverErrors(errors: { parameter: string; detail: string }[]): boolean;
  focusFirst(): void;
  /** The reader's saved details arriving late: filled only while the reader has typed nothing here. */
  prefill(values: Partial<Record<ReaderKey, string>>): void;
}

export function createReaderForm(initial: Partial<Record<ReaderKey, string>> = {}): ReaderForm {
  const inputs = new Map<ReaderKey, { input: HTMLInputElement; error: HTMLElement; counter?: HTMLElement; touched: boolean; spec: Spec }>();
  const rows = SPECS.map((spec) => {
    const id = `ill-${spec.key}`;
    const errorId = `${id}-error`;
    const counterId = `${id}-counter`;
    const input = h('input', { attrs: {
      id, name: spec.key, type: spec.type ?? 'text', autocomplete: spec.autocomplete ?? 'off',
      required: spec.required ?? false, 'aria-describedby': spec.max ? `${counterId} ${errorId}` : errorId,
    } });
    input.value = initial[spec.key] ?? '';
    const error = h('p', { class: 'field-error', attrs: { id: errorId } });
    const counter = spec.max && spec.max <= 50 ? h('span', { class: 'counter', attrs: { id: counterId } }) : undefined;
    const entry = { input, error, touched: false, spec, ...(counter ? { counter } : {}) };
    inputs.set(spec.key, entry);
    input.addEventListener('input', () => check(spec.key, false));
    input.addEventListener('blur', () => {
      entry.touched = true;
      check(spec.key, false);
    });
    const label = h('label', { attrs: { for: id } }, spec.required ? '*' : '', t(spec.label));
    return h('div', { class: 'field' }, label, input, counter ?? null, error);
  });

  // The seed's reader is also the recipient: copy the name until the recipient is edited.
  const name = inputs.get('readerName')!.input;
  const recipient = inputs.get('recipientName')!.input;
  let recipientEdited = recipient.value !== '';
  recipient.addEventListener('input', () => (recipientEdited = true));
  name.addEventListener('input', () => {
    if (!recipientEdited) recipient.value = name.value;
  });

  function check(key: ReaderKey, force: boolean): boolean {
    const entry = inputs.get(key)!;
    const { input, error, counter, spec } = entry;
    const value = input.value.trim();
    const length = textLength(value);
    if (counter && spec.max) {
      counter.textContent = `${t('ill.limit', { n: spec.max })} · ${t('ill.counter', { n: length, max: spec.max })}`;
      counter.classList.toggle('over', length > spec.max);
    }
    let problem = '';
    if (spec.max && length > spec.max) problem = t('ill.tooLong', { max: spec.max });
    else if (value === '' && spec.required) problem = entry.touched || force ? t('ill.required') : '';
    else if (value !== '' && spec.check) {
      const bad = spec.check(value);
      if (bad && (entry.touched || force)) problem = t(bad);
    }
    error.textContent = problem;
    input.setAttribute('aria-invalid', problem ? 'true' : 'false');
    return problem === '' && !(spec.required && value === '') && !(value !== '' && spec.check?.(value));
  }

  for (const key of inputs.keys()) check(key, false);

  return {
    element: h('div', { class: 'reader-fields' }, ...rows),
    values() {
      const out = {} as Record<ReaderKey, string>;
      for (const [key, { input }] of inputs) out[key] = input.value.trim();
      return out;
    },
    validateAll() {
      let ok = true;
      for (const key of inputs.keys()) ok = check(key, true) && ok;
      return ok;
    },
    serverErrors(errors) {
      let mapped = false;
      for (const e of errors) {
        const key = e.parameter.replace(/^reader\./, '') as ReaderKey;
        const entry = inputs.get(key);
        if (!entry) continue;
        entry.error.textContent = e.detail;
        entry.input.setAttribute('aria-invalid', 'true');
        mapped = true;
      }
      return mapped;
    },
    prefill(values) {
      if ([...inputs.values()].some((entry) => entry.input.value !== '')) return;
      for (const [key, entry] of inputs) {
        entry.input.value = values[key] ?? '';
        check(key, false);
      }
      recipientEdited = recipient.value !== '';
    },
    focusFirst() {
      const invalid = [...inputs.values()].find((e) => e.input.getAttribute('aria-invalid') === 'true');
      (invalid ?? inputs.get('readerBarcode'))?.input.focus();
    },
  };
}
