/**
 * A compact one-line form of the syntax tree with context-set URIs resolved,
 * for logs and for comparing our parser with YAZ's (test/query/cql/yaz-cql-probe.c
 * prints YAZ's tree in the same form):
 *
 *   (sc INDEX{URI} RELATION{URI} /mod cmp [value] [TERM])   search clause, raw term
 *   (and /mod left right)                                   boolean
 *   (sort QUERY {INDEX /mod} …)                             sortBy
 *
 * As in YAZ, a name whose prefix is assigned in the query is printed without
 * its prefix followed by {uri}; otherwise as written followed by {}.
 */
import type { CqlModifier, CqlName, CqlNode, CqlQuery } from './ast.ts';
import { PrefixScope } from './context-sets.ts';

export function printCql(query: CqlQuery): string {
  const scope = PrefixScope.empty().with(query.prefixes);
  const root = printNode(query.root, scope);
  if (query.sortBy.length === 0) return root;
  const specs = query.sortBy.map((spec) => ` {${spec.index.name}${printModifiers(spec.modifiers)}}`).join('');
  return `(sort ${root}${specs})`;
}

function printNode(node: CqlNode, scope: PrefixScope): string {
  switch (node.type) {
    case 'scoped':
      return printNode(node.query, scope.with(node.prefixes));
    case 'boolean':
      return `(${node.operator}${printModifiers(node.modifiers)} ${printNode(node.left, scope)} ${printNode(node.right, scope)})`;
    case 'searchClause': {
      const relation = node.relation.symbol ? `${node.relation.name}{}` : resolved(node.relation, scope, false);
      const modifiers = printModifiers(node.relation.modifiers.map((m) => stripAssignedPrefix(m, scope)));
      return `(sc ${resolved(node.index, scope, true)} ${relation}${modifiers} [${node.term.raw}])`;
    }
  }
}

/** Indexes also take the `> "uri"` default set; named relations only an explicit prefix. */
function resolved(name: CqlName, scope: PrefixScope, useDefaultSet: boolean): string {
  if (name.prefix !== undefined) {
    const uri = scope.assigned(name.prefix);
    return uri === undefined ? `${name.name}{}` : `${name.localName}{${uri}}`;
  }
  const uri = useDefaultSet ? scope.assigned(undefined) : undefined;
  return `${name.name}{${uri ?? ''}}`;
}

function stripAssignedPrefix(modifier: CqlModifier, scope: PrefixScope): CqlModifier {
  return modifier.prefix !== undefined && scope.assigned(modifier.prefix) !== undefined
    ? { ...modifier, name: modifier.localName }
    : modifier;
}

function printModifiers(modifiers: readonly CqlModifier[]): string {
  return modifiers
    .map((m) => (m.comparitor === undefined ? ` /${m.name}` : ` /${m.name} ${m.comparitor} [${m.value ?? ''}]`))
    .join('');
}
