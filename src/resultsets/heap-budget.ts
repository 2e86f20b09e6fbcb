/**
 * The share of the V8 heap kept result sets may take. A production gateway runs with a bounded
 * old space (deploy/balis-gateway.service: --max-old-space-size), because V8 otherwise grows its
 * heap to several times the live data under a sustained load and never gives it back; the
 * result-set store's byte bound then has to fit inside that heap with room for the searches in
 * flight, or a burst would end in a fatal out-of-memory instead of older sets being dropped.
 */
import { getHeapStatistics } from 'node:v8';

/** Kept sets may fill a quarter of the heap; the rest is for searches in flight and the code. */
const STORE_SHARE = 0.25;

export function resultSetBudgetBytes(configuredBytes: number, heapLimitBytes = getHeapStatistics().heap_size_limit): number {
  return Math.max(1, Math.min(configuredBytes, Math.floor(heapLimitBytes * STORE_SHARE)));
}
