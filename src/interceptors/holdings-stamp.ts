/**
 * Innermost wrapper: every holding an adapter returns is stamped with when the library said
 * it (`asOf`) and where it came from (`live`, or `union` for a union catalogue's report of a
 * member's copy). The cache interceptor above it marks what it serves again as `cache`,
 * keeping the original `asOf`, so a reader and a librarian always see how old a status is.
 */
import type { SearchResult } from '../adapter-api/contract.ts';
import type { HoldingSource } from '../holdings/model.ts';
import { copyRecord } from '../records/lazy-marc.ts';
import { withSearch, type Interceptor } from './interceptor.ts';

export function holdingsStamp(now: () => Date = () => new Date()): Interceptor {
  return (next) => {
    const source: HoldingSource = next.members ? 'union' : 'live';
    return withSearch(next, async (request) => {
      const result = await next.search(request);
      const asOf = now().toISOString();
      for (const record of result.records) for (const holding of record.holdings) {
        holding.asOf = asOf;
        holding.source = source;
      }
      return result;
    });
  };
}

/** The same answer, its holdings marked as served from a cache (their `asOf` kept). */
export function asCached(result: SearchResult): SearchResult {
  return {
    ...result,
    records: result.records.map((record) => copyRecord(record, { holdings: record.holdings.map((h) => (h.source === 'live' ? { ...h, source: 'cache' as const } : h)) })),
  };
}
