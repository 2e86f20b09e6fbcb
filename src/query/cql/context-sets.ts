/**
 * Context sets: which URI a prefix means, honouring CQL prefix assignments
 * (`>dc="info:..."`, scoped inside parentheses) before the well-known defaults.
 */
import type { CqlPrefixAssignment } from './ast.ts';

/** Well-known context sets, by the short name the index map uses. */
export const DEFAULT_CONTEXT_SETS: Readonly<Record<string, string>> = {
  cql: 'info:srw/cql-context-set/1/cql-v1.2',
  dc: 'info:srw/cql-context-set/1/dc-v1.1',
  bath: 'http://zing.z3950.org/cql/bath/2.0/',
  rec: 'info:srw/cql-context-set/2/rec-1.1',
  sort: 'info:srw/cql-context-set/1/sort-v1.0',
};

/** Older identifiers still sent by clients; they mean the same set. */
const CONTEXT_SET_ALIASES: Readonly<Record<string, string>> = {
  'info:srw/cql-context-set/1/cql-v1.1': 'cql',
  'info:srw/cql-context-set/1/cql-v1.0': 'cql',
  'info:srw/cql-context-set/2/rec-1.0': 'rec',
};

/**
 * The prefix assignments in force at one point of the query, innermost last.
 * Immutable: entering a scoped clause returns a new scope.
 */
export class PrefixScope {
  private constructor(private readonly layers: readonly (readonly CqlPrefixAssignment[])[]) {}

  static empty(): PrefixScope {
    return new PrefixScope([]);
  }

  with(assignments: readonly CqlPrefixAssignment[]): PrefixScope {
    return assignments.length === 0 ? this : new PrefixScope([...this.layers, assignments]);
  }

  /**
   * URI assigned to `prefix` (undefined: the `> "uri"` default set) by the query
   * itself. Prefixes compare case-insensitively; an inner or later one wins.
   */
  assigned(prefix: string | undefined): string | undefined {
    const wanted = prefix?.toLowerCase();
    for (let layer = this.layers.length - 1; layer >= 0; layer--) {
      const assignments = this.layers[layer] ?? [];
      for (let i = assignments.length - 1; i >= 0; i--) {
        const assignment = assignments[i];
        if (assignment !== undefined && assignment.prefix?.toLowerCase() === wanted) return assignment.uri;
      }
    }
    return undefined;
  }
}

/** The short name (cql, dc, ...) for a context-set URI, or undefined when unknown. */
export function contextSetName(uri: string, contextSets: Readonly<Record<string, string>>): string | undefined {
  for (const [name, setUri] of Object.entries(contextSets)) {
    if (setUri === uri) return name;
  }
  return CONTEXT_SET_ALIASES[uri];
}
