/**
 * One library's copies under an expanded result: 馆址, 馆藏地, 索书号, 状态 (as written, with
 * the normalized status), 应还日期, 馆藏类型, 条码, and the ILL verdict — a request button when
 * the copy may be lent, the reasons (zh/en from the API) when not.
 */
import type { Holding, Library, LibraryHoldings } from './api.ts';
import { h } from './dom.ts';
import { bilingual, fmtDate, nameOf, t, tMaybe, type StringKey } from './i18n.ts';

export type RequestHandler = (library: string, holding: Holding) => void;

const COLUMNS: StringKey[] = ['holdings.branch', 'holdings.location', 'holdings.callNumber', 'holdings.status', 'holdings.dueDate', 'holdings.collectionType', 'holdings.barcode', 'holdings.ill'];

/** Two source records of one library often list the same copy: show it once. */
export function distinctCopies(holdings: readonly Holding[]): Holding[] {
  const seen = new Set<string>();
  return holdings.filter((c) => {
    const key = [c.barcode, c.callNumber, c.location, c.statusText, c.volume].join('|');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function cell(key: StringKey, ...content: (Node | string)[]): HTMLTableCellElement {
  // data-label feeds the narrow-screen layout, where each row becomes a small card.
  return h('td', { attrs: { 'data-label': t(key) } }, ...content);
}

function statusCell(copy: Holding): HTMLTableCellElement {
  const normalized = tMaybe(`status.${copy.status}`, copy.status);
  return cell('holdings.status', h('span', { text: copy.statusText }), ' ', h('span', { class: `status status-${copy.status}`, text: normalized }));
}

function illCell(library: string, copy: Holding, onRequest: RequestHandler): HTMLTableCellElement {
  if (copy.ill?.eligible) {
    return cell('holdings.ill', h('button', {
      class: 'request',
      attrs: { type: 'button', 'data-barcode': copy.barcode ?? '', 'data-library': library },
      text: t('holdings.request'),
      on: { click: () => onRequest(library, copy) },
    }));
  }
  const reasons = copy.ill?.reasons ?? [];
  return cell('holdings.ill', h('ul', { class: 'reasons' }, ...reasons.map((r) => h('li', { text: bilingual(r), attrs: { 'data-code': r.code } }))));
}

export function holdingsSection(row: LibraryHoldings, library: Library | undefined, onRequest: RequestHandler): HTMLElement {
  const copies = distinctCopies(row.holdings);
  const head = h('tr', {}, ...COLUMNS.map((key) => h('th', { attrs: { scope: 'col' }, text: t(key) })));
  const body = h('tbody', {}, ...copies.map((copy) => h('tr', { class: copy.ill?.eligible ? 'eligible' : 'ineligible', attrs: { 'data-barcode': copy.barcode ?? '' } },
    cell('holdings.branch', copy.branch ?? ''),
    cell('holdings.location', copy.location ?? ''),
    cell('holdings.callNumber', copy.callNumber ?? ''),
    statusCell(copy),
    cell('holdings.dueDate', copy.dueDate ? fmtDate(copy.dueDate) : ''),
    cell('holdings.collectionType', copy.collectionType ?? ''),
    cell('holdings.barcode', copy.barcode ?? ''),
    illCell(row.library, copy, onRequest))));
  const name = nameOf(library?.name, row.library);
  return h('section', { class: 'library-holdings', attrs: { 'data-library': row.library } },
    h('h4', {}, name, ' ', h('span', { class: 'muted', text: t('holdings.copies', { n: copies.length }) })),
    h('div', { class: 'table-scroll' }, h('table', { class: 'holdings' }, h('caption', { class: 'visually-hidden', text: name }), h('thead', {}, head), body)));
}

/** "Copies that can be requested: A, B" — each name moves focus to that library's first request button. */
export function alternativesLine(rows: LibraryHoldings[], libraries: Map<string, Library>, within: () => HTMLElement): HTMLElement {
  const eligible = rows.filter((r) => r.eligible);
  if (eligible.length === 0) return h('p', { class: 'muted', text: t('holdings.noneEligible') });
  return h('p', { class: 'alternatives' }, t('holdings.alternatives'),
    ...eligible.map((r) => h('button', {
      class: 'link',
      attrs: { type: 'button' },
      text: nameOf(libraries.get(r.library)?.name, r.library),
      on: { click: () => within().querySelector<HTMLButtonElement>(`section[data-library="${CSS.escape(r.library)}"] button.request`)?.focus() },
    })));
}
