/**
 * Post-filters: dc.language and ill.available are not in the gateway's query model (the
 * member libraries could not all answer them), so the endpoint applies them to the
 * federated result set after the search, through the one result-set view
 * (src/resultsets/view.ts): each clause becomes one view filter, and clauses are ANDed.
 */
import type { CqlSearchClause } from '../query/cql/ast.ts';
import { normalizeLanguageCode } from '../records/mapping/languages.ts';
import { SruDiagnosticError } from './diagnostics.ts';
import { IGNORED_RELATION_MODIFIERS, type IndexInfo } from './indexes.ts';
import type { Filters } from '../gateway/index.ts';

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

/** The view filter a post-filter clause means. */
export function viewFilter(filter: PostFilter): Filters {
  if (filter.index === 'ill.available') return { availability: filter.available ? 'eligible' : 'not-eligible' };
  return filter.negate ? { excludeLanguages: filter.codes } : { languages: filter.codes };
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
