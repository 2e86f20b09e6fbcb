/**
 * Post-filters: dc.language and ill.available are not in the gateway's query model (the
 * member libraries could not all answer them), so the endpoint applies them to the
 * federated result set after the search.
 */
import type { CqlSearchClause } from '../query/cql/ast.ts';
import { normalizeLanguageCode } from '../records/mapping/languages.ts';
import { SruDiagnosticError } from './diagnostics.ts';
import { IGNORED_RELATION_MODIFIERS, type IndexInfo } from './indexes.ts';
import type { ServedRecord } from './serve.ts';

export type PostFilter =
  | { index: 'dc.language'; codes: string[]; negate: boolean }
  | { index: 'ill.available'; available: boolean };

function relationOf(clause: CqlSearchClause): string {
  const r = clause.relation;
  // Named relations may be written cql.any; any other set's relation is not ours.
  if (!r.symbol && r.prefix !== undefined && r.prefix.toLowerCase() !== 'cql') throw new SruDiagnosticError(19, r.name);
  return r.symbol ? r.name : r.localName.toLowerCase();
}

export function parseFilter(info: IndexInfo, clause: CqlSearchClause): PostFilter {
  const relation = relationOf(clause);
  const name = `${info.set}.${info.name}`;
  if (!info.relations.includes(relation)) {
    throw new SruDiagnosticError(19, clause.relation.name, `Unsupported relation "${clause.relation.name}" for ${name} (supported: ${info.relations.join(' ')})`);
  }
  for (const modifier of clause.relation.modifiers) {
    if (!IGNORED_RELATION_MODIFIERS.includes(modifier.localName.toLowerCase())) throw new SruDiagnosticError(20, modifier.name);
  }
  const words = clause.term.text.trim().split(/\s+/u).filter((w) => w !== '');
  if (words.length === 0) throw new SruDiagnosticError(27, name);
  if (name === 'ill.available') {
    const value = words.length === 1 ? { '1': true, true: true, yes: true, '0': false, false: false, no: false }[words[0]?.toLowerCase() ?? ''] : undefined;
    if (value === undefined) throw new SruDiagnosticError(36, clause.term.text, 'Term in invalid format for index or relation: ill.available takes 1 or 0');
    return { index: 'ill.available', available: value };
  }
  if (words.length > 1 && relation !== 'any' && relation !== '<>') {
    throw new SruDiagnosticError(36, clause.term.text, 'Term in invalid format for index or relation: one language code, or several with "any"');
  }
  const codes = words.map((word) => {
    const code = normalizeLanguageCode(word);
    if (code === undefined) throw new SruDiagnosticError(36, word, `Term in invalid format for index or relation: "${word}" is not an ISO 639 language code`);
    return code;
  });
  return { index: 'dc.language', codes, negate: relation === '<>' };
}

function keeps(filter: PostFilter, item: ServedRecord): boolean {
  if (filter.index === 'ill.available') {
    const eligible = item.holdings.some((h) => h.ill?.eligible === true);
    return eligible === filter.available;
  }
  const languages = new Set(item.members.flatMap((r) => r.languages));
  const any = filter.codes.some((code) => languages.has(code));
  return filter.negate ? !any : any;
}

export function applyFilters(items: readonly ServedRecord[], filters: readonly PostFilter[]): ServedRecord[] {
  return filters.length === 0 ? [...items] : items.filter((item) => filters.every((f) => keeps(f, item)));
}

/** Stable text of a filter list, carried inside SRU result-set ids (see result-set-id.ts). */
export function filtersKey(filters: readonly PostFilter[]): string {
  return filters
    .map((f) => (f.index === 'ill.available' ? `ill=${f.available ? 1 : 0}` : `lang${f.negate ? '!' : ''}=${[...f.codes].sort().join('+')}`))
    .sort()
    .join(';');
}

export function parseFiltersKey(key: string): PostFilter[] | undefined {
  if (key === '') return [];
  const filters: PostFilter[] = [];
  for (const part of key.split(';')) {
    const ill = /^ill=([01])$/.exec(part);
    const lang = /^lang(!?)=([a-z]{3}(?:\+[a-z]{3})*)$/.exec(part);
    if (ill) filters.push({ index: 'ill.available', available: ill[1] === '1' });
    else if (lang) filters.push({ index: 'dc.language', codes: (lang[2] ?? '').split('+'), negate: lang[1] === '!' });
    else return undefined;
  }
  return filters;
}
