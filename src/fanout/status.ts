/** The per-library outcome of one federated search: always one per selected library. */
import type { Diagnostic, SkipNotice, TargetState } from '../diagnostics.ts';

export interface LibraryStatus {
  library: string;
  state: TargetState;
  hits: number;
  /** Records actually received. */
  fetched: number;
  elapsedMs: number;
  /** Of elapsedMs, how long the gateway's own event loop was stalled (not the library's time; left out of what is learned). */
  gatewayStallMs?: number;
  /** Why the state is not ok (timeout, error, suspended, skipped). */
  diagnostic?: Diagnostic;
  /** Non-fatal problems: surrogate diagnostics, record decode errors, charset warnings, the record cap. */
  warnings: Diagnostic[];
  /** Fewer records than asked for because of this library's own cap: "fetched 50 of 86 (this library's cap)". */
  capped?: RecordCapNotice;
  /** State skipped by the gateway's choice: why (breaker open, index unsupported). */
  skip?: SkipNotice;
}

export interface RecordCapNotice {
  code: 'record-cap';
  cap: number;
  zh: string;
  en: string;
}

/** The notice when an adapter's cap, not the hits or the gateway's recordsPerLibrary, limited a search. */
export function recordCapNotice(fetched: number, hits: number, cap: number): RecordCapNotice {
  return { code: 'record-cap', cap, zh: `已取 ${fetched} / ${hits} 条（本馆上限 ${cap} 条）`, en: `fetched ${fetched} of ${hits} (this library's cap)` };
}
