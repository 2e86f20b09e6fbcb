/**
 * Relations between clusters that must stay apart: a volume and its set, other editions,
 * the e-book beside the print book, a translation beside its original. Found through the
 * same kind of key maps as the clustering (shared ISBN, work key, set key, title key);
 * large buckets are capped so a title printed by fifty presses stays linear.
 */
import { describeDifference, type ReasonFacts } from './relation-reasons.ts';
import type { ClusterRelation, RelationKind, RelationReason, SetGroup } from './types.ts';

/** What relations need to know of one cluster (the union over its records' profiles). */
export interface ClusterFacts extends ReasonFacts {
  id: string;
  title: string;
  /** Display title of the cluster as a volume ("v. 7: The Ming dynasty"). */
  volumeTitle: string;
  electronic: boolean;
  volume: string;
  isbns: string[];
  foreignIsbns: string[];
  workKeys: string[];
  setKey: string;
  setTitle: string;
  titleKeys: string[];
  translationOf: string[];
  /** 统一书号, LCCN, NCID, set and other-binding ISBNs: shared by manifestations a cataloguer keeps apart. */
  sharedIds: string[];
}

const BUCKET_CAP = 50;

function compareVolumes(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const d = /^\d+$/u.test(x) && /^\d+$/u.test(y) ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
    if (d !== 0) return d;
  }
  return 0;
}

function index(facts: readonly ClusterFacts[], keysOf: (f: ClusterFacts) => readonly string[]): Map<string, ClusterFacts[]> {
  const map = new Map<string, ClusterFacts[]>();
  for (const f of facts) {
    const keys = keysOf(f);
    for (const key of keys.length < 2 ? keys : new Set(keys)) {
      const list = map.get(key);
      if (list) list.push(f);
      else map.set(key, [f]);
    }
  }
  return map;
}

export function relateClusters(facts: readonly ClusterFacts[]): Map<string, { relations: ClusterRelation[]; setGroup?: SetGroup }> {
  const out = new Map<string, { relations: ClusterRelation[]; setGroup?: SetGroup }>();
  for (const f of facts) out.set(f.id, { relations: [] });
  const add = (from: ClusterFacts, kind: RelationKind, to: ClusterFacts, via?: string, reason?: RelationReason) => {
    if (from.id === to.id) return;
    const list = (out.get(from.id) as { relations: ClusterRelation[] }).relations;
    const known = list.find((r) => r.clusterId === to.id);
    const relation: ClusterRelation = { kind, clusterId: to.id, title: to.volume ? to.volumeTitle : to.title };
    if (via) relation.via = via;
    if (reason) relation.reason = reason;
    if (!known) list.push(relation);
    // A shared identifier explains a relation better than a shared title: keep the first with a via.
    else if (known.kind === kind && !known.via && via) Object.assign(known, relation);
  };
  const pairs = (list: readonly ClusterFacts[], each: (a: ClusterFacts, b: ClusterFacts) => void) => {
    if (list.length < 2) return;
    const capped = list.slice(0, BUCKET_CAP);
    for (let i = 0; i < capped.length; i++) for (let j = i + 1; j < capped.length; j++) each(capped[i] as ClusterFacts, capped[j] as ClusterFacts);
  };
  const both = (a: ClusterFacts, b: ClusterFacts, via: string | undefined) => {
    const ab = describeDifference(a, b);
    const ba = describeDifference(b, a);
    add(a, ab.kind, b, via, ab.reason);
    add(b, ba.kind, a, via, ba.reason);
  };
  const volumeOrEdition = (via: string | undefined) => (a: ClusterFacts, b: ClusterFacts) => {
    if (a.electronic !== b.electronic) both(a, b, via);
    else if (a.volume && !b.volume) add(a, 'volume-of', b, via);
    else if (b.volume && !a.volume) add(b, 'volume-of', a, via);
    else if (a.volume === b.volume) both(a, b, via);
  };

  // Identifiers that outlive an edition or a binding: the clearest relations, found first.
  for (const [id, list] of index(facts, (f) => f.sharedIds)) pairs(list, volumeOrEdition(id));
  // An ISBN one cluster owns and another lists: the set listing its volume, or the other carrier.
  const byIsbn = index(facts, (f) => [...f.isbns, ...f.foreignIsbns]);
  for (const [isbn, list] of byIsbn) pairs(list, volumeOrEdition(`ISBN ${isbn}`));
  for (const list of index(facts, (f) => f.workKeys).values()) pairs(list, volumeOrEdition(undefined));

  for (const [key, list] of index(facts, (f) => [f.setKey])) {
    // One cluster alone is never a set group (a volume needs its set or another volume).
    if (list.length < 2) continue;
    const volumes = list.filter((f) => f.volume !== '').sort((a, b) => compareVolumes(a.volume, b.volume) || (a.id < b.id ? -1 : 1));
    const sets = list.filter((f) => f.volume === '').sort((a, b) => (a.id < b.id ? -1 : 1));
    if (volumes.length === 0 || (sets.length === 0 && volumes.length < 2)) continue;
    const group: SetGroup = {
      key,
      title: sets[0]?.title ?? (volumes[0] as ClusterFacts).setTitle,
      setClusterIds: sets.map((s) => s.id),
      volumes: volumes.map((v) => ({ volume: v.volume, clusterId: v.id, title: v.volumeTitle })),
    };
    for (const v of volumes) for (const s of sets) add(v, 'volume-of', s);
    for (const f of [...sets, ...volumes]) (out.get(f.id) as { setGroup?: SetGroup }).setGroup = group;
  }

  // Title keys are indexed only when some cluster names an original.
  const byTitle = facts.some((f) => f.translationOf.length > 0) ? index(facts, (f) => f.titleKeys) : new Map<string, ClusterFacts[]>();
  for (const f of facts) {
    for (const original of f.translationOf) {
      for (const target of (byTitle.get(original) ?? []).slice(0, BUCKET_CAP)) {
        add(f, 'translation', target);
        add(target, 'translation', f);
      }
    }
  }
  for (const entry of out.values()) if (entry.relations.length > 1) entry.relations.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.clusterId < b.clusterId ? -1 : 1));
  return out;
}
