/**
 * The CQL parser's limits. Every walker of a parsed query (analysis, to-query, the
 * serializers) recurses over its tree, and that tree is at most MAX_CQL_CLAUSES + MAX_CQL_DEPTH
 * deep: with these caps no input can exhaust the stack, and no library is sent a query
 * larger than a search form could produce (a 1,000-term chain earned HTTP 431 from members).
 */
export const CQL_LIMITS = {
  /** Characters of query text (the JSON API's `cql=` has its own, smaller cap). */
  MAX_CQL_LENGTH: 4096,
  /** Nested parentheses. */
  MAX_CQL_DEPTH: 32,
  /** Search clauses (terms) in one query; booleans are one fewer. */
  MAX_CQL_CLAUSES: 64,
  /** Modifiers on one relation or boolean, and prefix assignments in one scope. */
  MAX_CQL_MODIFIERS: 16,
} as const;
