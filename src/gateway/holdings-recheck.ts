/**
 * Holdings age faster than bibliographic data: a copy's status changes by the minute. This asks
 * the libraries again, live, for the copies of records kept in a result set — the works a reader
 * opens once their holdings are older than their TTL, a librarian's "recheck live", and the ILL
 * draft before submission — and puts the fresh holdings (with `asOf`, `source: live`) in place.
 * The record is found again by a targeted search (its ISBN, else its title) and its local id.
 */
import type { TargetAdapter } from '../adapter-api/contract.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { TargetError } from '../diagnostics.ts';
import { groupHoldings } from '../merge/holdings.ts';
import type { Holding } from '../holdings/model.ts';
import type { Cluster } from '../merge/types.ts';
import type { QueryNode } from '../query/model.ts';
import type { BibRecord } from '../records/model.ts';

export interface RecheckOutcome {
  library: string;
  /** Records whose holdings were replaced by the library's answer now. */
  rechecked: string[];
  asOf?: string;
  /** Why the library could not be asked, or did not return the record: the old holdings stay, with their age. */
  error?: Pick<Diagnostic, 'code' | 'message'>;
}

export interface RecheckDeps {
  adapter(library: string): TargetAdapter | undefined;
  /** Re-judges fresh copies (the same verdicts as a search). */
  judge(records: BibRecord[]): Promise<void>;
  timeoutMs: number;
  now?: () => number;
}

/** Which copy of a record: its barcode, else its position among the record's holdings (copies without a barcode). */
export interface CopyPick {
  barcode?: string;
  index?: number;
}

/** One copy asked again: as it was kept, and as its library lists it now. */
export interface CopyRecheck {
  /**
   * live: the library answered and lists the copy (`holding`); not-listed: it answered but no
   * longer lists that copy; record-not-listed: it no longer returns the record; failed: it could
   * not be asked (down, breaker open, timeout — `outcome.error`), the kept copy stays as it was.
   */
  state: 'live' | 'not-listed' | 'record-not-listed' | 'failed';
  holding?: Holding;
  /** The copy as the result set kept it before the recheck. */
  previous?: Holding;
  outcome: RecheckOutcome;
}

export function pickCopy(holdings: readonly Holding[], pick: CopyPick): Holding | undefined {
  if (pick.barcode !== undefined) return holdings.find((h) => h.barcode === pick.barcode);
  return pick.index === undefined ? undefined : holdings[pick.index];
}

/** The copy's state after its record was asked again (`rechecked`: the library returned the record). */
export function copyState(outcome: RecheckOutcome, rechecked: boolean, holding: Holding | undefined): CopyRecheck['state'] {
  if (rechecked) return holding ? 'live' : 'not-listed';
  return outcome.error?.code === 'not-found' ? 'record-not-listed' : 'failed';
}

/** Whether any copy of the record is older than `maxAgeMs` (or of unknown age). */
export function holdingsOlderThan(record: BibRecord, maxAgeMs: number, now: number): boolean {
  return record.holdings.some((h) => h.asOf === undefined || now - Date.parse(h.asOf) > maxAgeMs);
}

function recordQuery(record: BibRecord): QueryNode {
  const isbn = record.isbns.find((i) => i.valid && i.isbn13);
  if (isbn?.isbn13) return { kind: 'term', field: 'isbn', value: isbn.isbn13, mode: 'words' };
  return { kind: 'term', field: 'title', value: record.title.split(/\s+/u).slice(0, 8).join(' '), mode: 'words' };
}

/** Asks each library of `records` again, live; replaces holdings in place. Never throws: failures are outcomes. */
export async function recheckHoldings(records: readonly BibRecord[], deps: RecheckDeps): Promise<RecheckOutcome[]> {
  const byLibrary = new Map<string, BibRecord[]>();
  for (const record of records) byLibrary.set(record.library, [...(byLibrary.get(record.library) ?? []), record]);
  return Promise.all(
    [...byLibrary].map(async ([library, wanted]): Promise<RecheckOutcome> => {
      const adapter = deps.adapter(library);
      if (!adapter) return { library, rechecked: [], error: { code: 'no-adapter', message: 'this library is not queried (suspended or unknown)' } };
      const rechecked: string[] = [];
      let asOf: string | undefined;
      try {
        for (const record of wanted) {
          const signal = AbortSignal.timeout(deps.timeoutMs);
          const answer = await adapter.search({ query: recordQuery(record), start: 1, count: 20, signal, fresh: true });
          const fresh = answer.records.find((r) => r.localId === record.localId);
          if (!fresh) continue;
          await deps.judge([fresh]);
          record.holdings = fresh.holdings;
          asOf = fresh.holdings[0]?.asOf ?? new Date(deps.now?.() ?? Date.now()).toISOString();
          rechecked.push(record.id);
        }
      } catch (error) {
        const diagnostic = error instanceof TargetError ? error.diagnostic : { code: 'error', message: error instanceof Error ? error.message : String(error) };
        return { library, rechecked, ...(asOf ? { asOf } : {}), error: { code: diagnostic.code, message: diagnostic.message } };
      }
      if (rechecked.length < wanted.length) return { library, rechecked, ...(asOf ? { asOf } : {}), error: { code: 'not-found', message: 'the library did not return this record when asked again' } };
      return { library, rechecked, ...(asOf ? { asOf } : {}) };
    }),
  );
}

/** The cluster's per-library holdings table again, after some of its records' holdings changed. */
export function regroupHoldings(cluster: Cluster): void {
  cluster.holdings = groupHoldings(cluster.records, cluster.merged.volume);
  cluster.eligibleLibraries = cluster.holdings.filter((h) => h.eligible).map((h) => h.library);
  cluster.available = cluster.holdings.some((h) => h.available);
}
