/**
 * The query model as iPac index/term pairs. HIP combines pairs left to right with `oper`
 * (reference 04 §1), so any tree that is a left-deep chain of and/or/not can be sent as is;
 * other shapes ("a AND (b OR c)") cannot, and are refused with a clear error rather than
 * rewritten into something broader. Year ranges have no documented URL form: a top-level
 * year limit is applied to the returned records (hit count stays the OPAC's) with a warning.
 */
import { TargetError, type Diagnostic } from '../../src/diagnostics.ts';
import { compactIsbn } from '../../src/identifiers/isbn.ts';
import { conjuncts, queryKey, type QueryNode, type TermNode, type YearRangeNode } from '../../src/query/model.ts';
import { queryIndexes, type IpacSettings } from './settings.ts';

type IpacOperator = 'and' | 'or' | 'not';

export interface Criterion {
  index: string;
  term: string;
  /** How this pair joins the pairs before it; absent on the first. */
  oper?: IpacOperator;
}

export interface IpacQuery {
  criteria: Criterion[];
  /** Applied to the returned records (the OPAC cannot limit by year in a search URL). */
  years?: { from?: number; to?: number };
  warnings: Diagnostic[];
}

function unsupported(message: string, query: QueryNode): TargetError {
  return new TargetError({ source: 'gateway', code: 'unsupported-query', message, addinfo: queryKey(query) });
}

/** Terms joined left to right: [t1, (op2, t2), (op3, t3)...]. */
interface Step {
  term: TermNode;
  oper?: IpacOperator;
}

function chain(node: QueryNode, root: QueryNode): Step[] {
  if (node.kind === 'term') return [{ term: node }];
  if (node.kind === 'yearRange') throw unsupported('this OPAC cannot limit by year inside OR or NOT', root);
  let { left, right } = node;
  // and/or commute, so a term on the left and a group on the right can swap places.
  if (node.kind !== 'not' && left.kind === 'term' && right.kind !== 'term') [left, right] = [right, left];
  const head = chain(left, root);
  const tail = chain(right, root);
  // x op (y op z) equals (x op y) op z only when both are the same associative operator.
  const associative = tail.length === 1 || (node.kind !== 'not' && tail.every((s, i) => i === 0 || s.oper === node.kind));
  if (!associative) throw unsupported(`this OPAC combines search pairs left to right only; "${node.kind}" over a group cannot be sent`, root);
  const [first, ...rest] = tail;
  if (!first) return head;
  return [...head, { term: first.term, oper: node.kind }, ...rest];
}

function mergeYears(ranges: YearRangeNode[]): { from?: number; to?: number } {
  const out: { from?: number; to?: number } = {};
  for (const r of ranges) {
    if (r.from !== undefined) out.from = Math.max(out.from ?? r.from, r.from);
    if (r.to !== undefined) out.to = Math.min(out.to ?? r.to, r.to);
  }
  return out;
}

export function toIpacQuery(query: QueryNode, settings: IpacSettings): IpacQuery {
  const parts = conjuncts(query);
  const yearParts = parts.filter((p): p is YearRangeNode => p.kind === 'yearRange');
  const rest = parts.filter((p) => p.kind !== 'yearRange');
  const first = rest[0];
  if (!first) throw unsupported('this OPAC cannot search by year alone', query);
  const body = rest.slice(1).reduce<QueryNode>((acc, p) => ({ kind: 'and', left: acc, right: p }), first);

  const warnings: Diagnostic[] = [];
  const indexes = queryIndexes(settings);
  const steps = chain(body, query);
  if (steps.length > settings.maxCriteria) throw unsupported(`this OPAC takes at most ${settings.maxCriteria} search terms, the query has ${steps.length}`, query);

  let phraseWarned = false;
  let truncationWarned = false;
  const criteria = steps.map((step): Criterion => {
    const { term } = step;
    if (step.oper && !settings.operators.includes(step.oper)) throw unsupported(`this OPAC does not combine search terms with ${step.oper.toUpperCase()}`, query);
    if (term.field === 'year') throw unsupported('this OPAC has no year index', query);
    const index = indexes[term.field];
    if (!index) throw unsupported(`this OPAC has no ${term.field} index`, query);
    let text = term.field === 'isbn' ? (compactIsbn(term.value) ?? term.value.replace(/[\s-]/g, '')) : term.value.trim();
    if (term.mode === 'phrase' && term.field !== 'isbn' && term.field !== 'issn' && !phraseWarned) {
      phraseWarned = true;
      warnings.push({ source: 'gateway', code: 'phrase-as-words', message: 'the OPAC searches keyword indexes by words: phrases were searched as all of their words' });
    }
    if (term.truncation === 'right') {
      if (settings.truncationMark) text += settings.truncationMark;
      else if (!truncationWarned) {
        truncationWarned = true;
        warnings.push({ source: 'gateway', code: 'truncation-dropped', message: 'the OPAC has no known truncation mark: truncated terms were searched as whole words' });
      }
    }
    return step.oper ? { index, term: text, oper: step.oper } : { index, term: text };
  });

  // JHU's HIP client: an ISBN pair must come last. Safe to move only in an all-AND chain.
  if (criteria.every((c) => c.oper === undefined || c.oper === 'and')) {
    const isbn = indexes.isbn;
    const ordered = [...criteria.filter((c) => c.index !== isbn), ...criteria.filter((c) => c.index === isbn)];
    criteria.splice(0, criteria.length, ...ordered.map((c, i) => (i === 0 ? { index: c.index, term: c.term } : { index: c.index, term: c.term, oper: 'and' as const })));
  }

  const out: IpacQuery = { criteria, warnings };
  if (yearParts.length > 0) {
    out.years = mergeYears(yearParts);
    warnings.push({
      source: 'gateway',
      code: 'year-filtered-locally',
      message: 'the OPAC cannot limit by year: the limit was applied to the records returned, the hit count is before the limit',
    });
  }
  return out;
}

/** Keeps a record unless its year is known and outside the range (unknown years are kept: never lose a match). */
export function inYears(year: number | undefined, years: IpacQuery['years']): boolean {
  if (!years || year === undefined) return true;
  return (years.from === undefined || year >= years.from) && (years.to === undefined || year <= years.to);
}
