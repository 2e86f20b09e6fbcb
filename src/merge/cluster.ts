/**
 * Incremental grouping of records by shared keys, in two levels:
 *
 * 1. Identifier keys (ISBN, other standard numbers, ISSN, misprinted ISBN + title start)
 *    join records at once, in a union-find that only grows — `add` is O(keys).
 * 2. Title keys join those identifier groups when the snapshot is taken, with one rule
 *    that a growing union-find cannot express: a title key shared by groups with different
 *    valid ISBNs joins nothing (two presses' 红楼梦 of the same year, and the record without
 *    ISBN that could be either). A later record can
 *    turn a bucket from one ISBN into two, so level 2 is recomputed from the key maps on
 *    each snapshot — linear in the number of keys, never pairwise.
 *
 * The final partition depends only on the set of records, not on their arrival order.
 */
import type { MatchKey } from './types.ts';

const IDENTIFIER_RULES = new Set(['isbn', 'other-id', 'issn', 'isbn-invalid']);

export function isIdentifierKey(key: MatchKey): boolean {
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

export class ClusterIndex {
  private readonly ids = new UnionFind();
  private readonly idOwner = new Map<string, number>();
  private readonly titleBuckets = new Map<string, number[]>();
  private readonly isbnsOf: string[][] = [];
  private readonly seenKeys: Set<string>[] = [];

  /** A node for a new record; returns its number. */
  addNode(): number {
    this.isbnsOf.push([]);
    this.seenKeys.push(new Set());
    return this.ids.make();
  }

  /** Registers keys of a node (again, when a record is re-sent: new keys are added). */
  addKeys(node: number, keys: readonly MatchKey[], isbns: readonly string[]): void {
    const seen = this.seenKeys[node] as Set<string>;
    const own = this.isbnsOf[node] as string[];
    for (const isbn of isbns) if (!own.includes(isbn)) own.push(isbn);
    for (const key of keys) {
      if (seen.has(key.key)) continue;
      seen.add(key.key);
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
  }

  /** The current groups of nodes, each sorted, in order of their smallest node. */
  groups(): number[][] {
    const n = this.ids.parent.length;
    const idRoot = new Array<number>(n);
    for (let i = 0; i < n; i++) idRoot[i] = this.ids.find(i);
    // ISBN signature of each identifier group: empty = no valid ISBN.
    const signed = new Array<boolean>(n).fill(false);
    for (let i = 0; i < n; i++) if ((this.isbnsOf[i] as string[]).length > 0) signed[idRoot[i] as number] = true;

    const level2 = new UnionFind();
    for (let i = 0; i < n; i++) level2.make();
    for (const bucket of this.titleBuckets.values()) {
      if (bucket.length < 2) continue;
      const roots = [...new Set(bucket.map((node) => idRoot[node] as number))];
      if (roots.length < 2) continue;
      // Two ISBN groups in one bucket: a record without ISBN could belong to either, so
      // this bucket joins nothing (another key may still place it).
      if (roots.filter((r) => signed[r]).length > 1) continue;
      for (let i = 1; i < roots.length; i++) level2.union(roots[0] as number, roots[i] as number);
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
