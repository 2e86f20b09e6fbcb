/**
 * Relations between clusters that must stay apart: a volume and its set, other editions,
 * the e-book beside the print book, a translation beside its original. Found through the
 * same kind of key maps as the clustering (shared ISBN, work key, set key, title key);
 * large buckets are capped so a title printed by fifty presses stays linear.
 */
import type { ClusterRelation, RelationKind, SetGroup } from './types.ts';

/** What relations need to know of one cluster (the union over its records' profiles). */
export interface ClusterFacts {
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
}

const BUCKET_CAP = 50;

export function compareVolumes(a: string, b: string): number {
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
    for (const key of new Set(keysOf(f))) {
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
  const add = (from: ClusterFacts, kind: RelationKind, to: ClusterFacts) => {
    if (from.id === to.id) return;
    const list = (out.get(from.id) as { relations: ClusterRelation[] }).relations;
    if (!list.some((r) => r.kind === kind && r.clusterId === to.id)) list.push({ kind, clusterId: to.id });
  };
  const pairs = (list: readonly ClusterFacts[], each: (a: ClusterFacts, b: ClusterFacts) => void) => {
    const capped = list.slice(0, BUCKET_CAP);
    for (let i = 0; i < capped.length; i++) for (let j = i + 1; j < capped.length; j++) each(capped[i] as ClusterFacts, capped[j] as ClusterFacts);
  };
  const volumeOrEdition = (a: ClusterFacts, b: ClusterFacts) => {
    if (a.electronic !== b.electronic) {
      add(a, 'related', b);
      add(b, 'related', a);
    } else if (a.volume && !b.volume) add(a, 'volume-of', b);
    else if (b.volume && !a.volume) add(b, 'volume-of', a);
    else if (!a.volume && !b.volume) {
      add(a, 'other-edition', b);
      add(b, 'other-edition', a);
    } else if (a.volume === b.volume) {
      add(a, 'other-edition', b);
      add(b, 'other-edition', a);
    }
  };

  // An ISBN one cluster owns and another lists: the set listing its volume, or the other carrier.
  const byIsbn = index(facts, (f) => [...f.isbns, ...f.foreignIsbns]);
  for (const list of byIsbn.values()) pairs(list, volumeOrEdition);
  for (const list of index(facts, (f) => f.workKeys).values()) pairs(list, volumeOrEdition);

  for (const [key, list] of index(facts, (f) => [f.setKey])) {
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

  const byTitle = index(facts, (f) => f.titleKeys);
  for (const f of facts) {
    for (const original of f.translationOf) {
      for (const target of (byTitle.get(original) ?? []).slice(0, BUCKET_CAP)) {
        add(f, 'translation', target);
        add(target, 'translation', f);
      }
    }
  }
  for (const entry of out.values()) entry.relations.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.clusterId < b.clusterId ? -1 : 1));
  return out;
}
