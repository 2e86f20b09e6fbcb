/**
 * A session's named result sets: the served-record view of a gateway result set (or of a sort
 * of one), kept by the session so Present and Sort see exactly what Search counted, even after
 * the gateway's cache dropped the set. Limited per session (Bib-1 112 beyond).
 */
import type { LibraryStatus } from '../fanout/status.ts';
import type { Cluster } from '../merge/types.ts';
import type { ServedRecord } from '../sru/serve.ts';
import { Bib1Error } from './bib1-error.ts';

export interface SessionSet {
  items: readonly ServedRecord[];
  statuses: readonly LibraryStatus[];
  /** The merged work behind each item, by item id (sort keys are read from it). */
  clusters: ReadonlyMap<string, Cluster>;
}

export class SessionSets {
  private readonly sets = new Map<string, SessionSet>();

  constructor(private readonly max: number) {}

  /** Throws 30 for an unknown name. */
  get(name: string): SessionSet {
    const set = this.sets.get(name);
    if (!set) throw new Bib1Error(30, name);
    return set;
  }

  /** Checks that `name` may be (re)used before the work of making the set is done. */
  assertWritable(name: string, replace: boolean): void {
    if (this.sets.has(name)) {
      if (!replace) throw new Bib1Error(21, name);
      return;
    }
    if (this.sets.size >= this.max) throw new Bib1Error(112, `at most ${this.max} result sets per session`);
  }

  put(name: string, set: SessionSet, replace = true): void {
    this.assertWritable(name, replace);
    this.sets.set(name, set);
  }
}
