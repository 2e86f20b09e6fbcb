/**
 * CQL for the endpoint: the existing parser and translator do the search part; this file
 * takes out what the gateway's query model cannot carry — cql.resultSetId and the
 * post-filter indexes (dc.language, ill.available) — which are allowed only as operands
 * of top-level "and" chains, where filtering the result set afterwards means the same thing.
 * Anywhere else they would change the meaning of the query, so they give diagnostic 48.
 */
import { isAllRecords } from '../query/cql/all-records.ts';
import type { CqlName, CqlNode, CqlQuery, CqlSearchClause } from '../query/cql/ast.ts';
import { contextSetName, PrefixScope } from '../query/cql/context-sets.ts';
import { parseCql } from '../query/cql/parser.ts';
import { cqlToSearch } from '../query/cql/to-query.ts';
import type { QueryNode } from '../query/model.ts';
import { SruDiagnosticError } from './diagnostics.ts';
import { CONTEXT_SETS, findIndex, IGNORED_RELATION_MODIFIERS, SRU_INDEX_MAP, type IndexInfo } from './indexes.ts';
import { parseFilter, type PostFilter } from './filters.ts';

export type SruQuery =
  | { kind: 'search'; query: QueryNode; filters: PostFilter[] }
  | { kind: 'resultSet'; id: string; filters: PostFilter[] };

const UNPREFIXED_SETS = ['cql', 'dc', 'bath'];

const CQL_OPTIONS = {
  indexMap: SRU_INDEX_MAP,
  contextSets: CONTEXT_SETS,
  unprefixedContextSets: UNPREFIXED_SETS,
  ignoredRelationModifiers: IGNORED_RELATION_MODIFIERS,
};

/** The supported index a name means when it is not passed to the libraries, else undefined. */
function specialIndex(index: CqlName, scope: PrefixScope): IndexInfo | undefined {
  const assigned = scope.assigned(index.prefix);
  const setName = assigned !== undefined ? contextSetName(assigned, CONTEXT_SETS) : index.prefix?.toLowerCase();
  const candidates = setName !== undefined ? [setName] : assigned === undefined && index.prefix === undefined ? UNPREFIXED_SETS : [];
  for (const set of candidates) {
    const info = findIndex(set, index.localName);
    if (info) return info.how.kind === 'search' ? undefined : info;
  }
  return undefined;
}

interface Split {
  rest?: CqlNode;
  filters: PostFilter[];
  resultSets: string[];
}

function containsSpecial(node: CqlNode, scope: PrefixScope): CqlSearchClause | undefined {
  switch (node.type) {
    case 'searchClause':
      return specialIndex(node.index, scope) ? node : undefined;
    case 'scoped':
      return containsSpecial(node.query, scope.with(node.prefixes));
    case 'boolean':
      return containsSpecial(node.left, scope) ?? containsSpecial(node.right, scope);
  }
}

function split(node: CqlNode, scope: PrefixScope): Split {
  switch (node.type) {
    case 'searchClause': {
      const info = specialIndex(node.index, scope);
      if (!info) return { rest: node, filters: [], resultSets: [] };
      if (info.how.kind === 'resultSet') return { filters: [], resultSets: [resultSetIdOf(node)] };
      return { filters: [parseFilter(info, node)], resultSets: [] };
    }
    case 'scoped': {
      const inner = split(node.query, scope.with(node.prefixes));
      return inner.rest ? { ...inner, rest: { ...node, query: inner.rest } } : inner;
    }
    case 'boolean': {
      if (node.operator === 'and' && node.modifiers.length === 0) {
        const left = split(node.left, scope);
        const right = split(node.right, scope);
        const rest = left.rest && right.rest ? { ...node, left: left.rest, right: right.rest } : (left.rest ?? right.rest);
        const out: Split = { filters: [...left.filters, ...right.filters], resultSets: [...left.resultSets, ...right.resultSets] };
        if (rest) out.rest = rest;
        return out;
      }
      const special = containsSpecial(node, scope);
      if (special) {
        throw new SruDiagnosticError(
          48,
          special.index.name,
          `Query feature unsupported: "${special.index.name}" is applied to the federated result set, so it can only be joined to the rest of the query by "and"`,
        );
      }
      return { rest: node, filters: [], resultSets: [] };
    }
  }
}

function resultSetIdOf(clause: CqlSearchClause): string {
  const relation = clause.relation.name.toLowerCase();
  if (relation !== '=' && relation !== '==') throw new SruDiagnosticError(19, clause.relation.name, `Unsupported relation "${clause.relation.name}" for cql.resultSetId`);
  if (clause.relation.modifiers.length > 0) throw new SruDiagnosticError(20, clause.relation.modifiers[0]?.name);
  const id = clause.term.text.trim();
  if (id === '') throw new SruDiagnosticError(27, 'cql.resultSetId');
  return id;
}

/** Query text → what to search (or which kept set to reuse) and the filters to apply after. */
export function analyzeQuery(text: string): SruQuery {
  const ast: CqlQuery = parseCql(text);
  if (ast.sortBy.length > 0) {
    throw new SruDiagnosticError(80, ast.sortBy[0]?.index.name, 'Sort not supported: merged works come ranked by relevance');
  }
  const parts = split(ast.root, PrefixScope.empty().with(ast.prefixes));
  const search = parts.rest ? cqlToSearch({ ...ast, root: parts.rest }, CQL_OPTIONS).query : undefined;
  const sets = [...new Set(parts.resultSets)];
  if (sets.length > 1) throw new SruDiagnosticError(48, 'cql.resultSetId', 'Query feature unsupported: only one result set can be reused at a time');
  const [setId] = sets;
  if (setId !== undefined) {
    if (search !== undefined && !isAllRecords(search)) {
      throw new SruDiagnosticError(
        48,
        'cql.resultSetId',
        'Query feature unsupported: a reused result set can only be combined with dc.language, ill.available or cql.allRecords',
      );
    }
    return { kind: 'resultSet', id: setId, filters: parts.filters };
  }
  if (search === undefined || isAllRecords(search)) {
    // Asking every member library for every record is no search a federated gateway can run.
    throw new SruDiagnosticError(
      48,
      search === undefined ? (parts.filters[0]?.index ?? 'cql.allRecords') : 'cql.allRecords',
      'Query feature unsupported: the query needs at least one search clause sent to the libraries (cql.allRecords and post-filter indexes only narrow one)',
    );
  }
  return { kind: 'search', query: search, filters: parts.filters };
}
