/**
 * Progressive merging: `add` takes each library's records as they arrive; `clusters()`
 * gives the merged list so far. Keys are computed once per record and looked up in maps
 * (cluster.ts); a cluster's merged record and holdings are rebuilt only when its members
 * changed. The result equals `mergeAll` of the same records in any order.
 */
import type { BibRecord } from '../records/model.ts';
import { ClusterIndex } from './cluster.ts';
import { groupHoldings } from './holdings.ts';
import { stableHash } from './hash.ts';
import { compareKeys, profileRecord, strongestKey, type KeyOptions, type RecordProfile } from './keys.ts';
import { editionKey } from './designations.ts';
import { buildMerged } from './merged-record.ts';
import { relateClusters, type ClusterFacts } from './relations.ts';
import type { Cluster, ClusterMember, MatchKey } from './types.ts';

export type MergerOptions = KeyOptions;

interface Entry {
  record: BibRecord;
  profile: RecordProfile;
  node: number;
  version: number;
}

interface Built {
  cluster: Omit<Cluster, 'relations' | 'setGroup'>;
  facts: ClusterFacts;
}

/** The sorted distinct values of one list of every profile (a cluster's members mostly repeat the same values). */
function union(profiles: readonly RecordProfile[], list: (p: RecordProfile) => readonly string[]): string[] {
  // Most clusters of a search are one record, whose lists are mostly empty or one value.
  if (profiles.length === 1) {
    const only = list(profiles[0] as RecordProfile);
    if (only.length < 2) return [...only];
  }
  const seen = new Set<string>();
  for (const p of profiles) for (const value of list(p)) seen.add(value);
  return [...seen].sort();
}

function members(entries: readonly Entry[]): ClusterMember[] {
  if (entries.length === 1) {
    // A record alone shares no key.
    const { id, library, format } = (entries[0] as Entry).record;
    return [{ recordId: id, library, format, rule: 'single', value: id }];
  }
  const count = new Map<string, number>();
  for (const e of entries) for (const k of e.profile.keys) count.set(k.key, (count.get(k.key) ?? 0) + 1);
  return entries.map((e): ClusterMember => {
    let shared: MatchKey | undefined;
    for (const k of e.profile.keys) if ((count.get(k.key) ?? 0) > 1 && (shared === undefined || compareKeys(k, shared) < 0)) shared = k;
    const { id, library, format } = e.record;
    // One literal per shape (no spread): these are built for every member on every snapshot.
    return shared ? { recordId: id, library, format, rule: shared.rule, value: shared.value, key: shared.key } : { recordId: id, library, format, rule: 'single', value: id };
  });
}

function build(entries: readonly Entry[]): Built {
  const sorted = [...entries].sort((a, b) => (a.record.id < b.record.id ? -1 : 1));
  const records = sorted.map((e) => e.record);
  const profiles = sorted.map((e) => e.profile);
  let strongest: MatchKey | undefined;
  for (const p of profiles) {
    const best = strongestKey(p.keys);
    if (best && (strongest === undefined || compareKeys(best, strongest) < 0)) strongest = best;
  }
  const id = `c${stableHash(strongest?.key ?? `record|${(records[0] as BibRecord).id}`)}`;
  const merged = buildMerged(records, profiles);
  const holdings = groupHoldings(records, merged.volume);
  const cluster: Built['cluster'] = {
    id,
    merged,
    members: members(sorted),
    records,
    holdings,
    libraries: holdings.map((h) => h.library).sort(),
    eligibleLibraries: holdings.filter((h) => h.eligible).map((h) => h.library),
    available: holdings.some((h) => h.available),
  };
  const part = [merged.partNumber, merged.partName].filter(Boolean).join(': ');
  const setSource = profiles.find((p) => p.volume !== '') ?? (profiles[0] as RecordProfile);
  const facts: ClusterFacts = {
    id,
    title: merged.title,
    volumeTitle: part || merged.title,
    electronic: profiles.some((p) => p.electronic),
    volume: merged.volume,
    isbns: union(profiles, (p) => p.isbns),
    foreignIsbns: union(profiles, (p) => p.foreignIsbns),
    workKeys: union(profiles, (p) => p.workKeys),
    setKey: setSource.setKey,
    setTitle: setSource.setTitle,
    titleKeys: union(profiles, (p) => p.titleKeys),
    translationOf: union(profiles, (p) => p.translationOf),
    sharedIds: union(profiles, (p) => p.sharedIds),
    edition: merged.edition ?? '',
    editionKey: editionKey(merged.edition),
    year: merged.year === undefined ? '' : String(merged.year),
    binding: profiles.find((p) => p.traits.binding !== '')?.traits.binding ?? '',
    subtitle: merged.subtitle ?? '',
    subtitleKeys: union(profiles, (p) => p.traits.subtitles),
    publisher: merged.publisher ?? '',
  };
  return { cluster, facts };
}

/**
 * A title key or a possibly shared ISBN can be the strongest key of two clusters a veto
 * kept apart: those clusters take the smallest record id into their id as well.
 */
function distinctIds(built: readonly Built[]): Built[] {
  const count = new Map<string, number>();
  for (const b of built) count.set(b.cluster.id, (count.get(b.cluster.id) ?? 0) + 1);
  if (built.every((b) => count.get(b.cluster.id) === 1)) return [...built];
  return built.map((b) => {
    if (count.get(b.cluster.id) === 1) return b;
    const id = `c${stableHash(`${b.cluster.id}|${b.cluster.merged.recordIds[0] ?? ''}`)}`;
    return { cluster: { ...b.cluster, id }, facts: { ...b.facts, id } };
  });
}

export class Merger {
  private readonly options: MergerOptions;
  private readonly index = new ClusterIndex();
  private readonly entries: Entry[] = [];
  private readonly byId = new Map<string, Entry>();
  /** Built clusters by member signature: unchanged clusters are reused on the next snapshot. */
  private cache = new Map<string, Built>();
  private snapshot: Cluster[] | undefined;
  /** The index's groups with their member signatures, as of the last add (prepare and clusters share them). */
  private grouped: { entries: Entry[]; signature: string }[] | undefined;

  constructor(options: MergerOptions = {}) {
    this.options = options;
  }

  /** Adds one library's answer (or any batch). A record id seen before replaces that record. */
  add(records: readonly BibRecord[]): void {
    for (const record of records) {
      const profile = profileRecord(record, this.options);
      const known = this.byId.get(record.id);
      if (known) {
        known.record = record;
        known.profile = profile;
        known.version++;
        this.index.addKeys(known.node, profile.keys, profile.traits);
        continue;
      }
      const entry: Entry = { record, profile, node: this.index.addNode(), version: 0 };
      this.entries.push(entry);
      this.byId.set(record.id, entry);
      this.index.addKeys(entry.node, profile.keys, profile.traits);
    }
    if (records.length > 0) {
      this.snapshot = undefined;
      this.grouped = undefined;
    }
  }

  private groups(): { entries: Entry[]; signature: string }[] {
    return (this.grouped ??= this.index.groups().map((group) => {
      const entries = group.map((node) => this.entries[node] as Entry);
      // groups() lists each group's nodes in ascending order, so the signature needs no sort.
      let signature = '';
      for (const e of entries) signature += `${e.node}:${e.version},`;
      return { entries, signature };
    }));
  }

  /**
   * Builds the clusters that changed since the last snapshot a slice at a time (`slices`:
   * cpu-turns.ts), so that clusters() then only assembles them: a search's final list of
   * hundreds of works was one turn of 40–140 ms, and every /healthz probe and 503 waited for it.
   */
  async prepare(slices: { due(): boolean; next(): Promise<void> }): Promise<void> {
    if (this.snapshot) return;
    for (const { entries, signature } of this.groups()) {
      if (slices.due()) await slices.next();
      if (!this.cache.has(signature)) this.cache.set(signature, build(entries));
    }
  }

  get recordCount(): number {
    return this.entries.length;
  }

  record(id: string): BibRecord | undefined {
    return this.byId.get(id)?.record;
  }

  /** The merged list, in cluster-id order (rank or sort it for display). */
  clusters(): Cluster[] {
    if (this.snapshot) return this.snapshot;
    const next = new Map<string, Built>();
    const built: Built[] = [];
    for (const { entries, signature } of this.groups()) {
      const item = this.cache.get(signature) ?? build(entries);
      next.set(signature, item);
      built.push(item);
    }
    this.cache = next;
    // Relations are found in cluster-id order, so the first reason found never depends on arrival order.
    const unique = distinctIds(built).sort((a, b) => (a.cluster.id < b.cluster.id ? -1 : a.cluster.id > b.cluster.id ? 1 : 0));
    const related = relateClusters(unique.map((b) => b.facts));
    this.snapshot = unique
      .map((b) => {
        const extra = related.get(b.cluster.id) ?? { relations: [] };
        const cluster: Cluster = { ...b.cluster, relations: extra.relations };
        if (extra.setGroup) cluster.setGroup = extra.setGroup;
        return cluster;
      });
    return this.snapshot;
  }

  /** The cluster holding a record. */
  clusterOf(recordId: string): Cluster | undefined {
    return this.clusters().find((c) => c.merged.recordIds.includes(recordId));
  }
}

/** Batch merge: the same result as adding the records to a Merger in any order. */
export function mergeAll(records: readonly BibRecord[], options: MergerOptions = {}): Cluster[] {
  const merger = new Merger(options);
  merger.add(records);
  return merger.clusters();
}
