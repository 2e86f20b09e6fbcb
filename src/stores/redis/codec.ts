/**
 * Result sets as Redis keeps them: the source records once, the clusters pointing at them by
 * id (a cluster's `records` are the same objects as the set's), the whole deflated. The view
 * (facets, pages, holdings text) is never stored; it is computed from this on read.
 */
import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';
import type { Cluster } from '../../merge/types.ts';
import type { BibRecord } from '../../records/model.ts';
import type { ResultSet } from '../../resultsets/store.ts';

const VERSION = 1;

type StoredCluster = Omit<Cluster, 'records'> & { records: string[] };

interface Stored {
  v: number;
  set: Omit<ResultSet, 'clusters'> & { clusters: StoredCluster[] };
  /** Cluster records missing from `records` (not expected; kept whole rather than lost). */
  extra: BibRecord[];
}

export function encodeResultSet(set: ResultSet): Buffer {
  const known = new Set(set.records.map((r) => r.id));
  const extra = new Map<string, BibRecord>();
  const clusters = set.clusters.map((c) => {
    for (const r of c.records) if (!known.has(r.id)) extra.set(r.id, r);
    return { ...c, records: c.records.map((r) => r.id) };
  });
  const stored: Stored = { v: VERSION, set: { ...set, clusters }, extra: [...extra.values()] };
  // Level 1: most of the size gain for a fraction of the time (the codec sits on every search).
  return deflateRawSync(Buffer.from(JSON.stringify(stored)), { level: 1, strategy: constants.Z_DEFAULT_STRATEGY });
}

export function decodeResultSet(bytes: Buffer): ResultSet {
  const stored = JSON.parse(inflateRawSync(bytes).toString('utf8')) as Stored;
  if (stored.v !== VERSION) throw new Error(`result set stored in format ${stored.v}, this gateway reads ${VERSION}`);
  const byId = new Map<string, BibRecord>();
  for (const r of stored.set.records) byId.set(r.id, r);
  for (const r of stored.extra) byId.set(r.id, r);
  const clusters: Cluster[] = stored.set.clusters.map((c) => ({ ...c, records: c.records.map((id) => byId.get(id)).filter((r): r is BibRecord => r !== undefined) }));
  return { ...stored.set, clusters };
}
