/**
 * The simulator's Explain database (IR-Explain-1), as a target offering Explain keeps one: per
 * server a TargetInfo, and per library database a DatabaseInfo (its record count) and an
 * AttributeDetails listing the Bib-1 use attributes it searches (without those of the fields it
 * `lacks`). Found by exp-1 use 1 (category) and use 3 (database name), given in the Explain
 * record syntax only.
 */
import { decodeBer } from '../../../src/z3950/ber-reader.ts';
import type { BerElement } from '../../../src/z3950/ber-types.ts';
import type { DecodedRpn } from '../../../src/z3950/apdu/requests.ts';
import { encodeExplainRecord } from '../../../src/z3950/explain/encode-ber.ts';
import { OID } from '../../../src/z3950/oids.ts';
import { supportedUses } from './query.ts';
import type { SimulatedZ3950Library } from './simulator.ts';

export const EXPLAIN_DATABASE = 'IR-Explain-1';
const CATEGORY = 1;
const DATABASE_NAME = 3;

interface ExplainEntry {
  category: string;
  database?: string;
  record: BerElement;
}

export function simulatedExplain(libraries: readonly SimulatedZ3950Library[], recordCount: (lib: SimulatedZ3950Library) => number): ExplainEntry[] {
  const entry = (category: string, database: string | undefined, bytes: Buffer): ExplainEntry => ({ category, ...(database ? { database } : {}), record: decodeBer(bytes) });
  const entries = [entry('targetinfo', undefined, encodeExplainRecord({ category: 'targetInfo', targetInfo: { name: 'BALIS Z39.50 library simulator', namedResultSets: true, multipleDatabaseSearch: true, maxResultSets: 100 } }))];
  for (const lib of libraries) {
    entries.push(entry('databaseinfo', lib.database, encodeExplainRecord({ category: 'databaseInfo', databaseInfo: { name: lib.database, explainDatabase: false, available: true, recordCount: { count: recordCount(lib), approximate: false } } })));
    const values = supportedUses(lib.lacks ?? []).map((value) => ({ value }));
    entries.push(entry('attributedetails', lib.database, encodeExplainRecord({ category: 'attributeDetails', attributeDetails: { databaseName: lib.database, attributeSets: [{ attributeSet: OID.BIB1_ATTRIBUTES, types: [{ type: 1, values }] }] } })));
  }
  return entries;
}

/** The records an exp-1 query finds: its category term, and any database-name terms (ORed). */
export function explainHits(entries: readonly ExplainEntry[], rpn: DecodedRpn): BerElement[] {
  const terms: { use: number; text: string }[] = [];
  const stack = [rpn];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'op') stack.push(node.left, node.right);
    else if (node.kind === 'term') terms.push({ use: node.attributes.find((a) => a.type === 1)?.value ?? 0, text: node.term.toString('utf8').toLowerCase() });
  }
  const category = terms.find((t) => t.use === CATEGORY)?.text;
  const databases = terms.filter((t) => t.use === DATABASE_NAME).map((t) => t.text);
  return entries.filter((e) => e.category === category && (databases.length === 0 || databases.includes(e.database?.toLowerCase() ?? ''))).map((e) => e.record);
}
