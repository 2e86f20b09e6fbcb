/**
 * The simulated catalogue's reading of its search forms (the inverse of query.ts): basic
 * `field`/`term`, advanced `fN`/`qN`/`opN` applied left to right. Matching itself is the
 * shared simulator matcher (src/simulation/match.ts).
 */
import type { QueryNode, SearchField } from '../../../src/query/model.ts';

const FIELDS: Record<string, SearchField> = { title: 'title', author: 'author', publisher: 'publisher', isbn: 'isbn', subject: 'subject', any: 'keyword' };

export class FormError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

function criterion(field: string | undefined, term: string | undefined): QueryNode {
  const text = (term ?? '').trim();
  if (text === '') throw new FormError('empty-term', 'a search term is required');
  if (field === 'year') {
    const m = /^(\d{4})?(-)?(\d{4})?$/.exec(text);
    if (!m || (!m[1] && !m[3])) throw new FormError('bad-year', `year "${text}" is not YYYY or YYYY-YYYY`);
    const from = m[1] ? Number(m[1]) : undefined;
    const to = m[2] ? (m[3] ? Number(m[3]) : undefined) : from;
    return { kind: 'yearRange', ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
  }
  const mapped = field === undefined ? undefined : FIELDS[field];
  if (!mapped) throw new FormError('bad-field', `unknown search field "${field ?? ''}"`);
  const phrase = /^".*"$/.test(text);
  const truncated = !phrase && text.endsWith('*');
  const value = phrase ? text.slice(1, -1) : truncated ? text.slice(0, -1) : text;
  return { kind: 'term', field: mapped, value, mode: phrase ? 'phrase' : 'words', ...(truncated ? { truncation: 'right' as const } : {}) };
}

export function formQuery(params: ReadonlyMap<string, string>): QueryNode {
  const mode = params.get('mode') ?? 'basic';
  if (mode === 'basic') return criterion(params.get('field'), params.get('term'));
  if (mode !== 'advanced') throw new FormError('bad-mode', `unknown search mode "${mode}"`);
  let query: QueryNode | undefined;
  for (let i = 1; params.has(`f${i}`) || params.has(`q${i}`); i++) {
    const next = criterion(params.get(`f${i}`), params.get(`q${i}`));
    if (!query) {
      query = next;
      continue;
    }
    const op = (params.get(`op${i}`) ?? 'AND').toUpperCase();
    if (op !== 'AND' && op !== 'OR' && op !== 'NOT') throw new FormError('bad-operator', `unknown operator "${op}"`);
    query = { kind: op === 'AND' ? 'and' : op === 'OR' ? 'or' : 'not', left: query, right: next };
  }
  if (!query) throw new FormError('empty-term', 'the advanced form has no criteria');
  return query;
}
