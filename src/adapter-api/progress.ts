/**
 * What an adapter tells the fan-out while it works, so a reader sees "searching" and
 * "fetching 40 of 120" instead of a spinner. Reporting is optional and never throws.
 */
import type { SearchRequest } from './contract.ts';

/** The phases an adapter reports; the fan-out adds queued, connecting, done and failed. */
type AdapterPhase = 'searching' | 'fetching';

export interface AdapterProgress {
  phase: AdapterPhase;
  /** Records received so far (fetching). */
  fetched?: number;
  /** Records this search will fetch in all: min(count, hits from start). */
  total?: number;
}

type Progressing = Pick<SearchRequest, 'start' | 'count' | 'onProgress'>;

/** The query went out (after connecting / initializing). */
export function reportSearching(request: Progressing): void {
  request.onProgress?.({ phase: 'searching' });
}

/** `fetched` records arrived of those the search will fetch given `hits`. */
export function reportFetched(request: Progressing, fetched: number, hits: number): void {
  request.onProgress?.({ phase: 'fetching', fetched, total: Math.max(fetched, Math.min(request.count, Math.max(0, hits - request.start + 1))) });
}
