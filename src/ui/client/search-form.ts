/**
 * The search form: 题名 / 作者 / 出版社 / ISBN / 任意词, the advanced part (ISSN, 主题词, year
 * range, AND/OR, one NOT row) and the library picker. It only reads and writes SearchState;
 * the page decides what a submit does.
 */
import { h, uid } from './dom.ts';
import { t, type StringKey } from './i18n.ts';
import type { Library } from './api.ts';
import { createLibraryPicker } from './library-picker.ts';
import { BASIC_FIELDS, NOT_FIELDS, emptySearch, hasTerms, usesAdvanced, type SearchState, type TextField } from './query-state.ts';
import type { CqlField } from './cql.ts';

export interface SearchForm {
  element: HTMLFormElement;
  read(): SearchState;
  write(s: SearchState): void;
}

function field(name: string, key: StringKey, attrs: Record<string, string> = {}): { wrap: HTMLElement; input: HTMLInputElement } {
  const id = `f-${name}`;
  const input = h('input', { attrs: { id, name, type: 'text', autocomplete: 'off', ...attrs } });
  return { wrap: h('div', { class: 'field' }, h('label', { attrs: { for: id }, i18n: key }), input), input };
}

export function createSearchForm(libraries: Library[], onSubmit: (s: SearchState) => void): SearchForm {
  const inputs = new Map<TextField, HTMLInputElement>();
  const basic = BASIC_FIELDS.map((f) => {
    const { wrap, input } = field(f, `form.${f}` as StringKey, f === 'isbn' ? { inputmode: 'text', spellcheck: 'false' } : {});
    inputs.set(f, input);
    return wrap;
  });
  const issn = field('issn', 'form.issn', { spellcheck: 'false' });
  const subject = field('subject', 'form.subject');
  inputs.set('issn', issn.input);
  inputs.set('subject', subject.input);
  const yearFrom = field('yearFrom', 'form.yearFrom', { inputmode: 'numeric', pattern: '\\d{4}', maxlength: '4', placeholder: '1978' });
  const yearTo = field('yearTo', 'form.yearTo', { inputmode: 'numeric', pattern: '\\d{4}', maxlength: '4', placeholder: '1991' });

  const opAnd = h('input', { attrs: { type: 'radio', name: 'op', value: 'and', id: 'op-and', checked: true } });
  const opOr = h('input', { attrs: { type: 'radio', name: 'op', value: 'or', id: 'op-or' } });
  const ops = h('fieldset', { class: 'ops' }, h('legend', { i18n: 'form.op' }),
    h('label', { attrs: { for: 'op-and' } }, opAnd, h('span', { i18n: 'form.op.and' })),
    h('label', { attrs: { for: 'op-or' } }, opOr, h('span', { i18n: 'form.op.or' })));

  const notField = h('select', { attrs: { id: 'f-notField', 'data-i18n-label': 'form.notField' } },
    ...NOT_FIELDS.map((f) => h('option', { attrs: { value: f }, i18n: `form.${f}` })));
  const notTerm = h('input', { attrs: { id: 'f-not', type: 'text', autocomplete: 'off', 'data-i18n-label': 'form.notTerm' } });
  const notRow = h('fieldset', { class: 'not-row' }, h('legend', { i18n: 'form.not' }), notField, notTerm);

  const advanced = h('details', { class: 'advanced' }, h('summary', { i18n: 'form.advanced' }),
    h('div', { class: 'grid' }, issn.wrap, subject.wrap, h('div', { class: 'years' }, yearFrom.wrap, yearTo.wrap)), ops, notRow);

  const picker = createLibraryPicker(libraries);
  const errorId = uid('form-error');
  const error = h('p', { class: 'error', attrs: { id: errorId, role: 'alert' } });
  const element = h('form', { class: 'search-form', attrs: { role: 'search', novalidate: true, 'aria-describedby': errorId } },
    h('div', { class: 'grid' }, ...basic),
    h('p', { class: 'hint', i18n: 'form.hint' }),
    advanced,
    picker.element,
    error,
    h('div', { class: 'actions' },
      h('button', { class: 'primary', attrs: { type: 'submit' }, i18n: 'form.search' }),
      h('button', { attrs: { type: 'button' }, i18n: 'form.reset', on: { click: () => {
        write(emptySearch());
        error.textContent = '';
        inputs.get('title')?.focus();
      } } })));

  function read(): SearchState {
    const s = emptySearch();
    for (const [f, input] of inputs) if (input.value.trim() !== '') s.terms[f] = input.value.trim();
    s.yearFrom = yearFrom.input.value.trim();
    s.yearTo = yearTo.input.value.trim();
    s.op = opOr.checked ? 'or' : 'and';
    s.notField = notField.value as CqlField;
    s.notTerm = notTerm.value.trim();
    s.libraries = picker.selected();
    return s;
  }

  function write(s: SearchState): void {
    for (const [f, input] of inputs) input.value = s.terms[f] ?? '';
    yearFrom.input.value = s.yearFrom;
    yearTo.input.value = s.yearTo;
    opOr.checked = s.op === 'or';
    opAnd.checked = s.op !== 'or';
    notField.value = s.notField;
    notTerm.value = s.notTerm;
    picker.set(s.libraries);
    if (usesAdvanced(s)) advanced.open = true;
  }

  element.addEventListener('submit', (event) => {
    event.preventDefault();
    const s = read();
    const problem = !hasTerms(s) ? t('form.empty')
      : [s.yearFrom, s.yearTo].some((y) => y !== '' && !/^\d{4}$/.test(y)) ? t('form.badYear')
      : s.libraries?.length === 0 ? t('picker.none') : '';
    error.textContent = problem;
    if (problem) return;
    onSubmit(s);
  });

  return { element, read, write };
}
