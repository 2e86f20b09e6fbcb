/**
 * The query model → the Japanese catalogue's search forms. Basic search is one field and
 * one term; advanced search is rows of (field, term) joined by AND / OR / NOT and read
 * left to right, with no parentheses (the usual OPAC 高级检索 form). A tree is expressible
 * when it can be laid out as such a chain — AND and OR commute, so `a AND (b OR c)` becomes
 * `b OR c AND a` — otherwise the library reports that it cannot run the query.
 */
import { TargetError } from '../../src/diagnostics.ts';
import { formatYear, type QueryNode, type TermNode } from '../../src/query/model.ts';
import { encodeForm } from '../../src/adapter-api/form.ts';
import { toJisForms, type JapaneseCharset } from './encoding.ts';
import { fieldName, type JpCatalogueSettings } from './settings.ts';

type JpOperator = 'AND' | 'OR' | 'NOT';

export interface JpCriterion {
  field: string;
  term: string;
  /** How this row joins the rows before it; absent on the first row. */
  op?: JpOperator;
}

function unsupported(message: string, addinfo?: string): TargetError {
  return new TargetError({ source: 'gateway', code: 'unsupported-query', message, ...(addinfo ? { addinfo } : {}) });
}

function termText(node: TermNode): string {
  const text = node.value.trim();
  // The form reads "…" as a phrase and a trailing * as truncation (assumed, README).
  if (node.mode === 'phrase') return `"${text.replace(/"/g, ' ')}"`;
  return node.truncation === 'right' ? `${text}*` : text;
}

function leaf(node: QueryNode, settings: JpCatalogueSettings): JpCriterion | undefined {
  if (node.kind === 'term') {
    const field = fieldName(settings, node.field);
    if (field === null) throw unsupported(`the Japanese catalogue has no ${node.field} field`, node.field);
    return { field, term: termText(node) };
  }
  if (node.kind === 'yearRange') {
    const field = fieldName(settings, 'year');
    if (field === null) throw unsupported('the Japanese catalogue has no year field', 'year');
    if (node.from !== undefined && node.from === node.to) return { field, term: formatYear(node.from) };
    return { field, term: `${node.from === undefined ? '' : formatYear(node.from)}-${node.to === undefined ? '' : formatYear(node.to)}` };
  }
  return undefined;
}

function chain(node: QueryNode, settings: JpCatalogueSettings): JpCriterion[] {
  const single = leaf(node, settings);
  if (single) return [single];
  if (node.kind === 'term' || node.kind === 'yearRange') return [];
  const op = node.kind.toUpperCase() as JpOperator;
  const right = leaf(node.right, settings);
  if (right) return [...chain(node.left, settings), { ...right, op }];
  const left = leaf(node.left, settings);
  if (left && op !== 'NOT') return [...chain(node.right, settings), { ...left, op }];
  throw unsupported('the Japanese catalogue combines criteria left to right only; this query needs parentheses');
}

export function toCriteria(query: QueryNode, settings: JpCatalogueSettings): JpCriterion[] {
  const criteria = chain(query, settings);
  if (criteria.length > settings.maxCriteria) {
    throw unsupported(`the advanced search form has ${settings.maxCriteria} rows; the query needs ${criteria.length}`);
  }
  return criteria;
}

/**
 * The search request's query string: `mode=basic&field=&term=` for one criterion,
 * `mode=advanced&f1=&q1=&op2=&f2=&q2=…` for several, then `start` and `rows`.
 */
export function searchQueryString(criteria: readonly JpCriterion[], start: number, rows: number, charset: JapaneseCharset): string {
  const pairs: [string, string][] = [];
  const [first] = criteria;
  if (criteria.length === 1 && first) {
    pairs.push(['mode', 'basic'], ['field', first.field], ['term', first.term]);
  } else {
    pairs.push(['mode', 'advanced']);
    criteria.forEach((c, i) => {
      if (i > 0) pairs.push([`op${i + 1}`, c.op ?? 'AND']);
      pairs.push([`f${i + 1}`, c.field], [`q${i + 1}`, c.term]);
    });
  }
  pairs.push(['start', String(start)], ['rows', String(rows)]);
  // JIS X 0208 lacks Simplified forms: a term typed in Chinese is sent in its JIS form.
  return encodeForm(charset === 'utf-8' ? pairs : pairs.map(([k, v]) => [k, toJisForms(v)] as const), charset);
}
