/**
 * Where a draft's records come from. Injected, so the lead can wire result sets and merge
 * clusters without this folder knowing src/merge: the default reads Gateway result sets and
 * asks an optional ClusterIndex for clusters.
 */
import type { BibRecord } from '../records/model.ts';
import type { ResultSet } from '../resultsets/store.ts';
import { sameVolume, volumeKey } from '../merge/designations.ts';
import { foldText } from '../merge/normalize-text.ts';

/** What a draft request points at: a merged record, a record in a result set, or a record id alone. */
export type RecordRef =
  | { kind: 'cluster'; resultSetId: string; clusterId: string }
  | { kind: 'record'; resultSetId?: string; recordId: string };

export interface ResolvedRecords {
  /** The cluster's records, or the one record (plus its cluster's records when known). */
  records: BibRecord[];
  /** The record the reference named; for a cluster, absent (the lender's record is chosen later). */
  recordId?: string;
  clusterId?: string;
  resultSetId?: string;
}

/** Why a reference did not resolve; `missing` names the part (404 either way, with a hint). */
export type ResolveFailure = { missing: 'resultSet' | 'cluster' | 'record' | 'clusterSupport' };

export interface IllRecordSource {
  resolve(ref: RecordRef): ResolvedRecords | ResolveFailure | Promise<ResolvedRecords | ResolveFailure>;
  /**
   * The description of one volume of a set, from elsewhere in the same result set: the copy is on
   * the set record (as iPac shows it, "K20/C178/v.7/"), the form wants that volume's title, year and ISBN.
   */
  volumeRecord?(resolved: ResolvedRecords, setRecord: BibRecord, volume: string): BibRecord | undefined | Promise<BibRecord | undefined>;
}

/** The few Cluster fields a draft needs (structurally a src/merge Cluster). */
interface ClusterLike {
  id: string;
  records: BibRecord[];
}

/** Supplied by the lead from src/merge once clusters are kept with result sets. */
export interface ClusterIndex {
  cluster(resultSet: ResultSet, clusterId: string): ClusterLike | undefined;
  /** The cluster a record belongs to, so alternatives can come from the other libraries too. */
  clusterOf?(resultSet: ResultSet, recordId: string): ClusterLike | undefined;
}

/** Sync or async: a shared result-set store answers later, a test stand-in at once. */
export interface ResultSetLookup {
  resultSet(id: string): ResultSet | undefined | Promise<ResultSet | undefined>;
  findRecord?(recordId: string): { resultSet: ResultSet; record: BibRecord } | undefined | Promise<{ resultSet: ResultSet; record: BibRecord } | undefined>;
}

/**
 * Clusters kept on the result set itself (`resultSet.clusters`, as src/merge stores them), read by
 * shape only so this folder does not follow the merge types; absent = no cluster support.
 */
export const resultSetClusters: ClusterIndex = {
  cluster: (set, clusterId) => keptClusters(set)?.find((c) => c.id === clusterId),
  clusterOf: (set, recordId) => keptClusters(set)?.find((c) => c.records.some((r) => r.id === recordId)),
};

function keptClusters(set: ResultSet): ClusterLike[] | undefined {
  const clusters = (set as { clusters?: unknown }).clusters;
  return Array.isArray(clusters) ? (clusters as ClusterLike[]) : undefined;
}

export function isResolveFailure(value: ResolvedRecords | ResolveFailure): value is ResolveFailure {
  return 'missing' in value;
}

interface VolumeCluster extends ClusterLike {
  merged?: { volume?: string; title?: string };
  relations?: { kind: string; clusterId: string }[];
}

/** Best description among a volume cluster's records: one with a year and an ISBN if any. */
function fullest(records: readonly BibRecord[]): BibRecord | undefined {
  return [...records].sort((a, b) => Number(b.year !== undefined) + Number(b.isbns.length > 0) - (Number(a.year !== undefined) + Number(a.isbns.length > 0)))[0];
}

export function gatewayRecordSource(gateway: ResultSetLookup, clusters?: ClusterIndex): IllRecordSource {
  const withCluster = (set: ResultSet, record: BibRecord): ResolvedRecords => {
    const cluster = clusters?.clusterOf?.(set, record.id);
    const records = cluster && cluster.records.some((r) => r.id === record.id) ? cluster.records : [record];
    return { records, recordId: record.id, resultSetId: set.id, ...(cluster ? { clusterId: cluster.id } : {}) };
  };

  return {
    async volumeRecord(resolved, setRecord, volume) {
      const set = resolved.resultSetId ? await gateway.resultSet(resolved.resultSetId) : undefined;
      const kept = set ? (keptClusters(set) as VolumeCluster[] | undefined) : undefined;
      const wanted = volumeKey(volume);
      if (!kept || wanted === '') return undefined;
      const title = foldText(setRecord.title);
      const candidates = kept.filter((c) => c.id !== resolved.clusterId && c.merged?.volume && sameVolume(c.merged.volume, wanted));
      // Linked by the merge as a volume of this set, else the same title proper.
      const linked = candidates.find((c) => resolved.clusterId !== undefined && c.relations?.some((r) => r.kind === 'volume-of' && r.clusterId === resolved.clusterId));
      const byTitle = candidates.find((c) => c.records.some((r) => foldText(r.title) === title));
      const hit = linked ?? byTitle;
      return hit ? fullest(hit.records) : undefined;
    },
    async resolve(ref) {
      if (ref.kind === 'cluster') {
        const set = await gateway.resultSet(ref.resultSetId);
        if (!set) return { missing: 'resultSet' };
        if (!clusters) return { missing: 'clusterSupport' };
        const cluster = clusters.cluster(set, ref.clusterId);
        if (!cluster || cluster.records.length === 0) return { missing: 'cluster' };
        return { records: cluster.records, clusterId: cluster.id, resultSetId: set.id };
      }
      if (ref.resultSetId !== undefined) {
        const set = await gateway.resultSet(ref.resultSetId);
        if (!set) return { missing: 'resultSet' };
        const record = set.records.find((r) => r.id === ref.recordId);
        return record ? withCluster(set, record) : { missing: 'record' };
      }
      const found = await gateway.findRecord?.(ref.recordId);
      return found ? withCluster(found.resultSet, found.record) : { missing: 'record' };
    },
  };
}
