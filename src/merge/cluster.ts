/**
 * Incremental grouping of records by shared keys, in two levels:
 *
 * 1. Identifier keys (ISBN, other standard numbers, ISSN, misprinted ISBN + title start)
 *    join records at once, in a union-find that only grows — `add` is O(keys).
 * 2. Title keys, and ISBNs that may be a set's, join those identifier groups when the
 *    snapshot is taken, with vetoes a growing union-find cannot express: groups whose own
 *    ISBNs, volumes, stated editions, bindings or subtitles disagree are never joined, and
 *    a group that agrees with two that disagree joins neither (two presses' 红楼梦 of the
 *    same year, and the record without ISBN that could be either). A later record can
 *    change a bucket, so level 2 is recomputed from the key maps on each snapshot — linear
 *    in the number of keys; only the groups inside one bucket are compared.
 *
 * The final partition depends only on the set of records, not on their arrival order.
 */
import { addTraits, emptyGroupTraits, traitsConflict, type GroupTraits, type Traits } from './traits.ts';
import type { MatchKey } from './types.ts';

const IDENTIFIER_RULES = new Set(['isbn', 'other-id', 'issn', 'isbn-invalid']);

function isIdentifierKey(key: MatchKey): boolean {
  return IDENTIFIER_RULES.has(key.rule);
}

class UnionFind {
  readonly parent: number[] = [];
  private readonly size: number[] = [];

  make(): number {
    this.parent.push(this.parent.length);
    this.size.push(1);
    return this.parent.length - 1;
  }

  find(n: number): number {
    let root = n;
    while (this.parent[root] !== root) root = this.parent[root] as number;
    // Path compression keeps later finds near O(1).
    while (this.parent[n] !== root) {
      const next = this.parent[n] as number;
      this.parent[n] = root;
      n = next;
    }
    return root;
  }

  union(a: number, b: number): number {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return ra;
    if ((this.size[ra] as number) < (this.size[rb] as number)) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] = (this.size[ra] as number) + (this.size[rb] as number);
    return ra;
  }
}

/** The traits of a node whose keys are not registered yet (shared, read-only). */
const NO_TRAITS: Traits = { isbns: [], volume: '', subtitles: [], binding: '', edition: '' };

/** Whether keys[i]'s text came earlier in the same list or in a list registered before. */
function seenBefore(registered: readonly (readonly MatchKey[])[], keys: readonly MatchKey[], i: number): boolean {
  const text = (keys[i] as MatchKey).key;
  for (let j = 0; j < i; j++) if ((keys[j] as MatchKey).key === text) return true;
  for (const list of registered) for (const k of list) if (k.key === text) return true;
  return false;
}

/** Buckets larger than this (a title printed by dozens of presses) join only when nothing disagrees. */
const PAIRWISE_CAP = 40;

export class ClusterIndex {
  private readonly ids = new UnionFind();
  private readonly idOwner = new Map<string, number>();
  private readonly titleBuckets = new Map<string, number[]>();
  private readonly traitsOf: Traits[] = [];
  /**
   * The key lists registered for each node, as given (kept, not copied: a profile's keys are never
   * changed). Lists, not a Set per node: a record has a dozen keys at most and is re-sent rarely.
   */
  private readonly keysOf: (readonly MatchKey[])[][] = [];

  /** A node for a new record; returns its number. */
  addNode(): number {
    this.traitsOf.push(NO_TRAITS);
    this.keysOf.push([]);
    return this.ids.make();
  }

  /** Registers keys of a node (again, when a record is re-sent: new keys are added, traits replaced). */
  addKeys(node: number, keys: readonly MatchKey[], traits: Traits): void {
    const registered = this.keysOf[node] as (readonly MatchKey[])[];
    this.traitsOf[node] = traits;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as MatchKey;
      if (seenBefore(registered, keys, i)) continue;
      if (isIdentifierKey(key)) {
        const owner = this.idOwner.get(key.key);
        if (owner === undefined) this.idOwner.set(key.key, node);
        else this.ids.union(owner, node);
      } else {
        const bucket = this.titleBuckets.get(key.key);
        if (bucket) bucket.push(node);
        else this.titleBuckets.set(key.key, [node]);
      }
    }
    registered.push(keys);
  }

  /** The current groups of nodes, each sorted, in order of their smallest node. */
  groups(): number[][] {
    const n = this.ids.parent.length;
    const idRoot = new Array<number>(n);
    for (let i = 0; i < n; i++) idRoot[i] = this.ids.find(i);
    // The groups' traits, made when a bucket first joins two groups (most results share no title key).
    let traits: Map<number, GroupTraits> | undefined;
    const traitsOfRoots = (): Map<number, GroupTraits> => {
      const map = new Map<number, GroupTraits>();
      for (let i = 0; i < n; i++) {
        const root = idRoot[i] as number;
        let t = map.get(root);
        if (!t) map.set(root, (t = emptyGroupTraits()));
        addTraits(t, this.traitsOf[i] as Traits);
      }
      return map;
    };

    const level2 = new UnionFind();
    for (let i = 0; i < n; i++) level2.make();
    for (const bucket of this.titleBuckets.values()) {
      if (bucket.length < 2) continue;
      const roots = [...new Set(bucket.map((node) => idRoot[node] as number))];
      if (roots.length < 2) continue;
      const byRoot = (traits ??= traitsOfRoots());
      for (const [a, b] of joinable(roots.map((r) => byRoot.get(r) as GroupTraits))) level2.union(roots[a] as number, roots[b] as number);
    }
    const byRoot = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const root = level2.find(idRoot[i] as number);
      const group = byRoot.get(root);
      if (group) group.push(i);
      else byRoot.set(root, [i]);
    }
    return [...byRoot.values()];
  }
}

/**
 * Which groups of one bucket may be joined. When nothing disagrees, all of them. Otherwise
 * two groups join only when they agree and no third group agrees with one but not the
 * other: a record without ISBN or subtitle between two that disagree could be either, so
 * it joins neither (another key may still place it).
 */
function joinable(groups: readonly GroupTraits[]): [number, number][] {
  const k = groups.length;
  const pairs: [number, number][] = [];
  if (k > PAIRWISE_CAP) {
    for (let i = 1; i < k; i++) if (traitsConflict(groups[0] as GroupTraits, groups[i] as GroupTraits)) return [];
    for (let i = 1; i < k; i++) for (let j = i + 1; j < k; j++) if (traitsConflict(groups[i] as GroupTraits, groups[j] as GroupTraits)) return [];
    for (let i = 1; i < k; i++) pairs.push([0, i]);
    return pairs;
  }
  // agree[i * k + j]: the conflict test is symmetric, so each pair is compared once.
  const agree: boolean[] = new Array<boolean>(k * k).fill(true);
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const ok = traitsConflict(groups[i] as GroupTraits, groups[j] as GroupTraits) === undefined;
      agree[i * k + j] = ok;
      agree[j * k + i] = ok;
    }
  }
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      if (!agree[i * k + j]) continue;
      let same = true;
      for (let c = 0; c < k && same; c++) if (agree[i * k + c] !== agree[j * k + c]) same = false;
      if (same) pairs.push([i, j]);
    }
  }
  return pairs;
}
