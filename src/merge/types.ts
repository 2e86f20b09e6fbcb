/**
 * The merged result list: plain JSON-serializable data, so the result-set cache can store
 * it and the HTTP layer can send it as is.
 */
import type { Holding } from '../holdings/model.ts';
import type { BibRecord, SourceFormat } from '../records/model.ts';

/** Why records are in one cluster; strongest first. */
export type MatchRule = 'isbn' | 'other-id' | 'issn' | 'isbn-invalid' | 'volume-isbn' | 'set-volume' | 'title-author-year' | 'vernacular';

export interface MatchKey {
  rule: MatchRule;
  /** What a person reads: the ISBN-13, "lccn 79012345", or the folded title. */
  value: string;
  /** The exact string records must share. */
  key: string;
}

export interface ClusterMember {
  recordId: string;
  library: string;
  format: SourceFormat;
  /** The strongest key this record shares with another member; 'single' when it is alone. */
  rule: MatchRule | 'single';
  value: string;
  key?: string;
}

/** One library's row in the side-by-side holdings table. */
export interface LibraryHoldings {
  library: string;
  recordIds: string[];
  /** Some copy may be requested by ILL now. */
  eligible: boolean;
  /** Some copy is on the shelf (status available), whatever its ILL eligibility. */
  available: boolean;
  holdings: Holding[];
}

export type RelationKind = 'volume-of' | 'other-edition' | 'other-binding' | 'related' | 'translation';

/** What differs between two related clusters: the veto that kept them apart, with both values. */
export interface RelationReason {
  code: 'edition' | 'year' | 'binding' | 'subtitle' | 'carrier' | 'publisher' | 'isbn' | 'volume' | 'translation';
  /** This cluster's value, then the related cluster's ("第2版", "第1版"). */
  values: [string, string];
  /** "第2版 vs 第1版", "精装 vs 平装". */
  zh: string;
  en: string;
}

export interface ClusterRelation {
  kind: RelationKind;
  clusterId: string;
  /** The related cluster's title (with its volume), so a list can name it without a lookup. */
  title: string;
  /** The identifier or key both share ("csbn 11018.1105"), when one brought them together. */
  via?: string;
  reason?: RelationReason;
}

interface SetVolume {
  volume: string;
  clusterId: string;
  title: string;
}

/** Volumes of one multi-volume set, for display under the set. */
export interface SetGroup {
  key: string;
  title: string;
  /** Clusters describing the set as a whole (usually one). */
  setClusterIds: string[];
  volumes: SetVolume[];
}

/** The best value of each field across the member records (see merged-record.ts for the rules). */
export type MergedRecord = Omit<BibRecord, 'id' | 'library' | 'localId' | 'format' | 'charset' | 'charsetMismatch' | 'holdings' | 'warnings' | 'marc'> & {
  recordIds: string[];
  /** Normalized volume designation ("7", "7.1"), empty for a whole work or set. */
  volume: string;
  /** Which record each chosen field came from (fields taken as a union are not listed). */
  sources: Record<string, string>;
};

export interface Cluster {
  /** Stable: derived from the cluster's strongest key, not from arrival order. */
  id: string;
  merged: MergedRecord;
  members: ClusterMember[];
  /** Every source record, unchanged, in record-id order. */
  records: BibRecord[];
  /** One row per library; libraries with an ILL-eligible copy first. */
  holdings: LibraryHoldings[];
  relations: ClusterRelation[];
  setGroup?: SetGroup;
  libraries: string[];
  eligibleLibraries: string[];
  available: boolean;
  /** Set by rankClusters. */
  score?: number;
}
