/**
 * The gateway's one internal query. Every adapter translates it into its own
 * language (CQL for SRU, Bib-1 RPN for Z39.50, index codes for iPac...).
 * Plain data, so it can be cached, logged and compared.
 */

export const SEARCH_FIELDS = ['title', 'author', 'publisher', 'isbn', 'issn', 'subject', 'keyword', 'year'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** words: all words must occur (any order); phrase: the words in this order, adjacent. */
type TermMode = 'words' | 'phrase';

export interface TermNode {
  kind: 'term';
  field: SearchField;
  value: string;
  mode: TermMode;
  /** Right truncation ("cambridg*"), only when the user asked for it. */
  truncation?: 'right';
}

/** Inclusive year range; one side may be open. `year=1988` is from=to=1988. */
export interface YearRangeNode {
  kind: 'yearRange';
  from?: number;
  to?: number;
}

export interface BooleanNode {
  kind: 'and' | 'or' | 'not';
  left: QueryNode;
  right: QueryNode;
}

export type QueryNode = TermNode | YearRangeNode | BooleanNode;

export function and(left: QueryNode, right: QueryNode): BooleanNode {
  return { kind: 'and', left, right };
}

/** Flattens an AND chain (used by adapters whose targets take only a list of criteria). */
export function conjuncts(node: QueryNode): QueryNode[] {
  return node.kind === 'and' ? [...conjuncts(node.left), ...conjuncts(node.right)] : [node];
}

/** Every term in the tree, in order (for highlighting, ranking, logging). */
export function terms(node: QueryNode): TermNode[] {
  if (node.kind === 'term') return [node];
  if (node.kind === 'yearRange') return [];
  return [...terms(node.left), ...terms(node.right)];
}

/** The indexes a query searches, each once, in first-use order (a year range searches `year`). */
export function indexesUsed(node: QueryNode): SearchField[] {
  const out = new Set<SearchField>();
  const walk = (n: QueryNode): void => {
    if (n.kind === 'term') out.add(n.field);
    else if (n.kind === 'yearRange') out.add('year');
    else {
      walk(n.left);
      walk(n.right);
    }
  };
  walk(node);
  return [...out];
}

/** A year as catalogues write it: four digits, leading zeros kept (0999, not 999). */
export function formatYear(year: number): string {
  return String(year).padStart(4, '0');
}

/** A stable text form: the cache key of a search and a readable log line. */
export function queryKey(node: QueryNode): string {
  switch (node.kind) {
    case 'term':
      return `${node.field}${node.mode === 'phrase' ? '==' : '='}${JSON.stringify(node.value)}${node.truncation ? '*' : ''}`;
    case 'yearRange':
      return `year[${node.from === undefined ? '' : formatYear(node.from)}..${node.to === undefined ? '' : formatYear(node.to)}]`;
    default:
      return `(${queryKey(node.left)} ${node.kind} ${queryKey(node.right)})`;
  }
}
