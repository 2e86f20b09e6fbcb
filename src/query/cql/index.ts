/** The CQL module's public surface (see the files for the details). */
export type * from './ast.ts';
export { hasAnchoring, hasMasking, CQL_COMPARITOR_SYMBOLS, CQL_SPECIAL_CHARS } from './ast.ts';
export { ALL_RECORDS, isAllRecords, type AllRecordsQuery } from './all-records.ts';
export { DEFAULT_CONTEXT_SETS } from './context-sets.ts';
export { CqlError, CqlSyntaxError, CqlUnsupportedError, SRU_DIAGNOSTIC, type SruDiagnosticNumber } from './errors.ts';
export { DEFAULT_CQL_INDEX_MAP, DEFAULT_UNPREFIXED_CONTEXT_SETS, type CqlIndexMap, type CqlIndexTarget } from './index-map.ts';
export { tokenizeCql, type CqlToken } from './lexer.ts';
export { parseCql } from './parser.ts';
export { printCql } from './print.ts';
export { DEFAULT_CQL_TARGET_INDEXES, serializeCql, serializeCqlSortBy, type CqlTargetProfile } from './serialize.ts';
export {
  formatSruSortKeys,
  parseSruSortKeys,
  type SortKey,
  type SortMissing,
  type SruMissingValue,
  type SruSortKey,
} from './sort-keys.ts';
export {
  cqlToQuery,
  cqlToSearch,
  DEFAULT_IGNORED_RELATION_MODIFIERS,
  parseCqlSearch,
  parseCqlToQuery,
  sruSortKeysToSortKeys,
  type CqlSearch,
  type CqlToQueryOptions,
} from './to-query.ts';
