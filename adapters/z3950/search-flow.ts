/**
 * One gateway search on one initialized session: Search, with the first chunk piggy-backed on
 * the response when the window starts at record 1, then Present in chunks for the rest. A target
 * that ignores piggy-backing returns no records and the Presents fetch them all. Only a failed
 * search (searchStatus FALSE with no result set) is fatal; Present problems and per-record
 * diagnostics come back with whatever records arrived.
 * The next Present goes out before a received chunk is decoded and mapped, so the target works
 * on it meanwhile (still one operation at a time on the association: the request follows the
 * response it depends on).
 */
import type { SearchRequest, SearchResult } from '../../src/adapter-api/contract.ts';
import { reportFetched, reportSearching } from '../../src/adapter-api/progress.ts';
import { cpuTurn } from '../../src/adapter-api/cpu-turns.ts';
import type { Diagnostic } from '../../src/diagnostics.ts';
import { TargetError, gatewayDiagnostic } from '../../src/diagnostics.ts';
import type { BibRecord } from '../../src/records/model.ts';
import type { TextCodec } from '../../src/adapter-api/text-codec.ts';
import { toDiagnostic } from '../../src/z3950/apdu/diag.ts';
import type { RpnQuery } from '../../src/z3950/apdu/query.ts';
import type { PresentResponse } from '../../src/z3950/apdu/present.ts';
import type { NamePlusRecord } from '../../src/z3950/apdu/records.ts';
import { extractRecord, type ExtractedRecord } from './records.ts';
import type { Session } from './session.ts';

export interface FlowParams {
  databases: string[];
  rpn: RpnQuery;
  start: number;
  count: number;
  /** The operator's cap (settings.maxRecords); undefined = none. */
  maxRecords: number | undefined;
  presentChunk: number;
  preferredRecordSyntax: string;
  elementSetName: string;
  /** Ask for the first chunk inside the SearchResponse (settings.piggyback). */
  piggyback: boolean;
  codec: TextCodec;
  signal: AbortSignal;
  /** Turns extracted records into BibRecords (see bib.ts). */
  convert: (records: ExtractedRecord[]) => { records: BibRecord[]; diagnostics: Diagnostic[] };
  onProgress?: SearchRequest['onProgress'];
  /** The gateway request it serves: the referenceId of its Search and Present requests. */
  referenceId?: string;
}

/** resultSetStatus (§3.2.2.1.8): 1 subset and 2 interim still leave records to present. */
const PARTIAL_RESULT_SET = new Set([1, 2]);
const PRESENT_FAILURE = 5;

/** Extracts and converts one batch of records into `result`. */
function take(received: readonly NamePlusRecord[], position: number, p: FlowParams, result: SearchResult): void {
  const extracted: ExtractedRecord[] = [];
  received.forEach((npr, i) => {
    const outcome = extractRecord(npr, position + i, p.codec);
    if (outcome.ok) extracted.push(outcome.record);
    else result.diagnostics.push(outcome.diagnostic);
  });
  const converted = p.convert(extracted);
  result.records.push(...converted.records);
  result.diagnostics.push(...converted.diagnostics);
  reportFetched(p, result.records.length, result.hits);
}

/** The Present of the next chunk: from `position`, at most `wanted` records. */
function present(session: Session, p: FlowParams, position: number, wanted: number): Promise<PresentResponse> {
  return session.present(
    {
      start: position,
      count: Math.min(p.presentChunk, wanted),
      preferredRecordSyntax: p.preferredRecordSyntax,
      elementSetName: p.elementSetName,
      ...(p.referenceId === undefined ? {} : { referenceId: p.referenceId }),
    },
    p.signal,
  );
}

export async function runSearch(session: Session, p: FlowParams): Promise<SearchResult> {
  reportSearching(p);
  const limit = p.maxRecords === undefined ? p.count : Math.min(p.count, p.maxRecords);
  const piggyCount = p.piggyback && p.start === 1 ? Math.min(limit, p.presentChunk) : 0;
  const response = await session.search(
    {
      databases: p.databases,
      query: p.rpn,
      preferredRecordSyntax: p.preferredRecordSyntax,
      ...(piggyCount > 0 ? { piggyback: { count: piggyCount, elementSetName: p.elementSetName } } : {}),
      ...(p.referenceId === undefined ? {} : { referenceId: p.referenceId }),
    },
    p.signal,
  );
  const diagnostics: Diagnostic[] = response.records?.kind === 'diagnostics' ? response.records.diagnostics.map(toDiagnostic) : [];
  if (!response.searchStatus && !PARTIAL_RESULT_SET.has(response.resultSetStatus ?? 3)) {
    throw new TargetError(diagnostics[0] ?? gatewayDiagnostic('search-failed', `${session.target}: search failed without a diagnostic`));
  }
  const hits = Number(response.resultCount);
  const result: SearchResult = { hits, records: [], diagnostics };
  // maxRecords is this library's own cap (protecting its server): say when it, not count, limits the search.
  if (p.maxRecords !== undefined && p.maxRecords < p.count && hits - p.start + 1 > p.maxRecords) result.cappedAt = p.maxRecords;
  let wanted = Math.max(0, Math.min(limit, hits - p.start + 1));
  let position = p.start;
  // Never more than asked for, whatever a target piggy-backs.
  let received: NamePlusRecord[] | undefined = response.records?.kind === 'records' && wanted > 0 ? response.records.records.slice(0, wanted) : undefined;
  let last = false;
  for (;;) {
    const at = position;
    if (received) {
      position += received.length;
      wanted -= received.length;
    }
    // Asked before this chunk is decoded; its failure is read below, after the chunk is taken.
    const next: Promise<PresentResponse> | undefined = !last && wanted > 0 ? present(session, p, position, wanted) : undefined;
    next?.catch(() => undefined);
    if (received) {
      // Decoding a chunk is CPU work: wait for a turn, so the gateway's own requests run in between (cpu-turns.ts).
      await cpuTurn(p.signal);
      take(received, at, p, result);
    }
    if (!next) break;
    const page: PresentResponse = await next;
    if (page.records?.kind === 'diagnostics') {
      result.diagnostics.push(...page.records.diagnostics.map(toDiagnostic));
      break;
    }
    received = page.records?.records ?? [];
    last = received.length === 0 || page.presentStatus === PRESENT_FAILURE;
  }
  return result;
}
