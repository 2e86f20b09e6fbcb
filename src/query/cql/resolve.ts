/**
 * Resolving CQL names against context sets: index → gateway target (15/16),
 * relation → its cql-set name (19), relation modifier → accepted or 20.
 */
import type { CqlModifier, CqlName, CqlRelation } from './ast.ts';
import { contextSetName, type PrefixScope } from './context-sets.ts';
import { CqlUnsupportedError, SRU_DIAGNOSTIC } from './errors.ts';
import type { CqlIndexMap, CqlIndexTarget } from './index-map.ts';

export interface NameResolution {
  indexMap: CqlIndexMap;
  /** Short name → URI, keys lower-case. */
  contextSets: Readonly<Record<string, string>>;
  unprefixedContextSets: readonly string[];
}

/** Short set name for a prefix (`dc`, or whatever `>x="..."` says), or a 15 diagnostic. */
function setNameOf(prefix: string | undefined, scope: PrefixScope, resolution: NameResolution): string | undefined {
  const assigned = scope.assigned(prefix);
  if (assigned !== undefined) {
    const name = contextSetName(assigned, resolution.contextSets);
    if (name === undefined) {
      throw new CqlUnsupportedError(SRU_DIAGNOSTIC.unsupportedContextSet, `Unsupported context set "${assigned}"`, assigned);
    }
    return name;
  }
  if (prefix === undefined) return undefined;
  const lower = prefix.toLowerCase();
  if (resolution.contextSets[lower] === undefined) {
    throw new CqlUnsupportedError(SRU_DIAGNOSTIC.unsupportedContextSet, `Unsupported context set "${prefix}"`, prefix);
  }
  return lower;
}

export function resolveIndex(index: CqlName, scope: PrefixScope, resolution: NameResolution): CqlIndexTarget {
  const map = resolution.indexMap;
  const exact = map[index.name.toLowerCase()];
  const unsupported = (): CqlUnsupportedError =>
    new CqlUnsupportedError(SRU_DIAGNOSTIC.unsupportedIndex, `Unsupported index "${index.name}"`, index.name);
  // A configured vendor name (`title`, `alma.title`) wins unless the query re-assigned its prefix.
  if (exact !== undefined && scope.assigned(index.prefix) === undefined) return exact;
  const setName = setNameOf(index.prefix, scope, resolution);
  if (setName !== undefined) {
    return map[`${setName}.${index.localName}`.toLowerCase()] ?? throwError(unsupported());
  }
  for (const candidate of resolution.unprefixedContextSets) {
    const target = map[`${candidate}.${index.localName}`.toLowerCase()];
    if (target !== undefined) return target;
  }
  throw unsupported();
}

/** The relation's name in the cql context set, lower-cased (`=`, `any`, `within` ...). */
export function resolveRelation(relation: CqlRelation, scope: PrefixScope, resolution: NameResolution): string {
  if (relation.symbol || relation.prefix === undefined) return relation.name.toLowerCase();
  const setName = setNameOf(relation.prefix, scope, resolution);
  if (setName !== 'cql') {
    throw new CqlUnsupportedError(SRU_DIAGNOSTIC.unsupportedRelation, `Unsupported relation "${relation.name}"`, relation.name);
  }
  return relation.localName.toLowerCase();
}

/** The modifier's name in the cql set, lower-cased, or a 20 diagnostic when from another set. */
export function resolveRelationModifier(modifier: CqlModifier, scope: PrefixScope, resolution: NameResolution): string {
  if (modifier.prefix === undefined) return modifier.name.toLowerCase();
  const setName = setNameOf(modifier.prefix, scope, resolution);
  if (setName !== 'cql') {
    throw new CqlUnsupportedError(
      SRU_DIAGNOSTIC.unsupportedRelationModifier,
      `Unsupported relation modifier "${modifier.name}"`,
      modifier.name,
    );
  }
  return modifier.localName.toLowerCase();
}

function throwError(error: Error): never {
  throw error;
}
