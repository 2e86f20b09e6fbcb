/**
 * Live per-library state during one search: queued (behind the concurrency bound),
 * connecting (its turn came), searching and fetching n of N (the adapter says), then done
 * or failed (the settled status says why). SSE `library` events carry it as `phase`.
 */
type LibraryPhase = 'queued' | 'connecting' | 'searching' | 'fetching' | 'done' | 'failed';

export interface LibraryProgress {
  library: string;
  phase: LibraryPhase;
  /** fetching: records received so far, of `total`. */
  fetched?: number;
  total?: number;
}
