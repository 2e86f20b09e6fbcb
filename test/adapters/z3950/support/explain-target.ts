/**
 * A Z39.50 target whose IR-Explain-1 answers in the Explain record syntax (Zebra will not, see
 * adapters/z3950/explain-xml.ts): the fixture records of fixtures/z3950/explain/*.ber, found
 * by exp-1 use 1 (category) and use 3 (database name) as the standard's Explain database is.
 * Other databases answer every search with 0 hits, or Bib-1 114 for a use attribute in
 * `unsupportedUses`. Enough of a target for the probe and for yaz-client.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeBer } from '../../../../src/z3950/ber-reader.ts';
import { encodeClose } from '../../../../src/z3950/apdu/close.ts';
import { encodeInitResponse } from '../../../../src/z3950/apdu/init.ts';
import { encodePresentResponse } from '../../../../src/z3950/apdu/present.ts';
import type { Records } from '../../../../src/z3950/apdu/records.ts';
import { decodeOriginPdu, type DecodedRpn } from '../../../../src/z3950/apdu/requests.ts';
import { encodeSearchResponse } from '../../../../src/z3950/apdu/search.ts';
import { OID } from '../../../../src/z3950/oids.ts';
import { startFakeTarget, type FakeTarget } from './fake-target.ts';

const FIXTURES = fileURLToPath(new URL('../../../../fixtures/z3950/explain/', import.meta.url));

export interface ExplainEntry {
  category: string;
  database?: string;
  file: string;
}

/** The union catalogue's Explain database: database zwts described in full. */
export const UNION_EXPLAIN: ExplainEntry[] = [
  { category: 'TargetInfo', file: 'targetinfo.ber' },
  { category: 'DatabaseInfo', database: 'zwts', file: 'databaseinfo-actual.ber' },
  { category: 'DatabaseInfo', database: 'IR-Explain-1', file: 'databaseinfo-explain.ber' },
  { category: 'AttributeDetails', database: 'zwts', file: 'attributedetails.ber' },
  { category: 'CategoryList', file: 'categorylist.ber' },
];

function terms(rpn: DecodedRpn, out: { use: number; text: string }[] = []): { use: number; text: string }[] {
  const stack = [rpn];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'op') stack.push(node.left, node.right);
    else if (node.kind === 'term') out.push({ use: node.attributes.find((a) => a.type === 1)?.value ?? 0, text: node.term.toString('utf8') });
  }
  return out;
}

/** `dropOnPresent`: the first association's first Present of Explain records drops the line (a target failing there). */
export async function startExplainTarget(entries: ExplainEntry[], unsupportedUses: number[] = [], dropOnPresent = false): Promise<FakeTarget & { presents: string[] }> {
  let dropped = false;
  const presents: string[] = [];
  const target = await startFakeTarget(async (conn) => {
    const sets = new Map<string, ExplainEntry[]>();
    for (;;) {
      const pdu = decodeOriginPdu(await conn.next());
      if (pdu.type === 'initRequest') {
        conn.socket.write(encodeInitResponse({ versions: [1, 2, 3], options: ['search', 'present', 'namedResultSets'], preferredMessageSize: 1 << 20, exceptionalRecordSize: 1 << 20, result: true, implementationName: 'explain test target' }));
      } else if (pdu.type === 'searchRequest') {
        const { query } = pdu.pdu;
        const given = query.kind === 'rpn' ? terms(query.rpn) : [];
        if (pdu.pdu.databaseNames[0]?.toString() === 'IR-Explain-1') {
          const category = given.find((t) => t.use === 1)?.text.toLowerCase();
          const databases = given.filter((t) => t.use === 3).map((t) => t.text.toLowerCase());
          const hits = entries.filter((e) => e.category.toLowerCase() === category && (databases.length === 0 || databases.includes(e.database?.toLowerCase() ?? '')));
          sets.set(pdu.pdu.resultSetName.toString(), hits);
          conn.socket.write(encodeSearchResponse({ resultCount: hits.length, numberOfRecordsReturned: 0, nextResultSetPosition: 1, searchStatus: true }));
        } else {
          const bad = given.find((t) => unsupportedUses.includes(t.use));
          const records: Records | undefined = bad ? { kind: 'diagnostics', diagnostics: [{ diagnosticSetId: OID.BIB1_DIAGNOSTICS, condition: 114, addinfo: String(bad.use) }] } : undefined;
          conn.socket.write(encodeSearchResponse({ resultCount: 0, numberOfRecordsReturned: 0, nextResultSetPosition: 1, searchStatus: !bad, ...(bad ? { resultSetStatus: 3, records } : {}) }));
        }
      } else if (pdu.type === 'presentRequest') {
        const { start, count, preferredRecordSyntax } = pdu.pdu;
        presents.push(preferredRecordSyntax ?? '');
        if (dropOnPresent && !dropped) {
          dropped = true;
          conn.socket.destroy();
          return;
        }
        const chosen = (sets.get(pdu.pdu.resultSetId.toString()) ?? []).slice(start - 1, start - 1 + count);
        const records: Records =
          preferredRecordSyntax === OID.EXPLAIN
            ? { kind: 'records', records: chosen.map((e) => ({ databaseName: 'IR-Explain-1', record: { kind: 'retrieval', external: { directReference: OID.EXPLAIN, encoding: { kind: 'single-ASN1-type', element: decodeBer(readFileSync(FIXTURES + e.file)) } } } })) }
            : { kind: 'diagnostics', diagnostics: [{ diagnosticSetId: OID.BIB1_DIAGNOSTICS, condition: 239, addinfo: preferredRecordSyntax ?? '' }] };
        conn.socket.write(encodePresentResponse({ numberOfRecordsReturned: records.kind === 'records' ? chosen.length : 0, nextResultSetPosition: start + chosen.length, presentStatus: records.kind === 'records' ? 0 : 5, records }));
      } else if (pdu.type === 'close') {
        conn.socket.end(encodeClose({ closeReason: 'finished' }));
        return;
      }
    }
  });
  return Object.assign(target, { presents });
}
