/**
 * Whether Explain's AttributeDetails settle a use attribute for a library's databases. The
 * standard lists "each supported attribute" per database (values omitted: all of that type),
 * so a use value a database's record lists is supported there and one it omits is not. Zebra
 * builds the list from the same index registry that answers Bib-1 114, so for Zebra the two
 * agree and a settled index needs no probe search. Unsettled (a database without a record, a
 * record without use attributes for the query's attribute set, or databases that disagree):
 * left to a probe search.
 */
import { bib1UseValue } from '../../src/z3950/bib1-use-names.ts';
import type { ExplainAttributeDetails, ExplainAttributeValue } from '../../src/z3950/explain/model.ts';
import { OID } from '../../src/z3950/oids.ts';

function useValueOf(v: ExplainAttributeValue, attributeSet: string): number | undefined {
  if (typeof v.value === 'number') return v.value;
  return attributeSet === OID.BIB1_ATTRIBUTES ? bib1UseValue(v.value) : undefined;
}

/** The use values (numeric) one database's AttributeDetails list for an attribute set; 'all', or undefined when it does not say. */
function listedUses(details: ExplainAttributeDetails | undefined, attributeSet: string): Set<number> | 'all' | undefined {
  const useType = details?.attributeSets.find((s) => s.attributeSet === attributeSet)?.types.find((t) => t.type === 1);
  if (!useType) return undefined;
  if (useType.values === 'all') return 'all';
  return new Set(useType.values.map((v) => useValueOf(v, attributeSet)).filter((n) => n !== undefined));
}

export function settledByExplain(use: number, attributeSet: string, details: ExplainAttributeDetails[], databases: string[]): boolean | undefined {
  const answers = databases.map((db) => {
    const listed = listedUses(details.find((d) => d.databaseName.toLowerCase() === db.toLowerCase()), attributeSet);
    return listed === undefined ? undefined : listed === 'all' || listed.has(use);
  });
  if (answers.length === 0 || answers.includes(undefined)) return undefined;
  if (answers.every((a) => a === true)) return true;
  return answers.every((a) => a === false) ? false : undefined;
}

/** How many distinct use attributes Explain lists over the databases (for the facts). */
export function explainUseCount(details: ExplainAttributeDetails[], attributeSet: string): number {
  const all = new Set<number>();
  for (const d of details) {
    const listed = listedUses(d, attributeSet);
    if (listed instanceof Set) for (const u of listed) all.add(u);
  }
  return all.size;
}
