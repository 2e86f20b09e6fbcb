/** JSON shapes the API returns (records without their heavy source MARC unless asked). */
import type { LibraryConfig } from '../config/schema.ts';
import type { HealthSummary } from '../gateway/health.ts';
import type { LenderService } from '../holdings/lender-service.ts';
import type { LibraryKnowledge } from '../gateway/gateway.ts';
import type { CapabilityState } from '../gateway/capabilities.ts';
import type { Cluster } from '../merge/types.ts';
import type { BibRecord } from '../records/model.ts';
import type { ResultSet } from '../resultsets/store.ts';
import { viewResultSet } from '../resultsets/view.ts';
import { publicStatus, searchSummary } from './public-status.ts';
import type { ViewParams } from './view-params.ts';
// The answers are checked here against the schemas the OpenAPI document and the browser client use.
import type { Cluster as ClusterAnswer, ClusterSummary, Library as LibraryAnswer, ResultPage, SourceRecord } from './schemas/responses.ts';

export function recordView(record: BibRecord, withMarc: boolean): Omit<BibRecord, 'marc'> & { marc?: BibRecord['marc'] } & SourceRecord {
  if (withMarc) return record;
  // Copied key by key, never reading `marc`: a set read from Redis expands a record's MARC only when something reads it.
  const rest: Partial<BibRecord> = {};
  for (const key of Object.keys(record) as (keyof BibRecord)[]) if (key !== 'marc') (rest as Record<string, unknown>)[key] = record[key];
  return rest as Omit<BibRecord, 'marc'>;
}

export function clusterView(cluster: Cluster, withMarc: boolean): ClusterAnswer {
  return { ...cluster, records: cluster.records.map((r) => recordView(r, withMarc)) };
}

/**
 * A cluster as result lists and the stream show it: without its source records (each a full
 * record with copies, about two thirds of a page's bytes), which /clusters/:id carries; with
 * them when asked for (records=1, marc=1).
 */
export function clusterSummaryView(cluster: Cluster, view: Pick<ViewParams, 'withMarc' | 'withRecords'>): ClusterSummary {
  if (view.withRecords) return clusterView(cluster, view.withMarc);
  const { records: _records, ...summary } = cluster;
  return summary;
}

/** `service` is the library's status as every verdict uses it: the configured fields plus `source` and `asOf`. */
export function libraryView(library: LibraryConfig, health?: HealthSummary & LibraryKnowledge, service?: LenderService, capabilities?: CapabilityState): LibraryAnswer {
  return {
    id: library.id,
    name: library.name,
    category: library.category,
    adapter: library.adapter,
    service: service ? { ...library.service, ...service } : library.service,
    lenderCode: library.ill.lenderCode,
    capabilities: capabilityView(capabilities, health !== undefined),
    ...(health ? { health } : {}),
  };
}

/** A library's capability record; a failed probe's message (it may name hosts) only for librarians. */
function capabilityView(state: CapabilityState | undefined, librarian: boolean): LibraryAnswer['capabilities'] {
  const known = state?.capabilities;
  const probe = state?.lastProbe;
  return {
    known: known !== undefined,
    configured: state?.configured ?? false,
    ...(known ? { indexes: known.indexes, source: known.source, at: known.at, ...(known.facts ? { facts: known.facts } : {}) } : {}),
    ...(probe ? { lastProbe: { at: probe.at, outcome: probe.outcome, ...(librarian && probe.error ? { error: probe.error } : {}) } } : {}),
    ...(state?.nextProbeAt ? { nextProbeAt: state.nextProbeAt } : {}),
  };
}

/** The merged works of a result set, filtered and sorted as asked, one page of them, with facets over the whole set. */
export function resultSetView(set: ResultSet, view: ViewParams, libraries: readonly LibraryConfig[], fromCache?: boolean): ResultPage {
  const shown = viewResultSet(set, view, libraries);
  return {
    resultSetId: set.id,
    createdAt: set.createdAt,
    ...(fromCache === undefined ? {} : { fromCache }),
    elapsedMs: set.elapsedMs,
    /** Hits the libraries reported, before merging. */
    hits: set.statuses.reduce((sum, s) => sum + s.hits, 0),
    records: set.records.length,
    /** Merged works after the filters. */
    total: shown.total,
    offset: view.offset,
    limit: view.limit,
    sort: view.sort,
    filters: view.filters,
    clusters: shown.page.map((c) => clusterSummaryView(c, view)),
    facets: shown.facets(),
    /** Per library: internal addresses cut, a short zh/en `reason` (src/http/public-status.ts). */
    libraries: set.statuses.map(publicStatus),
    /** Answered vs failed libraries (timeouts, errors), so a page never shows "no results" when nobody answered. */
    summary: searchSummary(set.statuses),
    /** Each library's service status the copies were judged with (`source`, `asOf`). */
    ...(set.services ? { services: set.services } : {}),
  };
}
