/**
 * Capability discovery over Z39.50 (issue 18): one association of its own, whose Init asks for
 * every option we report (the target agrees to the ones it has, §3.2.1.1.6) with a UTF-8
 * charset-negotiation proposal (Charset-3: a target that negotiates answers in otherInfo);
 * a search of the IR-Explain-1 database (Z39.50 Explain, exp-1 ExplainCategory "TargetInfo")
 * to see whether Explain is offered; then one cheap search per canonical index, with exactly
 * the attributes this library's searches use, where Bib-1 114 (unsupported use attribute)
 * marks the index unsupported. Zebra answers 114 per database for an index with no terms.
 */
import type { Capabilities, Z3950Facts } from '../../src/adapter-api/capabilities.ts';
import { SEARCH_FIELDS, type QueryNode, type SearchField } from '../../src/query/model.ts';
import { encodeUtf8Proposal, isCharsetResponse } from '../../src/z3950/apdu/charset-neg.ts';
import type { RpnQuery } from '../../src/z3950/apdu/query.ts';
import type { SearchResponse } from '../../src/z3950/apdu/search.ts';
import { Session, type SessionOptions } from './session.ts';

const EXPLAIN_DATABASE = 'IR-Explain-1';
/** exp-1 attribute set (Z39.50-2003 Appendix 3, ATR.2): use 1 = ExplainCategory. */
const EXP1_ATTRIBUTES = '1.2.840.10003.3.2';
const UNSUPPORTED_USE = 114;
const PROBE_RESULT_SET = 'capability-probe';

/** The query each index is probed with: a word no catalogue needs to hold, or one year. */
function probeQuery(field: SearchField): QueryNode {
  return field === 'year' ? { kind: 'yearRange', from: 2000, to: 2000 } : { kind: 'term', field, value: 'zzprobe', mode: 'words' };
}

function firstDiagnostic(response: SearchResponse): { condition: number; addinfo?: string } | undefined {
  return response.records?.kind === 'diagnostics' ? response.records.diagnostics[0] : undefined;
}

/** The Bib-1 use attribute of a probe query's (first) term, for the facts. */
function useOf(query: RpnQuery): number {
  let node = query.rpn;
  while (node.kind === 'op') node = node.left;
  return node.attributes.find((a) => a.type === 1)?.value ?? 0;
}

export interface Z3950ProbeOptions {
  session: SessionOptions;
  databases: string[];
  /** This library's RPN for a query (its attribute overrides and ISBN forms applied). */
  toRpn(query: QueryNode): RpnQuery;
  signal: AbortSignal;
  now?: () => Date;
}

export async function probeZ3950(options: Z3950ProbeOptions): Promise<Capabilities> {
  const session = await Session.open(
    { ...options.session, extraOptions: ['delSet', 'scan', 'sort', 'negotiationModel'], initOtherInfo: [encodeUtf8Proposal()] },
    options.signal,
  );
  try {
    const { init } = session;
    const explain = await explainOffered(session, options.signal);
    const indexes: SearchField[] = [];
    const useAttributes: Z3950Facts['useAttributes'] = [];
    for (const field of SEARCH_FIELDS) {
      const rpn = options.toRpn(probeQuery(field));
      const response = await session.search({ databases: options.databases, query: rpn, resultSetName: PROBE_RESULT_SET }, options.signal);
      const diagnostic = response.searchStatus ? undefined : firstDiagnostic(response);
      const supported = diagnostic?.condition !== UNSUPPORTED_USE;
      if (supported) indexes.push(field);
      useAttributes.push({ use: useOf(rpn), supported, ...(diagnostic ? { diagnostic: `bib-1 ${diagnostic.condition}${diagnostic.addinfo ? ` ${diagnostic.addinfo}` : ''}` } : {}) });
    }
    const facts: Z3950Facts = {
      protocol: 'z3950',
      namedResultSets: init.options.includes('namedResultSets'),
      scan: init.options.includes('scan'),
      sort: init.options.includes('sort'),
      // Agreed to the option and answered the proposal (whatever it selected).
      charsetNegotiation: init.options.includes('negotiationModel') && (init.otherInfo ?? []).some(isCharsetResponse),
      explain,
      useAttributes,
      ...(init.implementationName || init.implementationId ? { implementation: [init.implementationName ?? init.implementationId, init.implementationVersion].filter(Boolean).join(' ') } : {}),
    };
    return { indexes, facts, source: 'z3950-init+probe', at: (options.now?.() ?? new Date()).toISOString() };
  } finally {
    await session.close();
  }
}

/** Explain is offered when a search of IR-Explain-1 for its TargetInfo record goes through. */
async function explainOffered(session: Session, signal: AbortSignal): Promise<boolean> {
  const term = 'TargetInfo';
  const response = await session.search(
    {
      databases: [EXPLAIN_DATABASE],
      resultSetName: PROBE_RESULT_SET,
      query: { attributeSet: EXP1_ATTRIBUTES, rpn: { kind: 'term', attributes: [{ type: 1, value: 1 }], term: Buffer.from(term, 'latin1'), text: term } },
    },
    signal,
  );
  return response.searchStatus && Number(response.resultCount) > 0;
}
