/**
 * Capability discovery over Z39.50 (issue 18): one association of its own, whose Init asks for
 * every option we report (the target agrees to the ones it has, §3.2.1.1.6) with a UTF-8
 * charset-negotiation proposal (Charset-3: a target that negotiates answers in otherInfo);
 * then Explain where the target offers it (IR-Explain-1: TargetInfo, and the DatabaseInfo and
 * AttributeDetails of the library's databases, explain-reader.ts). An index whose use attribute
 * AttributeDetails settles is decided by Explain alone (explain-indexes.ts says why that is
 * sound); every other index gets one cheap search with exactly the attributes this library's
 * searches use, where Bib-1 114 (unsupported use attribute) marks it unsupported. Zebra answers
 * 114 per database for an index with no terms.
 */
import type { Capabilities, Z3950ExplainFacts, Z3950Facts } from '../../src/adapter-api/capabilities.ts';
import { SEARCH_FIELDS, type QueryNode, type SearchField } from '../../src/query/model.ts';
import { encodeUtf8Proposal, isCharsetResponse } from '../../src/z3950/apdu/charset-neg.ts';
import type { RpnQuery } from '../../src/z3950/apdu/query.ts';
import type { SearchResponse } from '../../src/z3950/apdu/search.ts';
import { explainUseCount, settledByExplain } from './explain-indexes.ts';
import { readExplain, type ExplainFindings } from './explain-reader.ts';
import { OID } from '../../src/z3950/oids.ts';
import { Session, type SessionOptions } from './session.ts';

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

function openProbeSession(options: Z3950ProbeOptions): Promise<Session> {
  return Session.open({ ...options.session, extraOptions: ['delSet', 'scan', 'sort', 'negotiationModel'], initOtherInfo: [encodeUtf8Proposal()] }, options.signal);
}

export async function probeZ3950(options: Z3950ProbeOptions): Promise<Capabilities> {
  let session = await openProbeSession(options);
  try {
    const { init } = session;
    const explain = await readExplain(session, options.databases, options.session.codec, options.signal);
    // A target that broke the association over its Explain database is still probed index by index.
    if (!session.usable) {
      session.destroy();
      session = await openProbeSession(options);
    }
    const indexes: SearchField[] = [];
    const useAttributes: Z3950Facts['useAttributes'] = [];
    for (const field of SEARCH_FIELDS) {
      const rpn = options.toRpn(probeQuery(field));
      const settled = settledByExplain(useOf(rpn), rpn.attributeSet, explain.attributes, options.databases);
      if (settled !== undefined) {
        if (settled) indexes.push(field);
        useAttributes.push({ use: useOf(rpn), supported: settled, from: 'explain' });
        continue;
      }
      const response = await session.search({ databases: options.databases, query: rpn, resultSetName: PROBE_RESULT_SET }, options.signal);
      const diagnostic = response.searchStatus ? undefined : firstDiagnostic(response);
      const supported = diagnostic?.condition !== UNSUPPORTED_USE;
      if (supported) indexes.push(field);
      useAttributes.push({ use: useOf(rpn), supported, from: 'probe', ...(diagnostic ? { diagnostic: `bib-1 ${diagnostic.condition}${diagnostic.addinfo ? ` ${diagnostic.addinfo}` : ''}` } : {}) });
    }
    const facts: Z3950Facts = {
      protocol: 'z3950',
      namedResultSets: init.options.includes('namedResultSets'),
      scan: init.options.includes('scan'),
      sort: init.options.includes('sort'),
      // Agreed to the option and answered the proposal (whatever it selected).
      charsetNegotiation: init.options.includes('negotiationModel') && (init.otherInfo ?? []).some(isCharsetResponse),
      explain: explain.offered,
      ...(explain.syntax || explain.problems.length > 0 ? { explainInfo: explainFacts(explain, options.databases) } : {}),
      useAttributes,
      ...(init.implementationName || init.implementationId ? { implementation: [init.implementationName ?? init.implementationId, init.implementationVersion].filter(Boolean).join(' ') } : {}),
    };
    const probed = useAttributes.some((u) => u.from === 'probe');
    const source = useAttributes.some((u) => u.from === 'explain') ? (probed ? 'z3950-explain+init+probe' : 'z3950-explain+init') : 'z3950-init+probe';
    return { indexes, facts, source, at: (options.now?.() ?? new Date()).toISOString() };
  } finally {
    await session.close();
  }
}

/** What Explain said, in the capability record's terms. */
function explainFacts(explain: ExplainFindings, databases: string[]): Z3950ExplainFacts {
  const wanted = new Set(databases.map((d) => d.toLowerCase()));
  const t = explain.target;
  return {
    ...(explain.syntax ? { syntax: explain.syntax } : {}),
    ...(t
      ? {
          target: {
            name: t.name,
            ...(t.namedResultSets === undefined ? {} : { namedResultSets: t.namedResultSets }),
            ...(t.multipleDatabaseSearch === undefined ? {} : { multipleDatabaseSearch: t.multipleDatabaseSearch }),
            ...(t.maxResultSets === undefined ? {} : { maxResultSets: t.maxResultSets }),
            ...(t.maxResultSize === undefined ? {} : { maxResultSize: t.maxResultSize }),
            ...(t.timeoutInterval === undefined ? {} : { timeoutInterval: t.timeoutInterval }),
          },
        }
      : {}),
    databases: explain.databases
      .filter((d) => wanted.has(d.name.toLowerCase()))
      .map((d) => ({
        name: d.name,
        ...(d.recordCount ? { recordCount: d.recordCount.count, approximate: d.recordCount.approximate } : {}),
        ...(d.title ? { title: d.title } : {}),
      })),
    listedUseAttributes: explainUseCount(explain.attributes, OID.BIB1_ATTRIBUTES),
    ...(explain.problems.length > 0 ? { problems: explain.problems } : {}),
  };
}
