/**
 * The search as the page URL holds it (so it can be bookmarked and shared) and as the API
 * wants it. The URL uses the API's own parameter names where they exist; the NOT row
 * (`not`, `notField`) has no API parameter and is sent as `cql=` (src/http/search-params.ts).
 */
import { toCql, type CqlField } from './cql.ts';

export const BASIC_FIELDS = ['title', 'author', 'publisher', 'isbn', 'q'] as const;
const ADVANCED_FIELDS = ['issn', 'subject'] as const;
export type TextField = (typeof BASIC_FIELDS)[number] | (typeof ADVANCED_FIELDS)[number];
const TEXT_FIELDS: readonly TextField[] = [...BASIC_FIELDS, ...ADVANCED_FIELDS];
export const NOT_FIELDS: readonly CqlField[] = ['title', 'author', 'publisher', 'subject', 'q'];

export interface SearchState {
  terms: Partial<Record<TextField, string>>;
  yearFrom: string;
  yearTo: string;
  op: 'and' | 'or';
  notField: CqlField;
  notTerm: string;
  /** null = every active library. */
  libraries: string[] | null;
}

const VIEW_KEYS = ['sort', 'order', 'filter.library', 'filter.category', 'filter.language', 'filter.decade', 'filter.availability'] as const;
export type ViewKey = (typeof VIEW_KEYS)[number];
export type ViewState = Partial<Record<ViewKey, string>>;

export function emptySearch(): SearchState {
  return { terms: {}, yearFrom: '', yearTo: '', op: 'and', notField: 'subject', notTerm: '', libraries: null };
}

export function hasTerms(s: SearchState): boolean {
  // NOT alone would mean "everything except": a positive term is required.
  return TEXT_FIELDS.some((f) => (s.terms[f] ?? '').trim() !== '');
}

export function usesAdvanced(s: SearchState): boolean {
  return ADVANCED_FIELDS.some((f) => (s.terms[f] ?? '').trim() !== '') || s.yearFrom !== '' || s.yearTo !== '' || s.op === 'or' || s.notTerm !== '';
}

function yearParam(s: SearchState): string {
  if (s.yearFrom === '' && s.yearTo === '') return '';
  if (s.yearFrom !== '' && s.yearFrom === s.yearTo) return s.yearFrom;
  return `${s.yearFrom}-${s.yearTo}`;
}

/** The page URL's query string: the search and the view. */
export function toPageQuery(s: SearchState, view: ViewState): URLSearchParams {
  const p = new URLSearchParams();
  for (const f of TEXT_FIELDS) if ((s.terms[f] ?? '').trim() !== '') p.set(f, (s.terms[f] ?? '').trim());
  const year = yearParam(s);
  if (year) p.set('year', year);
  if (s.op === 'or') p.set('op', 'or');
  if (s.notTerm.trim() !== '') {
    p.set('not', s.notTerm.trim());
    p.set('notField', s.notField);
  }
  if (s.libraries) p.set('libraries', s.libraries.join(','));
  for (const k of VIEW_KEYS) if (view[k]) p.set(k, view[k] ?? '');
  return p;
}

export function fromPageQuery(p: URLSearchParams): { search: SearchState; view: ViewState } {
  const s = emptySearch();
  for (const f of TEXT_FIELDS) {
    const v = p.get(f);
    if (v) s.terms[f] = v;
  }
  const year = p.get('year') ?? '';
  const m = /^(\d{4})?(-)?(\d{4})?$/.exec(year);
  if (m) {
    s.yearFrom = m[1] ?? '';
    s.yearTo = m[2] ? (m[3] ?? '') : (m[1] ?? '');
  }
  if (p.get('op') === 'or') s.op = 'or';
  const notField = p.get('notField') as CqlField | null;
  if (notField && NOT_FIELDS.includes(notField)) s.notField = notField;
  s.notTerm = p.get('not') ?? '';
  const libs = p.get('libraries');
  if (libs) s.libraries = libs.split(',').filter(Boolean);
  const view: ViewState = {};
  for (const k of VIEW_KEYS) {
    const v = p.get(k);
    if (v) view[k] = v;
  }
  return { search: s, view };
}

/** Parameters for /api/search/stream. */
export function toApiParams(s: SearchState): URLSearchParams {
  const p = new URLSearchParams();
  const positive: [CqlField, string][] = [];
  for (const f of TEXT_FIELDS) {
    const v = (s.terms[f] ?? '').trim();
    if (v === '') continue;
    p.set(f, v);
    positive.push([f, v]);
  }
  const year = yearParam(s);
  if (year) p.set('year', year);
  if (s.op === 'or') p.set('op', 'or');
  if (s.notTerm.trim() !== '') {
    // The JSON API has no NOT: the whole query goes as CQL so the NOT applies to all the rest.
    const cql = toCql(positive, s.op, { from: s.yearFrom, to: s.yearTo }, [s.notField, s.notTerm.trim()]);
    for (const f of TEXT_FIELDS) p.delete(f);
    p.delete('year');
    p.delete('op');
    p.set('cql', cql);
  }
  if (s.libraries) p.set('libraries', s.libraries.join(','));
  return p;
}

/** Parameters for /api/results/:id (view only). */
export function toViewParams(view: ViewState, offset: number, limit: number): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of VIEW_KEYS) if (view[k]) p.set(k, view[k] ?? '');
  p.set('offset', String(offset));
  p.set('limit', String(limit));
  return p;
}
