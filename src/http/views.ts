/** JSON shapes the API returns (records without their heavy source MARC unless asked). */
import type { LibraryConfig } from '../config/schema.ts';
import type { BibRecord } from '../records/model.ts';
import type { ResultSet } from '../resultsets/store.ts';
import type { HealthSummary } from '../gateway/health.ts';

export function recordView(record: BibRecord, withMarc: boolean): Omit<BibRecord, 'marc'> & { marc?: BibRecord['marc'] } {
  if (withMarc) return record;
  const { marc: _marc, ...rest } = record;
  return rest;
}

export function libraryView(library: LibraryConfig, health?: HealthSummary) {
  return {
    id: library.id,
    name: library.name,
    category: library.category,
    adapter: library.adapter,
    service: library.service,
    lenderCode: library.ill.lenderCode,
    ...(health ? { health } : {}),
  };
}

export function resultSetView(set: ResultSet, offset: number, limit: number, withMarc: boolean, fromCache?: boolean) {
  const page = set.records.slice(offset, offset + limit);
  return {
    resultSetId: set.id,
    createdAt: set.createdAt,
    ...(fromCache === undefined ? {} : { fromCache }),
    elapsedMs: set.elapsedMs,
    total: set.records.length,
    hits: set.statuses.reduce((sum, s) => sum + s.hits, 0),
    offset,
    limit,
    records: page.map((r) => recordView(r, withMarc)),
    libraries: set.statuses,
  };
}
