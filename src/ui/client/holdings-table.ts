/**
 * One library's copies under an expanded result: 馆址, 馆藏地, 索书号, 状态 (as written, with
 * the normalized status), 应还日期, 馆藏类型, 条码, and the ILL verdict — a request button when
 * the copy may be lent, the reasons (zh/en from the API) when not.
 */
import type { Holding, LibraryHoldings } from './api.ts';
import { h } from './dom.ts';
import { bilingual, fmtDate, fmtNumber, t, tMaybe, type StringKey } from './i18n.ts';

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
  // data-label feeds the narrow-screen layout, where each row becomes a small card: the value is
  // one grid item beside its label, and a card leaves out the lines with nothing in them.
  const blank = content.every((c) => c === '');
  return h('td', { class: blank ? 'blank' : '', attrs: { 'data-label': t(key) } }, blank ? null : h('span', {}, ...content));
}

function statusCell(copy: Holding): HTMLTableCellElement {
  const normalized = tMaybe(`status.${copy.status}`, copy.status);
  const age = statusAge(copy);
  return cell('holdings.status', h('span', { text: copy.statusText }), ' ', h('span', { class: `status status-${copy.status}`, text: normalized }), ...(age ? [' ', age] : []));
}

/** A status older than a minute says how old ("2 分钟前"): circulation changes by the minute. */
function statusAge(copy: Holding): HTMLElement | undefined {
  if (!copy.asOf) return undefined;
  const minutes = Math.floor((Date.now() - Date.parse(copy.asOf)) / 60_000);
  if (!(minutes >= 1)) return undefined;
  const text = minutes < 60 ? t('holdings.ageMinutes', { n: minutes }) : t('holdings.ageHours', { n: Math.floor(minutes / 60) });
  return h('span', { class: 'status-age', text, attrs: { title: copy.asOf, 'data-as-of': copy.asOf } });
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

/** One library's copies (of one volume) as a table; on a phone each row is a small card. */
export function copiesTable(library: string, caption: string, copies: readonly Holding[], onRequest: RequestHandler): HTMLElement {
  const head = h('tr', {}, ...COLUMNS.map((key) => h('th', { attrs: { scope: 'col' }, text: t(key) })));
  const body = h('tbody', {}, ...copies.map((copy) => h('tr', { class: copy.ill?.eligible ? 'eligible' : 'ineligible', attrs: { 'data-barcode': copy.barcode ?? '' } },
    cell('holdings.branch', copy.branch ?? ''),
    cell('holdings.location', copy.location ?? ''),
    cell('holdings.callNumber', copy.callNumber ?? ''),
    statusCell(copy),
    cell('holdings.dueDate', copy.dueDate ? fmtDate(copy.dueDate) : ''),
    cell('holdings.collectionType', copy.collectionType ?? ''),
    cell('holdings.barcode', h('span', { class: 'barcode', text: copy.barcode ?? '' })),
    illCell(library, copy, onRequest))));
  return h('div', { class: 'table-scroll' }, h('table', { class: 'holdings' }, h('caption', { class: 'visually-hidden', text: caption }), h('thead', {}, head), body));
}

/** How many libraries have a copy that can be requested; the grid lists them first. */
export function lendableLine(rows: LibraryHoldings[]): HTMLElement {
  const eligible = rows.filter((r) => r.eligible).length;
  if (eligible === 0) return h('p', { class: 'muted', text: t('holdings.noneEligible') });
  return h('p', { class: 'alternatives', text: t('holdings.lendableAt', { n: fmtNumber(eligible) }) });
}
