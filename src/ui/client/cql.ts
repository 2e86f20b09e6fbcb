/**
 * Builds CQL for searches the field parameters cannot express (NOT). Indexes are the ones
 * the gateway's parser maps (src/query/cql/index-map.ts); terms are always quoted with `"`
 * and `\` escaped, and the masking characters `*` `?` `^` escaped except a trailing `*`
 * (the same truncation the simple fields offer).
 */
export type CqlField = 'title' | 'author' | 'publisher' | 'isbn' | 'issn' | 'subject' | 'q';

const INDEX: Record<CqlField, string> = {
  title: 'dc.title',
  author: 'dc.creator',
  publisher: 'dc.publisher',
  isbn: 'bath.isbn',
  issn: 'bath.issn',
  subject: 'dc.subject',
  q: 'cql.serverChoice',
};

function cqlTerm(raw: string): { relation: string; term: string } {
  let value = raw.trim();
  let relation = 'all';
  const quoted = /^["“”「](.*)["“”」]$/su.exec(value);
  if (quoted) {
    relation = 'adj';
    value = (quoted[1] ?? '').trim();
  }
  const truncated = value.length > 1 && value.endsWith('*');
  if (truncated) value = value.slice(0, -1);
  const escaped = value.replace(/[\\"*?^]/g, (c) => `\\${c}`);
  return { relation, term: `"${escaped}${truncated ? '*' : ''}"` };
}

function clause(field: CqlField, raw: string): string {
  const value = field === 'isbn' || field === 'issn' ? raw.replace(/[\s-]/g, '') : raw;
  const { relation, term } = cqlTerm(value);
  return `${INDEX[field]} ${relation} ${term}`;
}

export function toCql(positive: [CqlField, string][], op: 'and' | 'or', years: { from: string; to: string }, not: [CqlField, string]): string {
  const parts = positive.map(([f, v]) => clause(f, v));
  if (years.from) parts.push(`dc.date >= ${years.from}`);
  if (years.to) parts.push(`dc.date <= ${years.to}`);
  // Year bounds always narrow, so with OR they are kept apart as an AND around the group.
  const yearParts = parts.filter((p) => p.startsWith('dc.date'));
  const termParts = parts.filter((p) => !p.startsWith('dc.date'));
  let query = termParts.length > 0 ? `(${termParts.join(` ${op} `)})` : '';
  if (yearParts.length > 0) query = query ? `${query} and ${yearParts.join(' and ')}` : yearParts.join(' and ');
  const excluded = clause(not[0], not[1]);
  return query ? `${query} not ${excluded}` : `cql.allRecords = 1 not ${excluded}`;
}
