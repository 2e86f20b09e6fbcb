/**
 * Search: Type-1 RPN → the query model → the gateway's federated search (its cache, merging and
 * ranking: the same path as /api/search and /sru) → the session's named set of merged works.
 * Libraries that failed are reported, never hidden: searchStatus FALSE with resultSetStatus
 * "subset" when some failed (the records that came are valid), "none" with diagnostic 2 when all
 * did, and one additionalSearchInfo line per failed library ("2 of 31 libraries failed: …").
 */
import { failed } from '../sru/federation.ts';
import { recordsToServe } from '../sru/serve.ts';
import type { LibraryStatus } from '../fanout/status.ts';
import type { OtherInfoItem } from '../z3950/apdu/other-info.ts';
import type { SearchRequestIn } from '../z3950/apdu/requests.ts';
import type { SearchResponse } from '../z3950/apdu/search.ts';
import type { LibraryConfig } from '../config/schema.ts';
import { AdmissionRejected, type SearchOutcome } from '../gateway/index.ts';
import type { QueryNode } from '../query/model.ts';
import { Bib1Error } from './bib1-error.ts';
import { librariesOf } from './databases.ts';
import { elementSet, servedSyntax } from './record-syntaxes.ts';
import { encodeAhead, recordsOut } from './records-out.ts';
import { rpnToQuery } from './rpn-query.ts';
import type { FrontEndService } from './service.ts';
import type { SessionSet } from './session-sets.ts';
import { checkSetName, type SessionState } from './state.ts';

function statusLine(s: LibraryStatus): string {
  const d = s.diagnostic;
  const cause = d ? ` ${d.source} ${d.code}: ${d.message}${d.addinfo ? ` (${d.addinfo})` : ''}` : '';
  return `${s.library}: ${s.state}${cause}`;
}

/** The per-library report; empty when every queried library answered. */
function federationReport(statuses: readonly LibraryStatus[]): { down: LibraryStatus[]; queried: number; info: OtherInfoItem[] } {
  const down = statuses.filter(failed);
  const queried = statuses.filter((s) => s.state !== 'suspended').length;
  if (down.length === 0) return { down, queried, info: [] };
  const summary = `${down.length} of ${queried} libraries failed: ${down.map((s) => s.library).join(' ')}`;
  return { down, queried, info: [{ kind: 'text', text: summary }, ...down.map((s) => ({ kind: 'text' as const, text: statusLine(s) }))] };
}

/** Piggy-back rule (Z39.50-2003 §3.2.2.1.4): how many records go with the Search response. */
function piggyBackCount(hits: number, req: SearchRequestIn): { count: number; esn: Buffer | undefined } {
  if (hits <= req.smallSetUpperBound) return { count: hits, esn: req.smallSetElementSetName };
  if (hits < req.largeSetLowerBound) return { count: Math.min(hits, req.mediumSetPresentNumber), esn: req.mediumSetElementSetName };
  return { count: 0, esn: undefined };
}

function failure(referenceId: Buffer | undefined, error: Bib1Error): SearchResponse {
  return {
    ...(referenceId ? { referenceId } : {}),
    resultCount: 0,
    numberOfRecordsReturned: 0,
    nextResultSetPosition: 0,
    searchStatus: false,
    resultSetStatus: 3,
    records: { kind: 'diagnostics', diagnostics: [error.diagnostic] },
  };
}

/**
 * `defer` takes what the response does not need (the gateway's keeping of the set, the scan
 * index's update, the first page encoded ahead in the session's last Present format): the
 * session runs it right after sending the response, before it reads the next request, so a
 * Scan or a repeated search still finds it.
 */
export async function search(req: SearchRequestIn, state: SessionState, service: FrontEndService, defer: (work: () => void) => void): Promise<SearchResponse> {
  const ref = req.referenceId;
  try {
    const name = state.decode(req.resultSetName);
    checkSetName(name, state);
    const libraries = librariesOf(service.catalog, req.databaseNames.map((n) => state.decode(n)));
    const query = rpnToQuery(req.query, (b) => state.decode(b));
    state.sets.assertWritable(name, true);

    let set: SessionSet = { items: [], statuses: [], clusters: new Map() };
    if (libraries.length > 0) {
      const outcome = await searchAdmitted(service, query, libraries, state, defer);
      const items = recordsToServe(outcome.resultSet);
      defer(() => service.terms.add(items));
      set = { items, statuses: outcome.resultSet.statuses, clusters: new Map(outcome.resultSet.clusters.map((c) => [c.id, c])) };
    }
    state.sets.put(name, set);
    const page = state.lastPage;
    if (page && set.items.length > 0) defer(() => encodeAhead(set, page, service));
    const report = federationReport(set.statuses);
    const allDown = report.down.length > 0 && report.down.length === report.queried;
    const base: SearchResponse = {
      ...(ref ? { referenceId: ref } : {}),
      resultCount: set.items.length,
      numberOfRecordsReturned: 0,
      nextResultSetPosition: 1,
      searchStatus: report.down.length === 0,
      ...(report.down.length > 0 ? { resultSetStatus: allDown ? 3 : 1 } : {}),
      ...(report.info.length > 0 ? { additionalSearchInfo: report.info } : {}),
    };
    if (allDown) {
      const ids = report.down.map((s) => s.library).join(' ');
      return { ...base, records: { kind: 'diagnostics', diagnostics: [new Bib1Error(2, `no library answered: ${ids}`).diagnostic] } };
    }
    const pb = piggyBackCount(set.items.length, req);
    if (pb.count === 0) return base;
    let format;
    try {
      format = { syntax: servedSyntax(req.preferredRecordSyntax), elementSet: elementSet(pb.esn ? state.decode(pb.esn) : undefined) };
    } catch (error) {
      // The search stands; only the piggy-backed records cannot be given in that form.
      if (error instanceof Bib1Error) return { ...base, presentStatus: 5, records: { kind: 'diagnostics', diagnostics: [error.diagnostic] } };
      throw error;
    }
    const out = recordsOut(set, 1, pb.count, format, state.messageSize, service);
    return { ...base, numberOfRecordsReturned: out.records.length, nextResultSetPosition: out.records.length + 1, presentStatus: out.presentStatus, records: { kind: 'records', records: out.records } };
  } catch (error) {
    if (error instanceof Bib1Error) return failure(ref, error);
    throw error;
  }
}

/** The gateway's search; a busy gateway's refusal is Bib-1 2 (temporary system error), as SRU's diagnostic 2 and the API's 503. */
async function searchAdmitted(service: FrontEndService, query: QueryNode, libraries: readonly LibraryConfig[], state: SessionState, defer: (work: () => void) => void): Promise<SearchOutcome> {
  try {
    // ownSet: the session keeps the set (session-sets.ts); the gateway's store holds it only for its cache.
    return await service.gateway.search(query, libraries, { signal: state.signal, client: state.client, defer, ownSet: true });
  } catch (error) {
    if (error instanceof AdmissionRejected) throw new Bib1Error(2, `${error.message}; retry in ${error.retryAfterSeconds} s`);
    throw error;
  }
}
