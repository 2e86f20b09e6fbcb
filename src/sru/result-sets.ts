/**
 * SRU result-set ids. A post-filtered view is a different result set to the client (its
 * numberOfRecords and positions differ), so the SRU id is the gateway's id plus the
 * filters, encoded: `<gateway id>` or `<gateway id>.<base64url filters>`. Nothing else is
 * stored, so the SRU id lives exactly as long as the gateway keeps the set.
 */
import type { ResultSet } from '../resultsets/store.ts';
import { filtersKey, parseFiltersKey, type PostFilter } from './filters.ts';

export function encodeSetId(gatewayId: string, filters: readonly PostFilter[]): string {
  const key = filtersKey(filters);
  return key === '' ? gatewayId : `${gatewayId}.${Buffer.from(key, 'utf8').toString('base64url')}`;
}

export function decodeSetId(id: string): { gatewayId: string; filters: PostFilter[] } | undefined {
  const dot = id.indexOf('.');
  if (dot === -1) return { gatewayId: id, filters: [] };
  const gatewayId = id.slice(0, dot);
  const filters = parseFiltersKey(Buffer.from(id.slice(dot + 1), 'base64url').toString('utf8'));
  // Only ids this module wrote are accepted (base64url decoding forgives junk; the canonical form does not).
  return filters && filters.length > 0 && encodeSetId(gatewayId, filters) === id ? { gatewayId, filters } : undefined;
}

/** Seconds the gateway will still keep the set (its cache TTL from creation; 60 s when caching is off). */
export function remainingSeconds(set: ResultSet, ttlSeconds: number, now = Date.now()): number {
  const ttl = ttlSeconds > 0 ? ttlSeconds : 60;
  return Math.max(0, Math.floor(ttl - (now - Date.parse(set.createdAt)) / 1000));
}
