/**
 * Reads a target's Explain database (IR-Explain-1, Z39.50-1995 Appendix "Explain"): one search
 * per category we use (exp-1 use 1 ExplainCategory, and use 3 DatabaseName for the library's
 * databases), then a Present asking for the Explain syntax, element set F (recordCount and
 * attributesBySet are non-brief). A target that will not give that syntax (diagnostic 25, 227,
 * 238 or 239; Zebra 2.2 is one) is asked for XML, its own rendering, and the answer read as such.
 * A record neither form can read, or a target failing on its Explain database (dropping the
 * line, timing out there), is a problem noted in the findings, never the probe's failure: the
 * caller checks whether the association survived.
 */
import { TargetError } from '../../src/diagnostics.ts';
import { BerError } from '../../src/z3950/ber-types.ts';
import type { TextCodec } from '../../src/adapter-api/text-codec.ts';
import type { RpnStructure } from '../../src/z3950/apdu/query.ts';
import type { NamePlusRecord, Records } from '../../src/z3950/apdu/records.ts';
import { decodeExplainRecord } from '../../src/z3950/explain/decode-ber.ts';
import { ExplainError, type ExplainAttributeDetails, type ExplainDatabaseInfo, type ExplainRecord, type ExplainTargetInfo } from '../../src/z3950/explain/model.ts';
import { OID } from '../../src/z3950/oids.ts';
import { parseExplainXml } from './explain-xml.ts';
import { decodeXml } from './records.ts';
import type { Session } from './session.ts';

const EXPLAIN_DATABASE = 'IR-Explain-1';
const RESULT_SET = 'capability-explain';
/** Records read per category: one per database, and a library has a few. */
const MAX_RECORDS = 20;
/** "This syntax (or element set) is not available": ask for the other form. */
const SYNTAX_REFUSED = new Set([25, 227, 238, 239]);

export interface ExplainFindings {
  offered: boolean;
  /** The form the records came in: the Explain syntax, or the server's XML. */
  syntax?: 'explain' | 'xml';
  target?: ExplainTargetInfo;
  databases: ExplainDatabaseInfo[];
  attributes: ExplainAttributeDetails[];
  problems: string[];
}

interface Form {
  syntax: 'explain' | 'xml';
  oid: string;
  elementSetName?: string;
}
const FORMS: Form[] = [
  { syntax: 'explain', oid: OID.EXPLAIN, elementSetName: 'F' },
  { syntax: 'xml', oid: OID.XML_TEXT },
];

function exp1(use: number, term: string, codec: TextCodec): RpnStructure {
  return { kind: 'term', attributes: [{ type: 1, value: use }], term: codec.encode(term), text: term };
}

function anyOf(nodes: RpnStructure[]): RpnStructure {
  return nodes.reduce((left, right) => ({ kind: 'op', op: 'or', left, right }));
}

export async function readExplain(session: Session, databases: string[], codec: TextCodec, signal: AbortSignal): Promise<ExplainFindings> {
  const findings: ExplainFindings = { offered: false, databases: [], attributes: [], problems: [] };
  const forms = [...FORMS];
  const read = async (category: string, perDatabase: boolean): Promise<ExplainRecord[] | undefined> => {
    const byCategory = exp1(1, category, codec);
    const rpn: RpnStructure = perDatabase ? { kind: 'op', op: 'and', left: byCategory, right: anyOf(databases.map((db) => exp1(3, db, codec))) } : byCategory;
    const found = await session.search({ databases: [EXPLAIN_DATABASE], resultSetName: RESULT_SET, query: { attributeSet: OID.EXP1_ATTRIBUTES, rpn } }, signal);
    if (!found.searchStatus) return undefined;
    // The Explain database answered a search: it is offered, whatever its records turn out to be.
    findings.offered = true;
    const hits = Math.min(Number(found.resultCount), MAX_RECORDS);
    while (hits > 0 && forms.length > 0) {
      const form = forms[0]!;
      const answer = await session.present(
        { resultSetName: RESULT_SET, start: 1, count: hits, preferredRecordSyntax: form.oid, ...(form.elementSetName ? { elementSetName: form.elementSetName } : {}) },
        signal,
      );
      if (refused(answer.records)) {
        forms.shift(); // this form is refused for every category: do not ask again
        continue;
      }
      findings.syntax ??= form.syntax;
      return (answer.records?.kind === 'records' ? answer.records.records : []).flatMap((r) => decodeOne(r, codec, findings.problems));
    }
    return [];
  };

  try {
    const targets = await read('TargetInfo', false);
    if (targets === undefined) return findings;
    for (const record of [...targets, ...((await read('DatabaseInfo', true)) ?? []), ...((await read('AttributeDetails', true)) ?? [])]) {
      if (record.category === 'targetInfo') findings.target ??= record.targetInfo;
      else if (record.category === 'databaseInfo') findings.databases.push(record.databaseInfo);
      else if (record.category === 'attributeDetails') findings.attributes.push(record.attributeDetails);
    }
  } catch (error) {
    if (!(error instanceof TargetError) || signal.aborted) throw error;
    // Records are taken only once every category has been read: a failed reading keeps none.
    findings.problems.push(`${EXPLAIN_DATABASE}: ${error.message}`);
  }
  return findings;
}

/** The whole Present refused for its syntax or element set (a non-surrogate diagnostic, or every record a surrogate one). */
function refused(records: Records | undefined): boolean {
  if (records?.kind === 'diagnostics') return records.diagnostics.some((d) => SYNTAX_REFUSED.has(d.condition));
  if (records?.kind !== 'records' || records.records.length === 0) return false;
  return records.records.every((r) => r.record.kind === 'surrogate' && SYNTAX_REFUSED.has(r.record.diagnostic.condition));
}

function decodeOne(npr: NamePlusRecord, codec: TextCodec, problems: string[]): ExplainRecord[] {
  if (npr.record.kind !== 'retrieval') return [];
  const { directReference, encoding } = npr.record.external;
  try {
    if (directReference === OID.EXPLAIN && encoding.kind === 'single-ASN1-type') return [decodeExplainRecord(encoding.element, codec.decode)];
    if ((directReference === OID.XML_TEXT || directReference === OID.XML_APPLICATION) && encoding.kind === 'octet-aligned') return [parseExplainXml(decodeXml(encoding.bytes))];
    problems.push(`Explain record in syntax ${directReference ?? '(none)'}, ${encoding.kind}: not read`);
  } catch (error) {
    if (!(error instanceof ExplainError || error instanceof BerError)) throw error;
    problems.push(error.message);
  }
  return [];
}
